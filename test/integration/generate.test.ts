/**
 * The benchmark's generated ecosystem (bench/generate.ts) and the loader's bulk mode:
 * the same seed gives the same graph, a size is met, the records obey the graph model
 * the seed validator enforces, and a bulk load is complete (or replaced whole by the next).
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { generateEcosystem, sizeOf } from '../../bench/generate.js';
import { groupBy } from '../../src/collections.js';
import { migrate } from '../../src/db/migrations.js';
import type { EntityRecord, RelationshipRecord, SeedDataset } from '../../src/seed/dataset.js';
import { graphCounts, loadSeed, loadedHash, relationshipUid } from '../../src/seed/load.js';
import { RELATIONSHIPS, isIsoDate, type Fact } from '../../src/graph/model.js';
import { clearGraph, testDatabase } from '../helpers.js';

const db = testDatabase();
afterAll(() => db.close());

const countBy = <T>(items: T[], key: (item: T) => string) => {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
};

/** The rules of the seed validator that a generated dataset must also keep, each problem named. */
function problems(data: SeedDataset): string[] {
  const out: string[] = [];
  const labelOf = new Map<string, string>();
  for (const e of data.entities) {
    if (labelOf.has(e.id)) out.push(`duplicate id ${e.id}`);
    labelOf.set(e.id, e.label);
  }
  const sourceIds = new Set(data.sources.map((s) => s.id));
  const names = new Set<string>();
  for (const e of data.entities) {
    if (!e.id.startsWith('gen-')) out.push(`${e.id}: not marked generated`);
    if (names.has(e.name.toLowerCase())) out.push(`${e.id}: name "${e.name}" used twice`);
    names.add(e.name.toLowerCase());
    for (const s of [...e.sources, ...e.facts.flatMap((f) => f.sources)])
      if (!sourceIds.has(s)) out.push(`${e.id}: unknown source ${s}`);
  }
  const used = new Set<string>();
  const uids = new Set<string>();
  for (const r of data.relationships) {
    const spec = RELATIONSHIPS[r.type];
    const [from, to] = [labelOf.get(r.from), labelOf.get(r.to)];
    if (!from || !to) out.push(`${relationshipUid(r)}: dangling end`);
    else if (!(spec.from as readonly string[]).includes(from) || !(spec.to as readonly string[]).includes(to))
      out.push(`${relationshipUid(r)}: ${from} -> ${to} not allowed`);
    if (r.from === r.to) out.push(`${relationshipUid(r)}: self-loop`);
    const uid = relationshipUid(r);
    if (uids.has(uid)) out.push(`${uid}: duplicate`);
    uids.add(uid);
    for (const [field, value] of Object.entries(r.fields)) {
      if (!(field in spec.fields)) out.push(`${uid}: field ${field} not in the model`);
      if (spec.fields[field] === 'date' && !isIsoDate(value as string))
        out.push(`${uid}: ${field} is not a date: ${String(value)}`);
    }
    if (r.sources.length === 0 || r.sources.some((s) => !sourceIds.has(s)))
      out.push(`${uid}: missing or unknown source`);
    used.add(r.from).add(r.to);
  }
  for (const e of data.entities) if (!used.has(e.id)) out.push(`${e.id}: in no relationship`);
  return out;
}

/**
 * Gives a few records of a generated dataset the non-empty lists the generator never makes
 * (aliases, contested claims, a link's own facts), so a loader that dropped them would be
 * seen: bulk mode leaves out empty lists only. The values are test data, marked as such.
 */
function withLists(data: SeedDataset): { aliased: EntityRecord; contested: EntityRecord; link: RelationshipRecord } {
  const claim = (property: string, value: Fact['value'], source: string): Fact => ({
    property,
    value,
    sources: [source],
    confidence: 'disputed',
    preferred: false,
  });
  const source = data.sources[0]!.id;
  const orgs = data.entities.filter((e) => e.label === 'Organization');
  const aliased = data.entities.find((e) => e.label === 'Person')!;
  aliased.aliases = ['Test Alias One', 'Test Alias Two'];
  const contested = orgs[1]!;
  contested.aliases = ['Test Org Alias'];
  contested.facts = [
    ...contested.facts.filter((f) => f.property !== 'country'),
    claim('country', 'Testland', source),
    claim('country', 'Otherland', source),
  ];
  const link = data.relationships.find((r) => r.type === 'INVESTED_IN')!;
  link.facts = [claim('stakePercent', 5, source), claim('stakePercent', 7, source)];
  return { aliased, contested, link };
}

/** A stored field; money is stored as <name> and <name>Currency. */
function expectField(props: Record<string, unknown>, name: string, value: unknown, what: string): void {
  if (typeof value === 'object' && value !== null)
    expect({ value: props[name], currency: props[`${name}Currency`] }, what).toEqual(value);
  else expect(props[name], what).toEqual(value);
}

/**
 * A sample of the dataset (the first, middle and last record of every label and type, and
 * the given records), read back from Neo4j and compared field by field with the records.
 */
async function expectStored(
  data: SeedDataset,
  also: { entities?: EntityRecord[]; relationships?: RelationshipRecord[] } = {},
): Promise<void> {
  const pick = <T>(items: T[]) => [
    ...new Set([items[0]!, items[Math.floor(items.length / 2)]!, items[items.length - 1]!]),
  ];
  const entities = [...[...groupBy(data.entities, (e) => e.label).values()].flatMap(pick), ...(also.entities ?? [])];
  const rels = [
    ...[...groupBy(data.relationships, (r) => r.type).values()].flatMap(pick),
    ...(also.relationships ?? []),
  ];
  const sources = pick(data.sources);
  const stored = new Map(
    (
      await db.read<{ id: string; labels: string[]; props: Record<string, unknown> }>(
        'UNWIND $ids AS id MATCH (n {id: id}) WHERE n.dataset = $dataset RETURN n.id AS id, labels(n) AS labels, properties(n) AS props',
        { ids: [...entities, ...sources].map((e) => e.id), dataset: 'generated' },
      )
    ).map((row) => [row.id, row]),
  );
  for (const e of entities) {
    const node = stored.get(e.id);
    expect(node, e.id).toBeDefined();
    expect(node!.labels, e.id).toEqual([e.label]);
    const props = node!.props;
    expect(props.name, e.id).toBe(e.name);
    expect(props.sources, e.id).toEqual(e.sources);
    expect(props.kind, e.id).toBe(e.kind);
    expect(props.series, e.id).toBe(e.series);
    // Bulk mode leaves out an empty list; a non-empty one must be there whole.
    expect(props.aliases ?? [], e.id).toEqual(e.aliases);
    expect(JSON.parse((props.facts as string | undefined) ?? '[]'), e.id).toEqual(e.facts);
    const contested = [...new Set(e.facts.filter((f) => f.confidence === 'disputed').map((f) => f.property))];
    expect(props.disputed ?? [], e.id).toEqual(contested);
    // An uncontested claim is a property of its own; a contested one is not set.
    for (const fact of e.facts)
      expectField(
        props,
        fact.property,
        contested.includes(fact.property) ? undefined : fact.value,
        `${e.id}.${fact.property}`,
      );
  }
  for (const s of sources) {
    const props = stored.get(s.id)?.props;
    expect(props, s.id).toBeDefined();
    expect(stored.get(s.id)!.labels).toEqual(['Source']);
    expect(
      { url: props!.url ?? null, title: props!.title, publisher: props!.publisher, date: props!.date },
      s.id,
    ).toEqual({ url: s.url, title: s.title, publisher: s.publisher, date: s.date });
  }
  const links = new Map(
    (
      await db.read<{ uid: string; type: string; from: string; to: string; props: Record<string, unknown> }>(
        'MATCH (a)-[r]->(b) WHERE r.uid IN $uids RETURN r.uid AS uid, type(r) AS type, a.id AS from, b.id AS to, properties(r) AS props',
        { uids: rels.map(relationshipUid) },
      )
    ).map((row) => [row.uid, row]),
  );
  for (const r of rels) {
    const uid = relationshipUid(r);
    const link = links.get(uid);
    expect(link, uid).toBeDefined();
    expect({ type: link!.type, from: link!.from, to: link!.to }, uid).toEqual({ type: r.type, from: r.from, to: r.to });
    const props = link!.props;
    for (const [field, value] of Object.entries(r.fields)) expectField(props, field, value, `${uid}.${field}`);
    expect(props.sources, uid).toEqual(r.sources);
    expect(props.confidence, uid).toBe(r.confidence);
    expect(JSON.parse((props.facts as string | undefined) ?? '[]'), uid).toEqual(r.facts);
    expect(props.disputed ?? [], uid).toEqual([
      ...new Set(r.facts.filter((f) => f.confidence === 'disputed').map((f) => f.property)),
    ]);
  }
}

describe('generated ecosystem', () => {
  it('is the same for the same seed and differs for another', () => {
    const a = generateEcosystem({ relationships: 10_000, seed: 7 });
    const b = generateEcosystem({ relationships: 10_000, seed: 7 });
    const c = generateEcosystem({ relationships: 10_000, seed: 8 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c.data.relationships)).not.toBe(JSON.stringify(a.data.relationships));
  });

  it.each(['10k', '100k'])('meets the %s size within one per cent and keeps the model rules', (size) => {
    const target = sizeOf(size);
    const { data, probes } = generateEcosystem({ relationships: target });
    expect(data.relationships.length).toBeGreaterThanOrEqual(target);
    expect(data.relationships.length).toBeLessThan(target * 1.01);
    expect(problems(data)).toEqual([]);
    const ids = new Set(data.entities.map((e) => e.id));
    for (const id of [probes.company, probes.investor, probes.customer]) expect(ids.has(id), id).toBe(true);
  });

  it('has the shape of the ecosystem: every relationship type, a few investors in very many rounds', () => {
    const { data } = generateEcosystem({ relationships: 100_000 });
    const types = countBy(data.relationships, (r) => r.type);
    expect(Object.keys(types).sort()).toEqual(Object.keys(RELATIONSHIPS).sort());
    // INVESTED_IN and WORKED_AT lead, as in the seed graph.
    expect(types.INVESTED_IN).toBeGreaterThan(0.2 * data.relationships.length);
    expect(types.WORKED_AT).toBeGreaterThan(0.15 * data.relationships.length);
    const perInvestor = Object.values(
      countBy(
        data.relationships.filter((r) => r.type === 'INVESTED_IN' && r.from.startsWith('gen-investor-')),
        (r) => r.from,
      ),
    ).sort((x, y) => y - x);
    const medianInvestor = perInvestor[Math.floor(perInvestor.length / 2)];
    expect(perInvestor[0]).toBeGreaterThan(50 * medianInvestor);
    const partners = data.relationships.filter((r) => r.type === 'PARTNER_OF');
    expect(partners.some((r) => r.fields.commercial === true)).toBe(true);
    expect(partners.some((r) => r.fields.commercial === false)).toBe(true);
  });

  it('refuses a size it does not know, naming the sizes', () => {
    expect(() => sizeOf('5m')).toThrow('size must be one of 10k, 100k, 1m, got "5m"');
  });
});

describe('bulk load of a generated ecosystem (real Neo4j)', () => {
  beforeEach(async () => {
    await migrate(db);
    await clearGraph(db);
  });

  it('loads every node and relationship, and a second load replaces the first', async () => {
    const { data } = generateEcosystem({ relationships: 10_000, seed: 3 });
    const listed = withLists(data);
    const lines: string[] = [];
    const summary = await loadSeed(db, data, {
      dataset: 'generated',
      bulk: true,
      progress: (line) => lines.push(line),
    });
    const expected = {
      nodes: { ...countBy(data.entities, (e) => e.label), Source: data.sources.length },
      relationships: countBy(data.relationships, (r) => r.type),
    };
    expect(await graphCounts(db)).toEqual(expected);
    expect(summary.relationships).toEqual(expected.relationships);
    expect(
      lines.some((line) => line.includes(`${data.relationships.length}/${data.relationships.length} relationships`)),
    ).toBe(true);
    expect(await loadedHash(db, 'generated')).toBe(data.hash);
    await expectStored(data, { entities: [listed.aliased, listed.contested], relationships: [listed.link] });
    // The test data above, spelled out: the lists are there, and a contested claim sets nothing.
    const [contested] = await db.read<{ aliases: string[]; disputed: string[]; country: string | null }>(
      'MATCH (n:Organization {id: $id}) RETURN n.aliases AS aliases, n.disputed AS disputed, n.country AS country',
      { id: listed.contested.id },
    );
    expect(contested).toEqual({ aliases: ['Test Org Alias'], disputed: ['country'], country: null });

    const again = generateEcosystem({ relationships: 10_000, seed: 4 });
    await loadSeed(db, again.data, { dataset: 'generated', bulk: true });
    expect(await graphCounts(db)).toEqual({
      nodes: { ...countBy(again.data.entities, (e) => e.label), Source: again.data.sources.length },
      relationships: countBy(again.data.relationships, (r) => r.type),
    });
    await expectStored(again.data);
    // Replaced, not merged: what only the first load had is gone, lists and all.
    const gone = [listed.aliased, listed.contested]
      .filter((e) => !again.data.entities.some((other) => other.id === e.id))
      .map((e) => e.id);
    expect(gone.length).toBeGreaterThan(0);
    expect(await db.read('UNWIND $ids AS id MATCH (n {id: id}) RETURN n.id AS id', { ids: gone })).toEqual([]);
  });

  it('marks an interrupted load incomplete, and the next load removes what it left', async () => {
    const { data } = generateEcosystem({ relationships: 10_000, seed: 5 });
    // The database goes away after the second batch of nodes committed: the same Neo4j,
    // with its third node write failing as a lost connection would.
    let nodeWrites = 0;
    const interrupted = new Proxy(db, {
      get(target, prop) {
        if (prop === 'write')
          return async (cypher: string, params?: Record<string, unknown>) => {
            if (/CREATE \(n:/.test(cypher) && ++nodeWrites === 3) throw new Error('the database went away');
            return target.write(cypher, params);
          };
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    await expect(loadSeed(interrupted, data, { dataset: 'generated', bulk: true })).rejects.toThrow(
      'the database went away',
    );
    expect(await loadedHash(db, 'generated')).toBe('incomplete');
    const [{ left }] = await db.read<{ left: number }>("MATCH (n {dataset: 'generated'}) RETURN count(n) AS left");
    expect(left).toBeGreaterThan(0);

    await loadSeed(db, data, { dataset: 'generated', bulk: true });
    expect(await graphCounts(db)).toEqual({
      nodes: { ...countBy(data.entities, (e) => e.label), Source: data.sources.length },
      relationships: countBy(data.relationships, (r) => r.type),
    });
    expect(await loadedHash(db, 'generated')).toBe(data.hash);
    const clash = data.entities.find((e) => e.label === 'Organization')!;
    await expectStored(data, { entities: [clash] });
  });

  it('refuses bulk mode for the seed dataset, which loads all or nothing', async () => {
    const { data } = generateEcosystem({ relationships: 1_000 });
    await expect(loadSeed(db, data, { dataset: 'seed', bulk: true })).rejects.toThrow(
      'bulk mode is for generated datasets',
    );
  });
});
