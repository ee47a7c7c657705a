/**
 * The public contract: the queries the README, notebooks and clients rely on, run over
 * HTTP against the real seed data in the real Neo4j, started the way `npm start` starts.
 */
import { describe, expect, it } from 'vitest';
import { readSeedDir } from '../../src/seed/dataset.js';
import { graphCounts } from '../../src/seed/load.js';
import { testConfig } from '../helpers.js';
import { seededApi, type Api } from '../api-helpers.js';

const { db, api } = seededApi(); // empty graph: the app loads the seed files
const graphql: Api['graphql'] = (...args) => api.graphql(...args);

describe('the seeded graph', () => {
  it('holds exactly what the seed files hold', async () => {
    const data = readSeedDir(testConfig().seedDir);
    const counts = await graphCounts(db);
    const expected: Record<string, number> = { Source: data.sources.length };
    for (const entity of data.entities) expected[entity.label] = (expected[entity.label] ?? 0) + 1;
    expect(counts.nodes).toEqual(expected);
    const rels: Record<string, number> = {};
    for (const rel of data.relationships) rels[rel.type] = (rels[rel.type] ?? 0) + 1;
    expect(counts.relationships).toEqual(rels);
  });

  it('gives every entity, relationship and fact at least one source, and every source named exists', async () => {
    const [row] = await db.read<Record<string, number>>(`
      CALL { MATCH (n) WHERE (n:Organization OR n:Person OR n:Product OR n:FundingRound) AND size(coalesce(n.sources, [])) = 0 RETURN count(n) AS nodesWithout }
      CALL { MATCH ()-[r]->() WHERE size(coalesce(r.sources, [])) = 0 RETURN count(r) AS relsWithout }
      CALL { MATCH (n) WHERE n:Organization OR n:Person OR n:Product OR n:FundingRound UNWIND n.sources AS s
             OPTIONAL MATCH (src:Source {id: s}) WITH src WHERE src IS NULL RETURN count(*) AS nodeSourcesMissing }
      CALL { MATCH ()-[r]->() UNWIND r.sources AS s OPTIONAL MATCH (src:Source {id: s}) WITH src WHERE src IS NULL RETURN count(*) AS relSourcesMissing }
      RETURN nodesWithout, relsWithout, nodeSourcesMissing, relSourcesMissing`);
    expect(row).toEqual({ nodesWithout: 0, relsWithout: 0, nodeSourcesMissing: 0, relSourcesMissing: 0 });

    const facts = await db.read<{ facts: string }>(
      'MATCH (n) WHERE n.facts IS NOT NULL RETURN n.facts AS facts UNION ALL MATCH ()-[r]->() WHERE r.facts IS NOT NULL RETURN r.facts AS facts',
    );
    const factSources = facts.flatMap((f) =>
      (JSON.parse(f.facts) as { sources: string[] }[]).map((fact) => fact.sources),
    );
    expect(factSources.length).toBeGreaterThan(100);
    expect(factSources.filter((sources) => sources.length === 0)).toEqual([]);
    const [{ known }] = await db.read<{ known: string[] }>('MATCH (s:Source) RETURN collect(s.id) AS known');
    expect(factSources.flat().filter((id) => !known.includes(id))).toEqual([]);
  });
});

describe('the public queries', () => {
  it('Mistral AI: its founders and where they worked before, with sources', async () => {
    const { data, errors } = await graphql(`
      {
        organization(id: "mistral-ai") {
          id
          name
          sources {
            url
          }
          founders {
            id
            name
            workedAt {
              organization {
                id
                name
              }
              role
              sources {
                url
              }
            }
          }
        }
      }
    `);
    expect(errors).toBeUndefined();
    const org = data!.organization;
    expect(org).toMatchObject({ id: 'mistral-ai', name: 'Mistral AI' });
    expect(org.sources.length).toBeGreaterThan(0);
    // The article itself is a source, without a URL.
    expect(org.sources.some((s: { url: string | null }) => s.url === null)).toBe(true);

    // The article's three French researchers, and no one else (advisers are WORKED_AT).
    const founders = new Map<string, any>(org.founders.map((f: any) => [f.id, f]));
    expect([...founders.keys()].sort()).toEqual(['arthur-mensch', 'guillaume-lample', 'timothee-lacroix']);
    const employers = (id: string) => founders.get(id).workedAt.map((w: any) => w.organization.id);
    expect(employers('arthur-mensch')).toContain('google-deepmind');
    expect(employers('guillaume-lample')).toContain('meta-fair');
    expect(employers('timothee-lacroix')).toContain('meta-fair');
    for (const founder of org.founders) {
      for (const job of founder.workedAt)
        expect(job.sources.length, `${founder.id} at ${job.organization.id}`).toBeGreaterThan(0);
    }
  });

  it('ASML: EUR 1.3 billion for 11 %, leading the EUR 1.7 billion Series C', async () => {
    const { data, errors } = await graphql(`
      {
        organization(id: "asml") {
          name
          investments {
            round {
              id
              series
              announced
              amount {
                value
                currency
              }
              company {
                id
                name
              }
            }
            amount {
              value
              currency
            }
            stakePercent
            lead
            sources {
              url
            }
          }
        }
      }
    `);
    expect(errors).toBeUndefined();
    expect(data!.organization.name).toBe('ASML');
    const seriesC = data!.organization.investments.find((i: any) => i.round.id === 'mistral-ai-series-c');
    expect(seriesC).toMatchObject({
      amount: { value: 1_300_000_000, currency: 'EUR' },
      stakePercent: 11,
      lead: true,
      round: {
        series: 'Series C',
        amount: { value: 1_700_000_000, currency: 'EUR' },
        company: { id: 'mistral-ai', name: 'Mistral AI' },
      },
    });
    expect(seriesC.round.announced).toMatch(/^2025-09/);
    expect(seriesC.sources.length).toBeGreaterThan(1);
  });

  it('Mistral AI: customers Stellantis and BNP Paribas, partner ASML, product Le Chat', async () => {
    const { data, errors } = await graphql(`
      {
        organization(id: "mistral-ai") {
          customers {
            id
            name
          }
          partners {
            id
            name
          }
          products {
            id
            name
          }
        }
      }
    `);
    expect(errors).toBeUndefined();
    const ids = (list: { id: string }[]) => list.map((x) => x.id);
    expect(ids(data!.organization.customers)).toEqual(expect.arrayContaining(['stellantis', 'bnp-paribas']));
    expect(ids(data!.organization.partners)).toContain('asml');
    // A deal in which Mistral AI pays the partner makes Mistral AI the customer, not the supplier.
    expect(ids(data!.organization.customers)).not.toContain('afp');
    expect(data!.organization.products).toContainEqual({ id: 'le-chat', name: 'Le Chat' });
  });

  it('search finds entities by name, as Entity', async () => {
    const { data, errors } = await graphql(`
      {
        search(text: "mistral") {
          id
          name
        }
      }
    `);
    expect(errors).toBeUndefined();
    expect(data!.search[0]).toEqual({ id: 'mistral-ai', name: 'Mistral AI' });
    expect(data!.search.length).toBeGreaterThan(1);
    const accents = await graphql(`
      {
        search(text: "Timothee Lacr") {
          id
          ... on Person {
            founderOf {
              id
            }
          }
        }
      }
    `);
    expect(accents.data!.search[0]).toEqual({ id: 'timothee-lacroix', founderOf: [{ id: 'mistral-ai' }] });
  });

  it('keeps disputes visible: every founding month claimed, each with its sources', async () => {
    const { data } = await graphql(`
      {
        organization(id: "mistral-ai") {
          founded
          foundedYear
          disputed
          facts(property: "founded") {
            value
            confidence
            sources {
              id
            }
          }
        }
      }
    `);
    const org = data!.organization;
    expect(org.foundedYear).toBe(2023);
    expect(org.disputed).toContain('founded');
    expect(org.founded).toBeNull();
    expect(org.facts.map((f: any) => f.value).sort()).toEqual(['2023-04', '2023-05', '2023-06']);
    for (const f of org.facts) {
      expect(f.confidence).toBe('DISPUTED');
      expect(f.sources.length).toBeGreaterThan(0);
    }
  });
});

describe('the rest of the schema', () => {
  it('entity(id) finds any kind of entity, and source(id) a source', async () => {
    const { data, errors } = await graphql(`
      {
        org: entity(id: "mistral-ai") {
          __typename
          id
        }
        person: entity(id: "arthur-mensch") {
          __typename
          id
        }
        product: entity(id: "le-chat") {
          __typename
          id
          ... on Product {
            kind
            developers {
              id
            }
          }
        }
        round: entity(id: "mistral-ai-series-c") {
          __typename
          id
          ... on FundingRound {
            company {
              id
            }
            investments {
              lead
              investor {
                id
              }
            }
          }
        }
        none: entity(id: "nothing-here") {
          id
        }
        source(id: "rtl-nieuws-mistral-2025-09") {
          url
          publisher
          date
        }
      }
    `);
    expect(errors).toBeUndefined();
    expect(data!.org).toEqual({ __typename: 'Organization', id: 'mistral-ai' });
    expect(data!.person).toEqual({ __typename: 'Person', id: 'arthur-mensch' });
    expect(data!.product).toMatchObject({ __typename: 'Product', kind: 'CHATBOT', developers: [{ id: 'mistral-ai' }] });
    expect(data!.round.company).toEqual({ id: 'mistral-ai' });
    expect(data!.round.investments[0]).toEqual({ lead: true, investor: { id: 'asml' } });
    expect(data!.none).toBeNull();
    expect(data!.source).toEqual({ url: null, publisher: 'RTL Nieuws', date: '2025-09' });
  });

  it('relationships(types, direction) returns links as stored, with properties and sources', async () => {
    const { data } = await graphql(`
      {
        organization(id: "asml") {
          out: relationships(types: [INVESTED_IN], direction: OUTGOING) {
            type
            from {
              id
            }
            to {
              id
            }
            properties {
              name
              value
            }
            sources {
              id
            }
          }
          incoming: relationships(types: [INVESTED_IN], direction: INCOMING) {
            type
          }
        }
      }
    `);
    const seriesC = data!.organization.out.find((r: any) => r.to.id === 'mistral-ai-series-c');
    expect(seriesC.type).toBe('INVESTED_IN');
    expect(seriesC.from).toEqual({ id: 'asml' });
    expect(seriesC.properties).toEqual(
      expect.arrayContaining([
        { name: 'stakePercent', value: '11' },
        { name: 'lead', value: 'true' },
      ]),
    );
    expect(seriesC.sources.length).toBeGreaterThan(0);
    expect(data!.organization.incoming).toEqual([]);
  });

  it('suppliers are the reverse of customers', async () => {
    const { data } = await graphql(`
      {
        stellantis: organization(id: "stellantis") {
          suppliers {
            id
          }
        }
        mistral: organization(id: "mistral-ai") {
          suppliers {
            id
          }
        }
      }
    `);
    expect(data!.stellantis.suppliers).toContainEqual({ id: 'mistral-ai' });
    expect(data!.mistral.suppliers).toContainEqual({ id: 'afp' });
  });

  it('search skips stop words the index does not hold', async () => {
    const { data } = await graphql(`
      {
        search(text: "Bank of America") {
          id
        }
      }
    `);
    expect(data!.search[0]).toEqual({ id: 'bank-of-america' });
  });
});

describe('cost and errors', () => {
  it('costs the same Cypher round trips for 10 or 70 organizations with everything nested (no N+1)', async () => {
    const page = (first: number) =>
      graphql(`{ organizations(first: ${first}) { edges { node { name sources { url } founders { name workedAt { organization { name } sources { url } } }
        fundingRounds { amount { value } investments { investor { name } sources { url } } } customers { name } products { name } } } } }`);
    const small = await page(10);
    const large = await page(70);
    const count = (response: typeof small) => response.data!.organizations.edges.length;
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(count(large)).toBe(70);
    expect(count(small)).toBe(10);
    expect(JSON.stringify(large.data).length).toBeGreaterThan(5 * JSON.stringify(small.data).length);
    // One query per (level, relationship) group, batched by DataLoader: not one per item.
    // The shape bounds it: the page, its sources, 5 link types at the first level
    // (FOUNDED, RAISED, CUSTOMER_OF, PARTNER_OF, DEVELOPS), 2 at the second (WORKED_AT,
    // INVESTED_IN) and their sources = 10. A page can cost less (a level with nothing to
    // load, sources already loaded earlier in the request), never more.
    for (const response of [small, large]) expect(response.extensions!.stats!.cypherRoundTrips).toBeLessThanOrEqual(10);
  });

  it('answers an unknown id with null, and a bad argument with BAD_USER_INPUT naming the rule and value', async () => {
    expect(
      (
        await graphql(`
          {
            organization(id: "no-such-org") {
              id
            }
          }
        `)
      ).data,
    ).toEqual({ organization: null });
    const tooMany = await graphql(`
      {
        organizations(first: 500) {
          edges {
            node {
              id
            }
          }
        }
      }
    `);
    expect(tooMany.errors![0]).toMatchObject({
      message: 'first must be between 1 and 100, got 500',
      extensions: { code: 'QUERY_TOO_COMPLEX' },
    });
    const none = await graphql(`
      {
        organizations(first: 0) {
          edges {
            node {
              id
            }
          }
        }
      }
    `);
    expect(none.errors![0]).toMatchObject({
      message: 'first must be between 1 and 100, got 0',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const badSearch = await graphql(`
      {
        search(text: "mistral AND ((", first: 5) {
          id
        }
      }
    `);
    expect(badSearch.errors).toBeUndefined();
    expect(badSearch.data!.search[0].id).toBe('mistral-ai');
  });

  it('refuses queries past the depth and alias limits with QUERY_TOO_COMPLEX, before running them', async () => {
    let deep = 'name';
    for (let i = 0; i < 14; i++) deep = `competitors { ${deep} }`;
    const tooDeep = await graphql(`{ organization(id: "mistral-ai") { ${deep} } }`);
    expect(tooDeep.errors![0]).toMatchObject({
      message: 'query depth must be at most 12, got 16',
      extensions: { code: 'QUERY_TOO_COMPLEX' },
    });
    expect(tooDeep.data).toBeUndefined();
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: search(text: "mistral") { id }`).join(' ');
    const tooMany = await graphql(`{ ${aliases} }`);
    expect(tooMany.errors![0]).toMatchObject({
      message: 'a request may use at most 30 aliases, got 31',
      extensions: { code: 'QUERY_TOO_COMPLEX' },
    });
  });

  it('refuses a body over 1 MB with 413, and serves the next request', async () => {
    const huge = await fetch(`${api.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ search(text: "${'x'.repeat(1_100_000)}") { id } }` }),
    });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(
      (
        await graphql(`
          {
            organization(id: "asml") {
              name
            }
          }
        `)
      ).data,
    ).toEqual({ organization: { name: 'ASML' } });
  });

  it('serves /health and refuses malformed JSON with a 400 that names the problem', async () => {
    const health = await fetch(`${api.base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', database: 'up' });
    const bad = await fetch(`${api.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).errors[0].message).toMatch(/not valid JSON/);
    // …and the next request is unharmed.
    expect(
      (
        await graphql(`
          {
            organization(id: "asml") {
              name
            }
          }
        `)
      ).data,
    ).toEqual({ organization: { name: 'ASML' } });
  });
});
