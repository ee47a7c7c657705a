/**
 * How things connect, over HTTP on the seed graph: paths, shortest paths, investor-to-
 * customer paths and neighbourhoods. Expectations come from the graph itself (plain
 * Cypher), not from counts of today's seed files.
 */
import { describe, expect, it } from 'vitest';
import { seededApi } from '../api-helpers.js';

const { db, api } = seededApi();

interface PathJson {
  length: number;
  summary: string;
  nodes: { id: string }[];
  edges: {
    type: string;
    from: { id: string };
    to: { id: string };
    sources: { id: string; url: string | null }[];
    properties?: { name: string; value: string }[];
  }[];
}

const PATH_FIELDS =
  'length summary nodes { id } edges { type from { id } to { id } sources { id url } properties { name value } }';

/** edges[i] joins nodes[i] and nodes[i + 1], and no entity comes twice. */
function expectWellFormed(path: PathJson): void {
  expect(path.edges).toHaveLength(path.length);
  expect(path.nodes).toHaveLength(path.length + 1);
  expect(new Set(path.nodes.map((n) => n.id)).size).toBe(path.nodes.length);
  path.edges.forEach((edge, i) => {
    expect([edge.from.id, edge.to.id].sort()).toEqual([path.nodes[i].id, path.nodes[i + 1].id].sort());
  });
}

describe('investorCustomerPaths', () => {
  it('ASML reaches Stellantis through Mistral AI, every hop with a source, as the issue query asks', async () => {
    const { data, errors } =
      await api.graphql(`{ investorCustomerPaths(investor: "asml", customer: "stellantis", maxHops: 4) {
      length summary nodes { id name } edges { type from { id } to { id } sources { url } } } }`);
    expect(errors).toBeUndefined();
    const paths = data!.investorCustomerPaths as PathJson[];
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) {
      expect(path.nodes[0].id).toBe('asml');
      expect(path.nodes.at(-1)!.id).toBe('stellantis');
      expect(path.length).toBeLessThanOrEqual(4);
      for (const edge of path.edges)
        expect(edge.sources.length, `${edge.type} ${edge.from.id}->${edge.to.id}`).toBeGreaterThan(0);
    }
    expect(paths.some((p) => p.nodes.some((n) => n.id === 'mistral-ai'))).toBe(true);
    const [shortest] = paths;
    expect(shortest.edges.map((e) => e.type)).toEqual(['INVESTED_IN', 'RAISED', 'PARTNER_OF']);
    expect(shortest.summary).toBe(
      "ASML invested EUR 1.3 billion in Mistral AI's Series C (2025-09-09) → Mistral AI supplies Stellantis (since 2025-02)",
    );
  });

  it('without a customer, finds every customer one company away, as plain Cypher does, walking the flow of money and products', async () => {
    const { data, errors } = await api.graphql(
      `{ investorCustomerPaths(investor: "asml", maxHops: 3, first: 100) { ${PATH_FIELDS} } }`,
    );
    expect(errors).toBeUndefined();
    const paths = data!.investorCustomerPaths as PathJson[];
    const expected = await db.read<{ id: string }>(`
      MATCH (:Organization {id: 'asml'})-[:INVESTED_IN]->(:FundingRound)<-[:RAISED]-(c:Organization)<-[r:CUSTOMER_OF|PARTNER_OF]-(cust:Organization)
      WHERE (type(r) = 'CUSTOMER_OF' OR r.commercial = true) AND cust.id <> 'asml'
      RETURN DISTINCT cust.id AS id`);
    expect(new Set(paths.map((p) => p.nodes.at(-1)!.id))).toEqual(new Set(expected.map((r) => r.id)));
    expect(paths.map((p) => p.nodes.at(-1)!.id)).toEqual(expect.arrayContaining(['stellantis', 'bnp-paribas']));
    for (const path of paths) {
      expectWellFormed(path);
      expect(path.edges[0].type).toBe('INVESTED_IN');
      // Buying: CUSTOMER_OF, or PARTNER_OF marked commercial; walked seller -> buyer (stored buyer -> seller).
      const last = path.edges.at(-1)!;
      expect(['CUSTOMER_OF', 'PARTNER_OF']).toContain(last.type);
      if (last.type === 'PARTNER_OF') expect(last.properties).toContainEqual({ name: 'commercial', value: 'true' });
      expect(last.from.id).toBe(path.nodes.at(-1)!.id);
    }
  });

  it('keeps only what held on asOf: before ASML invested, ASML money did not reach Stellantis', async () => {
    const before = await api.graphql(
      `{ investorCustomerPaths(investor: "asml", customer: "stellantis", asOf: "2024-12-31") { length } }`,
    );
    expect(before.errors).toBeUndefined();
    expect(before.data!.investorCustomerPaths).toEqual([]);
    const after = await api.graphql(
      `{ investorCustomerPaths(investor: "asml", customer: "stellantis", asOf: "2025-12-31") { length } }`,
    );
    expect(after.data!.investorCustomerPaths.length).toBeGreaterThan(0);
  });
});

describe('shortestPath', () => {
  it('links Arthur Mensch to ASML as short as plain Cypher does, as the issue query asks', async () => {
    const { data, errors } = await api.graphql(
      `{ shortestPath(from: "arthur-mensch", to: "asml") { length nodes { id } edges { type } } }`,
    );
    expect(errors).toBeUndefined();
    const [{ length }] = await db.read<{ length: number }>(
      `MATCH p = shortestPath((:Person {id: 'arthur-mensch'})-[*..6]-(:Organization {id: 'asml'})) RETURN length(p) AS length`,
    );
    expect(data!.shortestPath.length).toBe(length);
    expect(data!.shortestPath.nodes[0].id).toBe('arthur-mensch');
    expect(data!.shortestPath.nodes.at(-1).id).toBe('asml');
    expect(data!.shortestPath.edges).toHaveLength(length);
  });

  it('walks only the `via` types, and is null where they do not connect', async () => {
    const { data } =
      await api.graphql(`{ viaWork: shortestPath(from: "arthur-mensch", to: "asml", via: [FOUNDED, INVESTED_IN, RAISED]) { length edges { type } }
      none: shortestPath(from: "arthur-mensch", to: "asml", via: [STUDIED_AT]) { length } }`);
    expect(
      data!.viaWork.edges
        .map((e: { type: string }) => e.type)
        .every((t: string) => ['FOUNDED', 'INVESTED_IN', 'RAISED'].includes(t)),
    ).toBe(true);
    expect(data!.viaWork.length).toBe(3); // founded Mistral AI, which raised the round ASML invested in
    expect(data!.none).toBeNull();
  });
});

describe('paths', () => {
  it('finds every simple path up to maxHops, shortest first, as a brute-force Cypher count does', async () => {
    const { data, errors } = await api.graphql(
      `{ paths(from: "asml", to: "stellantis", maxHops: 4, first: 100) { ${PATH_FIELDS} } }`,
    );
    expect(errors).toBeUndefined();
    const paths = data!.paths as PathJson[];
    const [{ count, shortest }] = await db.read<{ count: number; shortest: number }>(`
      MATCH p = (:Organization {id: 'asml'})-[*1..4]-(:Organization {id: 'stellantis'})
      WITH p, nodes(p) AS ns WHERE all(i IN range(0, size(ns) - 2) WHERE NOT ns[i] IN ns[i + 1..])
      RETURN count(p) AS count, min(length(p)) AS shortest`);
    expect(paths).toHaveLength(Math.min(count, 100));
    expect(paths[0].length).toBe(shortest);
    const lengths = paths.map((p) => p.length);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    paths.forEach(expectWellFormed);
    expect(paths.some((p) => p.nodes.some((n) => n.id === 'mistral-ai'))).toBe(true);
    for (const path of paths) for (const edge of path.edges) expect(edge.sources.length).toBeGreaterThan(0);
  });

  it('answers the issue query, and `first` and `via` narrow it', async () => {
    const all = await api.graphql(`{ paths(from: "asml", to: "stellantis", maxHops: 4) { length } }`);
    expect(all.errors).toBeUndefined();
    expect(all.data!.paths.length).toBeGreaterThan(0);
    expect(all.data!.paths.length).toBeLessThanOrEqual(10);
    const money = await api.graphql(
      `{ paths(from: "asml", to: "stellantis", maxHops: 4, via: [INVESTED_IN, RAISED, PARTNER_OF], first: 3) { edges { type } } }`,
    );
    expect(money.data!.paths.length).toBeGreaterThan(0);
    expect(money.data!.paths.length).toBeLessThanOrEqual(3);
    for (const path of money.data!.paths)
      for (const edge of path.edges) expect(['INVESTED_IN', 'RAISED', 'PARTNER_OF']).toContain(edge.type);
  });

  it('costs a bounded number of round trips: the ends, the paths, their sources', async () => {
    const { extensions } =
      await api.graphql(`{ investorCustomerPaths(investor: "asml", customer: "stellantis", maxHops: 4) {
      length summary nodes { id name } edges { type from { id } to { id } sources { url } } } }`);
    expect(extensions!.stats!.cypherRoundTrips).toBeLessThanOrEqual(3);
  });
});

describe('neighborhood', () => {
  it('returns an entity, its direct neighbours and the relationships among them, ready for networkx', async () => {
    const { data, errors } = await api.graphql(
      `{ neighborhood(id: "asml") { truncated directed multigraph nodes { id } edges { source target type } } }`,
    );
    expect(errors).toBeUndefined();
    const graph = data!.neighborhood;
    const expected = await db.read<{ id: string }>(
      `MATCH (:Organization {id: 'asml'})--(m) RETURN DISTINCT m.id AS id`,
    );
    expect(graph.nodes[0].id).toBe('asml');
    expect(new Set(graph.nodes.slice(1).map((n: { id: string }) => n.id))).toEqual(new Set(expected.map((r) => r.id)));
    expect(graph.truncated).toBe(false);
    expect(graph).toMatchObject({ directed: true, multigraph: true });
    const ids = new Set(graph.nodes.map((n: { id: string }) => n.id));
    for (const edge of graph.edges) expect(ids.has(edge.source) && ids.has(edge.target)).toBe(true);
  });

  it('keeps the nearest `limit` entities and says it cut the rest', async () => {
    const { data } = await api.graphql(
      `{ neighborhood(id: "mistral-ai", depth: 2, limit: 5) { truncated nodes { id } } }`,
    );
    expect(data!.neighborhood.nodes).toHaveLength(6);
    expect(data!.neighborhood.truncated).toBe(true);
  });
});

describe('refusals', () => {
  it('names an unknown id with BAD_USER_INPUT', async () => {
    const { errors } = await api.graphql(`{ paths(from: "asml", to: "no-such-thing") { length } }`);
    expect(errors![0]).toMatchObject({
      message: 'to: no entity has the id "no-such-thing"',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const investor = await api.graphql(`{ investorCustomerPaths(investor: "nobody") { length } }`);
    expect(investor.errors![0]).toMatchObject({
      message: 'investor: no entity has the id "nobody"',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('refuses a path from an entity to itself, before any Cypher runs', async () => {
    for (const query of [
      '{ paths(from: "mistral-ai", to: "mistral-ai") { length } }',
      '{ shortestPath(from: "mistral-ai", to: "mistral-ai") { length } }',
    ]) {
      const response = await api.graphql(query);
      expect(response.errors![0], query).toMatchObject({
        message: 'from and to are the same entity ("mistral-ai"); a path joins two different entities',
        extensions: { code: 'BAD_USER_INPUT' },
      });
      expect(response.extensions!.stats!.cypherRoundTrips).toBe(0);
    }
    const own = await api.graphql('{ investorCustomerPaths(investor: "asml", customer: "asml") { length } }');
    expect(own.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('refuses maxHops, depth, limit and first past their limits before any path query runs', async () => {
    const cases: [string, string, string][] = [
      [
        '{ paths(from: "asml", to: "stellantis", maxHops: 60) { length } }',
        'maxHops must be between 1 and 6, got 60',
        'QUERY_TOO_COMPLEX',
      ],
      [
        '{ paths(from: "asml", to: "stellantis", maxHops: 0) { length } }',
        'maxHops must be between 1 and 6, got 0',
        'BAD_USER_INPUT',
      ],
      [
        '{ investorCustomerPaths(investor: "asml", maxHops: 7) { length } }',
        'maxHops must be between 3 and 6, got 7',
        'QUERY_TOO_COMPLEX',
      ],
      [
        '{ paths(from: "asml", to: "stellantis", first: 101) { length } }',
        'first must be between 1 and 100, got 101',
        'QUERY_TOO_COMPLEX',
      ],
      [
        '{ neighborhood(id: "asml", depth: 4) { truncated } }',
        'depth must be between 1 and 3, got 4',
        'QUERY_TOO_COMPLEX',
      ],
      [
        '{ neighborhood(id: "asml", limit: 501) { truncated } }',
        'limit must be between 1 and 500, got 501',
        'QUERY_TOO_COMPLEX',
      ],
    ];
    for (const [query, message, code] of cases) {
      const response = await api.graphql(query);
      expect(response.errors![0], query).toMatchObject({ message, extensions: { code } });
      expect(response.extensions!.stats!.cypherRoundTrips, query).toBe(0);
    }
  });
});
