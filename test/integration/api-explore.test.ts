/**
 * Exploring the ecosystem over HTTP on the seed graph: cursor connections, the graph as of
 * a date, investors, co-investors, alumni and totals, the round-trip budget and the
 * query limits. Expectations come from the graph (plain Cypher), not from seed counts.
 */
import { describe, expect, it } from 'vitest';
import { MAX_ITEMS } from '../../src/limits.js';
import { seededApi, type GraphQLResponse } from '../api-helpers.js';
import { HOLDS, asOfBound } from '../../src/graph/time.js';

const { db, api } = seededApi();

/** Every page of a root connection, following endCursor. */
async function walk(
  field: string,
  args: string,
  first: number,
): Promise<{ ids: string[]; totalCount: number; pages: number }> {
  const ids: string[] = [];
  let after: string | null = null;
  let totalCount = -1;
  let pages = 0;
  for (;;) {
    const response: GraphQLResponse = await api.graphql(
      `query ($after: String) { ${field}(first: ${first}, after: $after${args}) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`,
      { after },
    );
    expect(response.errors).toBeUndefined();
    const page: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string };
      edges: { node: { id: string } }[];
    } = response.data![field];
    totalCount = page.totalCount;
    pages += 1;
    ids.push(...page.edges.map((e) => e.node.id));
    if (!page.pageInfo.hasNextPage) return { ids, totalCount, pages };
    after = page.pageInfo.endCursor;
  }
}

describe('cursor connections', () => {
  it('walk every organization exactly once, in name order', async () => {
    const [{ n }] = await db.read<{ n: number }>('MATCH (o:Organization) RETURN count(o) AS n');
    const { ids, totalCount, pages } = await walk('organizations', '', 7);
    expect(totalCount).toBe(n);
    expect(ids).toHaveLength(n);
    expect(new Set(ids).size).toBe(n);
    expect(pages).toBe(Math.ceil(n / 7));
    const names = await db.read<{ id: string }>(
      'MATCH (o:Organization) RETURN o.id AS id ORDER BY toLower(o.name), o.id',
    );
    expect(ids).toEqual(names.map((r) => r.id));
    const backwards = await walk('organizations', ', orderBy: NAME_DESC', 9);
    expect(backwards.ids).toEqual([...ids].reverse());
  });

  it('walk every person and every round exactly once, whatever the order', async () => {
    const [{ people, rounds }] = await db.read<{ people: number; rounds: number }>(
      'CALL { MATCH (p:Person) RETURN count(p) AS people } CALL { MATCH (r:FundingRound) RETURN count(r) AS rounds } RETURN people, rounds',
    );
    const persons = await walk('people', '', 5);
    expect(new Set(persons.ids).size).toBe(people);
    expect(persons.ids).toHaveLength(people);
    for (const order of ['ANNOUNCED', 'ANNOUNCED_DESC', 'AMOUNT_DESC']) {
      const walked = await walk('fundingRounds', `, orderBy: ${order}`, 2);
      expect(walked.ids, order).toHaveLength(rounds);
      expect(new Set(walked.ids).size, order).toBe(rounds);
    }
  });

  it('filter by kind, country, founding years, text, company and date, as Cypher counts them', async () => {
    const count = async (cypher: string) => (await db.read<{ n: number }>(cypher))[0].n;
    const banks = await walk('organizations', ', kind: BANK', 50);
    expect(banks.totalCount).toBe(await count(`MATCH (o:Organization {kind: 'bank'}) RETURN count(o) AS n`));
    expect(banks.totalCount).toBeGreaterThan(0);
    const french = await walk('organizations', ', country: "France", foundedFrom: 2000', 50);
    expect(french.totalCount).toBe(
      await count(
        `MATCH (o:Organization {country: 'France'}) WHERE coalesce(o.foundedYear, toInteger(left(o.founded, 4))) >= 2000 RETURN count(o) AS n`,
      ),
    );
    expect(french.ids).toContain('mistral-ai');
    const text = await api.graphql(`{ organizations(text: "mistral") { edges { node { id } } } }`);
    expect(text.data!.organizations.edges.map((e: any) => e.node.id)).toContain('mistral-ai');
    const rounds = await walk(
      'fundingRounds',
      ', company: "mistral-ai", announcedFrom: "2024", announcedTo: "2025"',
      50,
    );
    expect(rounds.totalCount).toBe(
      await count(
        `MATCH (:Organization {id: 'mistral-ai'})-[:RAISED]->(r) WHERE left(r.announced, 4) IN ['2024', '2025'] RETURN count(r) AS n`,
      ),
    );
    expect(rounds.ids).toContain('mistral-ai-series-c');
  });

  it('refuses a cursor it did not issue, or one from another list or order', async () => {
    const { errors } = await api.graphql(`{ organizations(after: "not-a-cursor") { totalCount } }`);
    expect(errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(errors![0].message).toMatch(/^after must be a cursor this list returned in the same order/);
    const byName = await api.graphql(`{ organizations(first: 3) { pageInfo { endCursor } } }`);
    const cursor = byName.data!.organizations.pageInfo.endCursor as string;
    for (const query of [
      `{ organizations(first: 3, after: "${cursor}", orderBy: FOUNDED) { totalCount } }`,
      `{ people(first: 3, after: "${cursor}") { totalCount } }`,
      `{ fundingRounds(first: 3, after: "${cursor}") { totalCount } }`,
    ]) {
      const response = await api.graphql(query);
      expect(response.errors?.[0].extensions!.code, query).toBe('BAD_USER_INPUT');
    }
    const forged = Buffer.from(JSON.stringify(['organizations/NAME', { a: 1 }, 'x'])).toString('base64url');
    const bad = await api.graphql(`{ organizations(first: 3, after: "${forged}") { totalCount } }`);
    expect(bad.errors?.[0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(
      (await api.graphql(`{ organizations(first: 3, after: "${cursor}") { totalCount } }`)).errors,
    ).toBeUndefined();
  });

  it("pages an investor's investments in the same order as the plain list on the investor", async () => {
    const { data } = await api.graphql(`{ organization(id: "nvidia") { investments { round { id } } } }`);
    const plain = data!.organization.investments.map((i: { round: { id: string } }) => i.round.id);
    const paged: string[] = [];
    let after: string | null = null;
    do {
      const page: any = await api.graphql(
        `query ($after: String) { investments(investor: "nvidia", first: 2, after: $after) { edges { node { round { id } } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      paged.push(...page.data.investments.edges.map((e: { node: { round: { id: string } } }) => e.node.round.id));
      after = page.data.investments.pageInfo.hasNextPage ? page.data.investments.pageInfo.endCursor : null;
    } while (after);
    expect(paged).toEqual(plain);
    expect(plain.length).toBeGreaterThan(5);
  });
});

describe('the graph as of a date', () => {
  it('Mistral AI investors before ASML invested do not include ASML; without asOf they do (the issue query)', async () => {
    const before = await api.graphql(`{ organization(id: "mistral-ai") { investors(asOf: "2024-12-31") { id } } }`);
    expect(before.errors).toBeUndefined();
    expect(before.data!.organization.investors.map((i: { id: string }) => i.id)).not.toContain('asml');
    expect(before.data!.organization.investors.length).toBeGreaterThan(0);
    const always = await api.graphql(`{ organization(id: "mistral-ai") { investors { id } } }`);
    expect(always.data!.organization.investors.map((i: { id: string }) => i.id)).toContain('asml');
  });

  it('names a bad asOf, written in the query or in a variable, with BAD_USER_INPUT', async () => {
    const literal = await api.graphql('{ organization(id: "mistral-ai") { investors(asOf: 2024) { id } } }');
    expect(literal.errors![0]).toMatchObject({
      message: 'Date must be an ISO date in quotes such as "2025-09-09", "2025-09" or "2025", got 2024',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const variable = await api.graphql(
      'query ($d: Date) { organization(id: "mistral-ai") { investors(asOf: $d) { id } } }',
      { d: '2024-13' },
    );
    expect(variable.errors![0]).toMatchObject({
      message: 'Date must be an ISO date in quotes such as "2025-09-09", "2025-09" or "2025", got "2024-13"',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('compares partial dates by period: a round of "2025-09-09" holds as of "2025-09" and "2025", not "2025-08"', async () => {
    const ids = async (asOf: string) =>
      (
        (await api.graphql(`{ organization(id: "mistral-ai") { investors(asOf: "${asOf}") { id } } }`)).data!
          .organization.investors as { id: string }[]
      ).map((i) => i.id);
    expect(await ids('2025-09')).toContain('asml');
    expect(await ids('2025')).toContain('asml');
    expect(await ids('2025-08')).not.toContain('asml');
  });

  it('dates a round whose announcement the sources dispute, or do not give, by its earliest claim or investment', async () => {
    // Mistral AI's Series A: announced 2023-12-10 or 2023-12-11 (disputed); Microsoft's round: no
    // announcement, one investment dated 2024-02. Neither held in 2020, when Mistral AI did not exist.
    const { data, errors } = await api.graphql(`{ organization(id: "mistral-ai") {
      fundingRounds(asOf: "2020") { id } investors(asOf: "2020") { id } totalRaised(asOf: "2020") { value currency }
      later: fundingRounds(asOf: "2023-12-10") { id } } }`);
    expect(errors).toBeUndefined();
    expect(data!.organization).toMatchObject({ fundingRounds: [], investors: [], totalRaised: [] });
    const later = data!.organization.later.map((r: { id: string }) => r.id);
    expect(later).toContain('mistral-ai-series-a');
    expect(later).not.toContain('mistral-ai-microsoft-investment-2024');
    const [round] = await db.read<{ announced: string | null; startsOn: string }>(
      "MATCH (r:FundingRound {id: 'mistral-ai-series-a'}) RETURN r.announced AS announced, r.startsOn AS startsOn",
    );
    expect(round).toEqual({ announced: null, startsOn: '2023-12-10' });
  });

  it("lists a company's rounds oldest first, a disputed announcement by its earliest claim", async () => {
    const { data } = await api.graphql('{ organization(id: "mistral-ai") { fundingRounds { id } } }');
    const rows = await db.read<{ id: string }>(`
      MATCH (:Organization {id: 'mistral-ai'})-[:RAISED]->(r) RETURN r.id AS id ORDER BY coalesce(r.startsOn, '9999'), r.name`);
    expect(data!.organization.fundingRounds.map((r: { id: string }) => r.id)).toEqual(rows.map((r) => r.id));
    expect(rows.findIndex((r) => r.id === 'mistral-ai-series-a')).toBeLessThan(
      rows.findIndex((r) => r.id === 'mistral-ai-series-b'),
    );
  });

  it('agrees with the Cypher rule the path queries use, for every relationship of Mistral AI and ASML on several dates', async () => {
    for (const id of ['mistral-ai', 'asml', 'arthur-mensch']) {
      for (const asOf of ['2019', '2023-05', '2023-06-30', '2024', '2025-02', '2025-09-08', '2026']) {
        const { data } =
          await api.graphql(`{ entity(id: "${id}") { ... on Organization { relationships(asOf: "${asOf}") { type from { id } to { id } } }
          ... on Person { relationships(asOf: "${asOf}") { type from { id } to { id } } } } }`);
        const api_ = data!.entity.relationships.map((r: any) => `${r.from.id}-${r.type}->${r.to.id}`).sort();
        const cypher = await db.read<{ key: string }>(
          `MATCH (n {id: $id})-[r]-(m) WHERE ${HOLDS('r')} RETURN startNode(r).id + '-' + type(r) + '->' + endNode(r).id AS key`,
          { id, asOf: asOfBound(asOf) },
        );
        expect(api_, `${id} as of ${asOf}`).toEqual(cypher.map((r) => r.key).sort());
      }
    }
  });
});

describe('investors, co-investors, alumni and totals', () => {
  it('totalRaised sums each currency apart, as Cypher does', async () => {
    const { data } = await api.graphql(`{ organization(id: "mistral-ai") { totalRaised { value currency } } }`);
    const rows = await db.read<{ currency: string; value: number }>(`
      MATCH (:Organization {id: 'mistral-ai'})-[:RAISED]->(r) WHERE r.amount IS NOT NULL
      RETURN r.amountCurrency AS currency, sum(r.amount) AS value ORDER BY currency`);
    expect(data!.organization.totalRaised).toEqual(rows);
    expect(rows.length).toBeGreaterThan(1); // EUR and USD: never added up
  });

  it('coInvestors lists who shares rounds, with the rounds, most shared first', async () => {
    const { data } = await api.graphql(
      `{ organization(id: "asml") { coInvestors { investor { id } count rounds { id } } } }`,
    );
    const rows = await db.read<{ id: string; rounds: string[] }>(`
      MATCH (:Organization {id: 'asml'})-[:INVESTED_IN]->(r:FundingRound)<-[:INVESTED_IN]-(other) WHERE other.id <> 'asml'
      RETURN other.id AS id, collect(DISTINCT r.id) AS rounds`);
    const got = data!.organization.coInvestors as {
      investor: { id: string };
      count: number;
      rounds: { id: string }[];
    }[];
    expect(new Set(got.map((c) => c.investor.id))).toEqual(new Set(rows.map((r) => r.id)));
    for (const c of got) {
      expect(c.count).toBe(c.rounds.length);
      expect(c.rounds.map((r) => r.id).sort()).toEqual(rows.find((r) => r.id === c.investor.id)!.rounds.sort());
    }
    expect(got.map((c) => c.count)).toEqual(got.map((c) => c.count).sort((a, b) => b - a));
  });

  it('alumni: where the Google DeepMind and Meta talent went', async () => {
    const { data, errors } = await api.graphql(`{
      deepmind: organization(id: "google-deepmind") { alumni { totalCount edges { node { id } founded { id } jobs { role } } } }
      meta: organization(id: "meta-fair") { alumni(first: 2) { totalCount pageInfo { hasNextPage } edges { node { id } founded { id } } } } }`);
    expect(errors).toBeUndefined();
    const deepmind = data!.deepmind.alumni.edges;
    expect(deepmind).toContainEqual(
      expect.objectContaining({
        node: { id: 'arthur-mensch' },
        founded: expect.arrayContaining([{ id: 'mistral-ai' }]),
      }),
    );
    const metaAll = await api.graphql(
      `{ organization(id: "meta-fair") { alumni(first: 100) { edges { node { id } } } } }`,
    );
    const metaIds = metaAll.data!.organization.alumni.edges.map((e: any) => e.node.id);
    expect(metaIds).toEqual(expect.arrayContaining(['guillaume-lample', 'timothee-lacroix']));
    expect(data!.meta.alumni.totalCount).toBe(metaIds.length);
    expect(data!.meta.alumni.pageInfo.hasNextPage).toBe(metaIds.length > 2);
  });

  it("the root investments connection walks an investor's investments exactly once, as the plain list has them", async () => {
    const [{ n }] = await db.read<{ n: number }>(
      `MATCH (:Organization {id: 'bpifrance'})-[r:INVESTED_IN]->() RETURN count(r) AS n`,
    );
    expect(n).toBeGreaterThan(0);
    const keys: string[] = [];
    let after: string | null = null;
    for (;;) {
      const response: GraphQLResponse = await api.graphql(
        `query ($after: String) { investments(investor: "bpifrance", first: 2, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { investor { id } round { id } } } } }`,
        { after },
      );
      expect(response.errors).toBeUndefined();
      const page = response.data!.investments;
      expect(page.totalCount).toBe(n);
      keys.push(...page.edges.map((e: any) => `${e.node.investor.id}>${e.node.round.id}`));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(keys).toHaveLength(n);
    const list = await api.graphql(`{ organization(id: "bpifrance") { investments { round { id } } } }`);
    expect(new Set(keys)).toEqual(
      new Set(list.data!.organization.investments.map((i: any) => `bpifrance>${i.round.id}`)),
    );
    const byCompany = await api.graphql(
      `{ investments(company: "mistral-ai", asOf: "2024-12-31", first: 100) { edges { node { investor { id } round { company { id } } } } } }`,
    );
    const edges = byCompany.data!.investments.edges;
    expect(edges.length).toBeGreaterThan(0);
    expect(edges.every((e: any) => e.node.round.company.id === 'mistral-ai')).toBe(true);
    expect(edges.map((e: any) => e.node.investor.id)).not.toContain('asml');
  });
});

describe('cost and limits', () => {
  const BUDGET_QUERY = `{ organizations(first: 50) { edges { node { id founders { name workedAt { organization { name } sources { url } } } investors { id } } } } }`;

  it('the 50-organization page with founders, jobs, sources and investors costs at most 8 round trips', async () => {
    const { data, errors, extensions } = await api.graphql(BUDGET_QUERY);
    expect(errors).toBeUndefined();
    const [{ n }] = await db.read<{ n: number }>('MATCH (o:Organization) RETURN count(o) AS n');
    expect(data!.organizations.edges.length).toBe(Math.min(50, n));
    expect(extensions!.stats!.cypherRoundTrips).toBeLessThanOrEqual(8);
    expect(extensions!.stats!.databaseMillis).toBeGreaterThan(0);
    const small = await api.graphql(BUDGET_QUERY.replace('first: 50', 'first: 5'));
    expect(small.extensions!.stats!.cypherRoundTrips).toBeLessThanOrEqual(8);
  });

  it('stops a request whose answer would outgrow the item budget, with one error, and serves the next', async () => {
    // Ten nested lists pass the depth and cost checks (a list without `first` counts once)
    // but would hold millions of entities: the budget stops them while they run.
    let nested = 'id';
    for (let i = 0; i < 10; i++) nested = `partners { id ${nested} }`;
    const started = Date.now();
    const response = await api.graphql(`{ organization(id: "mistral-ai") { ${nested} } }`);
    expect(response.errors).toEqual([
      {
        message: `the answer would hold more than ${MAX_ITEMS} entities, links and sources; ask for fewer nested lists or smaller pages`,
        extensions: { code: 'QUERY_TOO_COMPLEX' },
      },
    ]);
    expect(response.data).toBeNull();
    expect(response.extensions!.stats!.items).toBeGreaterThan(MAX_ITEMS);
    expect(Date.now() - started).toBeLessThan(30_000);
    // `first` in a variable is not in the cost check; the budget still holds.
    const paged = await api.graphql(
      'query ($n: Int) { organizations(first: $n) { edges { node { partners { partners { partners { partners { partners { partners { id } } } } } } } } } }',
      { n: 100 },
    );
    expect(paged.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
    const next = await api.graphql('{ organization(id: "asml") { name } }');
    expect(next).toMatchObject({ data: { organization: { name: 'ASML' } } });
    const within = await api.graphql(BUDGET_QUERY);
    expect(within.errors).toBeUndefined();
    expect(within.extensions!.stats!.items).toBeGreaterThan(0);
    expect(within.extensions!.stats!.items).toBeLessThan(MAX_ITEMS);
  });

  it('adds extensions.stats only when asked with x-debug-stats: 1', async () => {
    const plain = await api.graphql(`{ organization(id: "asml") { name } }`, undefined, {});
    expect(plain.data).toEqual({ organization: { name: 'ASML' } });
    expect(plain.extensions?.stats).toBeUndefined();
  });

  it('refuses depth, aliases, directives and overall cost with QUERY_TOO_COMPLEX before running anything', async () => {
    let deep = 'name';
    for (let i = 0; i < 14; i++) deep = `competitors { ${deep} }`;
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: organization(id: "asml") { id }`).join(' ');
    const directives = Array.from({ length: 21 }, () => '@include(if: true)').join(' ');
    const cases: [string, RegExp][] = [
      [`{ organization(id: "mistral-ai") { ${deep} } }`, /^query depth must be at most 12, got \d+$/],
      [`{ ${aliases} }`, /^a request may use at most 30 aliases, got 31$/],
      [`{ organization(id: "asml") { name ${directives} } }`, /^a request may use at most 20 directives, got 21$/],
      [
        `{ organizations(first: 100) { edges { node { alumni(first: 100) { edges { node { founderOf { fundingRounds { investments { investor { id } } } } } } } } } } }`,
        /^query cost must be at most 20000, got \d+/,
      ],
    ];
    for (const [query, message] of cases) {
      const response = await api.graphql(query);
      expect(response.errors![0].message, query.slice(0, 60)).toMatch(message);
      expect(response.errors![0].extensions!.code).toBe('QUERY_TOO_COMPLEX');
      expect(response.data).toBeUndefined();
      expect(response.extensions?.stats?.cypherRoundTrips ?? 0).toBe(0);
    }
  });
});
