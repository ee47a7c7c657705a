/**
 * The database is killed (SIGKILL to its JVM, no shutdown) in the middle of a seed load, on
 * a private embedded Neo4j (instance "fault-kill", Bolt 7792) this test starts itself:
 * nothing of that load survives the restart, and the next run loads it whole.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { Database, Tx } from '../../src/db/gateway.js';
import { migrate } from '../../src/db/migrations.js';
import { EmbeddedNeo4j, type RunningNeo4j } from '../../src/embedded/neo4j.js';
import { ErrorCode } from '../../src/errors.js';
import { readSeedDir } from '../../src/seed/dataset.js';
import { loadSeed } from '../../src/seed/load.js';
import { VALID_SEED, seedFolder, snapshot } from '../helpers.js';

const BOLT_URI = 'bolt://127.0.0.1:7792';
const neo4j = new EmbeddedNeo4j(
  readConfig({
    EMBEDDED_NEO4J_INSTANCE: 'fault-kill',
    EMBEDDED_NEO4J_BOLT_PORT: '7792',
    EMBEDDED_NEO4J_HTTP_PORT: '7793',
    EMBEDDED_NEO4J_HEAP: '512m',
    EMBEDDED_NEO4J_PAGECACHE: '64m',
  }).embedded,
);
const ORGANIZATIONS = 6_000; // three UNWIND batches of 2,000

/** A folder of ORGANIZATIONS organizations, each founded by its own person: a load of many statements. */
function bulkSeed(): string {
  const lines = ['sources:', '  - { id: bulk-source, url: "https://example.org/bulk", title: Bulk }', 'organizations:'];
  for (let i = 0; i < ORGANIZATIONS; i++)
    lines.push(`  - { id: bulk-org-${i}, name: Bulk Org ${i}, kind: company, sources: [bulk-source] }`);
  lines.push('people:');
  for (let i = 0; i < ORGANIZATIONS; i++)
    lines.push(`  - { id: bulk-person-${i}, name: Bulk Person ${i}, sources: [bulk-source] }`);
  lines.push('relationships:');
  for (let i = 0; i < ORGANIZATIONS; i++)
    lines.push(`  - { type: FOUNDED, from: bulk-person-${i}, to: bulk-org-${i}, sources: [bulk-source] }`);
  return seedFolder({ 'bulk.yaml': `${lines.join('\n')}\n` });
}

/**
 * The database, except that the load's transaction SIGKILLs the server just before its
 * `killAt`-th statement, after the earlier ones have written their rows (uncommitted).
 */
class KilledMidLoad extends Database {
  statements = 0;

  constructor(
    private readonly pid: number,
    private readonly killAt: number,
  ) {
    super(
      Database.connect(
        { uri: BOLT_URI, user: 'neo4j', password: neo4j.password() },
        { retryMs: 1000, connectTimeoutMs: 1000 },
      )['driver'],
    );
  }

  override writeTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return super.writeTransaction((tx) => {
      const killing = {
        run: async (cypher: string, params?: Record<string, unknown>) => {
          this.statements += 1;
          if (this.statements === this.killAt) {
            process.kill(this.pid, 'SIGKILL');
            await waitUntilDead(this.pid);
          }
          return tx.run(cypher, params);
        },
      };
      return work(killing as unknown as Tx);
    });
  }
}

let running: RunningNeo4j;
let db: Database;

beforeAll(async () => {
  running = await neo4j.start({ tieToParent: true, fresh: true, progress: () => undefined });
  db = Database.connect({ uri: BOLT_URI, user: 'neo4j', password: neo4j.password() });
  await migrate(db);
}, 240_000);

afterAll(async () => {
  await db?.close();
  await neo4j.stop();
  fs.rmSync(neo4j.dir, { recursive: true, force: true });
});

const bulkCount = async (database: Database) =>
  (await database.read<{ n: number }>('MATCH (n) WHERE n.dataset = "bulk" AND NOT n:SeedState RETURN count(n) AS n'))[0]
    .n;

describe('the database killed in the middle of a seed load', () => {
  it('keeps nothing of that load, and the next run loads it whole', async () => {
    await loadSeed(db, readSeedDir(seedFolder({ 'a.yaml': VALID_SEED })));
    const before = await snapshot(db);
    const bulk = readSeedDir(bulkSeed());

    // Killed before the 3rd statement: the first two batches of nodes are written, not committed.
    const killed = new KilledMidLoad(running.pid, 3);
    try {
      await expect(loadSeed(killed, bulk, { dataset: 'bulk' })).rejects.toMatchObject({
        code: ErrorCode.DATABASE_UNAVAILABLE,
      });
      expect(killed.statements).toBeGreaterThanOrEqual(3);
    } finally {
      await killed.close();
    }

    // A new server on the same data folder recovers from its transaction log.
    await db.close();
    running = await neo4j.start({ tieToParent: true, progress: () => undefined });
    db = Database.connect({ uri: BOLT_URI, user: 'neo4j', password: neo4j.password() });
    expect(await bulkCount(db)).toBe(0);
    expect(await snapshot(db)).toBe(before);

    const summary = await loadSeed(db, bulk, { dataset: 'bulk' });
    expect(summary.nodes).toEqual({ Source: 1, Organization: ORGANIZATIONS, Person: ORGANIZATIONS });
    expect(summary.relationships).toEqual({ FOUNDED: ORGANIZATIONS });
    expect(await bulkCount(db)).toBe(1 + 2 * ORGANIZATIONS);
    const [{ founded }] = await db.read<{ founded: number }>(
      'MATCH (:Person)-[r:FOUNDED]->(o:Organization) WHERE o.dataset = "bulk" RETURN count(r) AS founded',
    );
    expect(founded).toBe(ORGANIZATIONS);
    // The seed dataset that was there before is untouched.
    const [{ ada }] = await db.read<{ ada: string }>('MATCH (p:Person {id: "ada-founder"}) RETURN p.name AS ada');
    expect(ada).toBe('Ada Founder');
  }, 240_000);
});

async function waitUntilDead(pid: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`process ${pid} still runs 5 s after SIGKILL`);
}
