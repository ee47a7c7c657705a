/**
 * The benchmark's generated ecosystem (bench/generate.ts) and the loader's bulk mode:
 * the same seed gives the same graph, a size is met, the records obey the graph model
 * the seed validator enforces, and a bulk load is complete (or replaced whole by the next).
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { generateEcosystem, sizeOf } from '../../bench/generate.js';
import { migrate } from '../../src/db/migrations.js';
import { isIsoDate, type SeedDataset } from '../../src/seed/dataset.js';
import { graphCounts, loadSeed, loadedHash, relationshipUid } from '../../src/seed/load.js';
import { RELATIONSHIPS } from '../../src/seed/model.js';
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
    for (const s of [...e.sources, ...e.facts.flatMap((f) => f.sources)]) if (!sourceIds.has(s)) out.push(`${e.id}: unknown source ${s}`);
  }
  const used = new Set<string>();
  const uids = new Set<string>();
  for (const r of data.relationships) {
    const spec = RELATIONSHIPS[r.type];
    const [from, to] = [labelOf.get(r.from), labelOf.get(r.to)];
    if (!from || !to) out.push(`${relationshipUid(r)}: dangling end`);
    else if (!(spec.from as readonly string[]).includes(from) || !(spec.to as readonly string[]).includes(to)) out.push(`${relationshipUid(r)}: ${from} -> ${to} not allowed`);
    if (r.from === r.to) out.push(`${relationshipUid(r)}: self-loop`);
    const uid = relationshipUid(r);
    if (uids.has(uid)) out.push(`${uid}: duplicate`);
    uids.add(uid);
    for (const [field, value] of Object.entries(r.fields)) {
      if (!(field in spec.fields)) out.push(`${uid}: field ${field} not in the model`);
      if (spec.fields[field] === 'date' && !isIsoDate(value as string)) out.push(`${uid}: ${field} is not a date: ${String(value)}`);
    }
    if (r.sources.length === 0 || r.sources.some((s) => !sourceIds.has(s))) out.push(`${uid}: missing or unknown source`);
    used.add(r.from).add(r.to);
  }
  for (const e of data.entities) if (!used.has(e.id)) out.push(`${e.id}: in no relationship`);
  return out;
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
    const perInvestor = Object.values(countBy(data.relationships.filter((r) => r.type === 'INVESTED_IN' && r.from.startsWith('gen-investor-')), (r) => r.from)).sort((x, y) => y - x);
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
    const lines: string[] = [];
    const summary = await loadSeed(db, data, { dataset: 'generated', bulk: true, progress: (line) => lines.push(line) });
    const expected = {
      nodes: { ...countBy(data.entities, (e) => e.label), Source: data.sources.length },
      relationships: countBy(data.relationships, (r) => r.type),
    };
    expect(await graphCounts(db)).toEqual(expected);
    expect(summary.relationships).toEqual(expected.relationships);
    expect(lines.some((line) => line.includes(`${data.relationships.length}/${data.relationships.length} relationships`))).toBe(true);
    expect(await loadedHash(db, 'generated')).toBe(data.hash);

    const again = generateEcosystem({ relationships: 10_000, seed: 4 });
    await loadSeed(db, again.data, { dataset: 'generated', bulk: true });
    expect(await graphCounts(db)).toEqual({
      nodes: { ...countBy(again.data.entities, (e) => e.label), Source: again.data.sources.length },
      relationships: countBy(again.data.relationships, (r) => r.type),
    });
  });

  it('marks an interrupted load incomplete, and the next load removes what it left', async () => {
    const { data } = generateEcosystem({ relationships: 10_000, seed: 5 });
    // An Organization id another dataset holds: its batch fails after the sources committed.
    const clash = data.entities.find((e) => e.label === 'Organization')!;
    await db.write("CREATE (:Organization {id: $id, name: 'elsewhere', dataset: 'other'})", { id: clash.id });
    await expect(loadSeed(db, data, { dataset: 'generated', bulk: true })).rejects.toThrow();
    expect(await loadedHash(db, 'generated')).toBe('incomplete');
    const [{ left }] = await db.read<{ left: number }>("MATCH (n {dataset: 'generated'}) RETURN count(n) AS left");
    expect(left).toBeGreaterThan(0);

    await db.write('MATCH (n:Organization {id: $id, dataset: $other}) DELETE n', { id: clash.id, other: 'other' });
    await loadSeed(db, data, { dataset: 'generated', bulk: true });
    expect(await graphCounts(db)).toEqual({
      nodes: { ...countBy(data.entities, (e) => e.label), Source: data.sources.length },
      relationships: countBy(data.relationships, (r) => r.type),
    });
    expect(await loadedHash(db, 'generated')).toBe(data.hash);
  });

  it('refuses bulk mode for the seed dataset, which loads all or nothing', async () => {
    const { data } = generateEcosystem({ relationships: 1_000 });
    await expect(loadSeed(db, data, { dataset: 'seed', bulk: true })).rejects.toThrow('bulk mode is for generated datasets');
  });
});
