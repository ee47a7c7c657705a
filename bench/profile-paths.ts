/**
 * PROFILE of the path queries on the seed graph and on a synthetic graph 100 times
 * bigger, printing the database hits of each: the path queries must start from the id
 * indexes at both ends and never expand the whole graph, so their db hits should stay
 * about the same when the graph grows a hundredfold around them.
 *
 *   npx tsx bench/profile-paths.ts
 *
 * Runs its own embedded Neo4j (instance "bench", Bolt port 7711, fresh data; never the
 * instance `npm start` or the tests use), and stops it (by its pid) and deletes its data
 * when done. The 100x graph: the seed graph plus 99 copies of it (every id suffixed
 * "--k"), tied together so it is one graph, not 100 islands: every copy's investors also
 * invest in the next copy's rounds (a ring), and every copy of Mistral AI partners with
 * the original, whose degree grows by 99 (a hub next to the queried entities).
 *
 * It reads PROFILE plans, which only a driver session gives, so it talks to the driver
 * directly rather than through the app's gateway.
 */
import fs from 'node:fs';
import neo4j, { type Driver } from 'neo4j-driver';
import { readConfig } from '../src/config.js';
import { Database } from '../src/db/gateway.js';
import { migrate } from '../src/db/migrations.js';
import { EmbeddedNeo4j } from '../src/embedded/neo4j.js';
import { readSeedDir } from '../src/seed/dataset.js';
import { loadSeed } from '../src/seed/load.js';
import { ENTITY_LABELS, RELATIONSHIP_TYPES } from '../src/graph/model.js';
import { asOfBound } from '../src/graph/time.js';
import {
  investorCustomerQuery,
  neighbourhoodQuery,
  pathsQuery,
  shortestPathQuery,
  typesOf,
} from '../src/paths/paths.js';

const COPIES = 99;

interface Case {
  name: string;
  cypher: string;
  params: Record<string, unknown>;
}

const all = typesOf(null);
const CASES: Case[] = [
  {
    name: 'paths asml -> stellantis, maxHops 4',
    cypher: pathsQuery('Organization', 'Organization', 4),
    params: { from: 'asml', to: 'stellantis', types: all, asOf: null, first: neo4j.int(10) },
  },
  {
    name: 'paths asml -> stellantis, maxHops 6',
    cypher: pathsQuery('Organization', 'Organization', 6),
    params: { from: 'asml', to: 'stellantis', types: all, asOf: null, first: neo4j.int(10) },
  },
  {
    name: 'shortestPath arthur-mensch -> asml',
    cypher: shortestPathQuery('Person', 'Organization'),
    params: { from: 'arthur-mensch', to: 'asml', types: all, asOf: null },
  },
  {
    name: 'investorCustomerPaths asml -> stellantis, 4',
    cypher: investorCustomerQuery('Organization', true, 4),
    params: { investor: 'asml', customer: 'stellantis', asOf: null, first: neo4j.int(20) },
  },
  {
    name: 'investorCustomerPaths asml (any), 4',
    cypher: investorCustomerQuery('Organization', false, 4),
    params: { investor: 'asml', customer: null, asOf: null, first: neo4j.int(20) },
  },
  {
    name: 'investorCustomerPaths asml, asOf 2024-12-31',
    cypher: investorCustomerQuery('Organization', false, 4),
    params: { investor: 'asml', customer: null, asOf: asOfBound('2024-12-31'), first: neo4j.int(20) },
  },
  {
    name: 'neighborhood mistral-ai, depth 2',
    cypher: neighbourhoodQuery('Organization', 2),
    params: { id: 'mistral-ai', types: all, asOf: null, limit: neo4j.int(201), keep: neo4j.int(200) },
  },
];

async function main(): Promise<void> {
  const config = readConfig({
    EMBEDDED_NEO4J_INSTANCE: 'bench',
    EMBEDDED_NEO4J_BOLT_PORT: '7711',
    EMBEDDED_NEO4J_HTTP_PORT: '7511',
    EMBEDDED_NEO4J_HEAP: '1g',
    EMBEDDED_NEO4J_PAGECACHE: '256m',
  });
  const embedded = new EmbeddedNeo4j(config.embedded);
  const running = await embedded.start({ tieToParent: true, fresh: true });
  const db = Database.connect({ uri: running.boltUri, user: running.user, password: running.password });
  const driver = neo4j.driver(running.boltUri, neo4j.auth.basic(running.user, running.password), {
    disableLosslessIntegers: true,
  });
  try {
    await migrate(db);
    await loadSeed(db, readSeedDir(config.seedDir));
    const seed = await profileAll(driver);
    const seedSize = await size(driver);
    console.error(`building the 100x graph (${COPIES} copies) ...`);
    await buildCopies(driver);
    const big = await profileAll(driver);
    const bigSize = await size(driver);
    console.log(`\nseed graph: ${seedSize}; 100x graph: ${bigSize}\n`);
    console.log(
      `${'query'.padEnd(48)} ${'db hits (seed)'.padStart(15)} ${'db hits (100x)'.padStart(15)}  rows  index seeks at the ends`,
    );
    for (const c of CASES) {
      const [a, b] = [seed.get(c.name)!, big.get(c.name)!];
      console.log(
        `${c.name.padEnd(48)} ${String(a.hits).padStart(15)} ${String(b.hits).padStart(15)}  ${String(b.rows).padStart(4)}  ${b.seeks}`,
      );
    }
  } finally {
    await driver.close();
    await db.close();
    await running.stop();
    fs.rmSync(embedded.dir, { recursive: true, force: true });
  }
}

interface Profiled {
  hits: number;
  rows: number;
  seeks: string;
}

async function profileAll(driver: Driver): Promise<Map<string, Profiled>> {
  const out = new Map<string, Profiled>();
  for (const c of CASES) {
    const session = driver.session({ defaultAccessMode: neo4j.session.READ });
    try {
      await session.run(c.cypher, c.params); // warm the plan cache; PROFILE counts the same hits either way
      const result = await session.run(`PROFILE ${c.cypher}`, c.params);
      const operators: string[] = [];
      const hits = sumHits(result.summary.profile as unknown as PlanNode, operators);
      out.set(c.name, {
        hits,
        rows: result.records.length,
        seeks:
          operators.filter((o) => o.includes('IndexSeek')).length +
          ' (' +
          [...new Set(operators.filter((o) => /Expand|ShortestPath|Join/.test(o)))].join(', ') +
          ')',
      });
    } finally {
      await session.close();
    }
  }
  return out;
}

interface PlanNode {
  operatorType: string;
  dbHits: number;
  children: PlanNode[];
}

function sumHits(plan: PlanNode, operators: string[]): number {
  operators.push(plan.operatorType.replace(/@.*/, ''));
  return plan.dbHits + plan.children.reduce((n, child) => n + sumHits(child, operators), 0);
}

async function size(driver: Driver): Promise<string> {
  const { records } = await driver.executeQuery(
    'CALL { MATCH (n) WHERE NOT n:Source AND NOT n:SchemaMigration AND NOT n:SeedState RETURN count(n) AS nodes } CALL { MATCH ()-[r]->() RETURN count(r) AS rels } RETURN nodes, rels',
  );
  return `${records[0].get('nodes')} entities, ${records[0].get('rels')} relationships`;
}

/** 99 copies of every entity and relationship, a ring of investments between copies, and a hub. */
async function buildCopies(driver: Driver): Promise<void> {
  const run = (cypher: string, params: Record<string, unknown> = {}) => driver.executeQuery(cypher, params);
  const ks = Array.from({ length: COPIES }, (_, i) => neo4j.int(i + 1));
  for (const label of ENTITY_LABELS) {
    await run(
      `MATCH (n:${label}) WITH collect(n) AS nodes UNWIND $ks AS k UNWIND nodes AS n
               CREATE (c:${label}) SET c = n {.*, id: n.id + '--' + toString(k), dataset: 'bench'}`,
      { ks },
    );
  }
  for (const type of RELATIONSHIP_TYPES) {
    for (const from of ENTITY_LABELS) {
      for (const to of ENTITY_LABELS) {
        await run(
          `MATCH (a:${from})-[r:${type}]->(b:${to}) WHERE a.dataset <> 'bench' WITH collect([a.id, b.id, properties(r)]) AS rels
                   UNWIND $ks AS k UNWIND rels AS rel
                   MATCH (a:${from} {id: rel[0] + '--' + toString(k)}) MATCH (b:${to} {id: rel[1] + '--' + toString(k)})
                   CREATE (a)-[c:${type}]->(b) SET c = rel[2]`,
          { ks },
        );
      }
    }
  }
  for (const from of ['Organization', 'Person'] as const) {
    await run(`MATCH (a:${from})-[r:INVESTED_IN]->(b:FundingRound) WHERE a.dataset = 'bench'
               WITH a, r, b, toInteger(split(b.id, '--')[1]) AS k
               MATCH (next:FundingRound {id: split(b.id, '--')[0] + '--' + toString(k % ${COPIES} + 1)})
               CREATE (a)-[c:INVESTED_IN]->(next) SET c = properties(r)`);
  }
  await run(
    `MATCH (hub:Organization {id: 'mistral-ai'}) UNWIND $ks AS k MATCH (copy:Organization {id: 'mistral-ai--' + toString(k)})
             CREATE (copy)-[:PARTNER_OF {sources: hub.sources, confidence: 'single-source'}]->(hub)`,
    { ks },
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
