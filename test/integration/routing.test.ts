/**
 * The API as a cluster deployment runs it: through `neo4j://` (the driver asks the server
 * for a routing table and sends reads to readers, writes to the writer), here against the
 * test Neo4j, whose routing table has one member in every role. Reads go out as READ
 * transactions (a write in one is refused by the server, so a misrouted write would show),
 * and the bookmarks of a seed load reach the reads after it.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { Database } from '../../src/db/gateway.js';
import { readSeedDir } from '../../src/seed/dataset.js';
import { loadSeed } from '../../src/seed/load.js';
import { createLogger } from '../../src/logger.js';
import { App } from '../../src/server/app.js';
import { VALID_SEED, clearGraph, seedFolder, testConfig, testPassword } from '../helpers.js';

const boltUri = inject('neo4jUri');
const routingUri = boltUri.replace(/^bolt(\+s|\+ssc)?:/, 'neo4j$1:');
const db = Database.connect({
  uri: routingUri,
  user: process.env.TEST_NEO4J_USER ?? 'neo4j',
  password: testPassword(),
});
afterAll(() => db.close());

describe('through neo4j:// (routing)', () => {
  it('gets a routing table from the server: one member, writer, reader and router', async () => {
    expect(routingUri).toMatch(/^neo4j/);
    const [table] = await db.read<{ servers: { addresses: string[]; role: string }[] }>(
      "CALL dbms.routing.getRoutingTable({}, 'neo4j') YIELD servers RETURN servers",
    );
    const roles = Object.fromEntries(table.servers.map((s) => [s.role, s.addresses]));
    const member = new URL(boltUri).host;
    expect(roles).toEqual({ WRITE: [member], READ: [member], ROUTE: [member] });
  });

  it('runs reads as READ transactions, which the server refuses to write in, and writes as WRITE', async () => {
    await clearGraph(db);
    await expect(db.read("CREATE (:RoutingProbe {at: 'read'})")).rejects.toMatchObject({
      code: 'Neo.ClientError.Statement.AccessMode',
    });
    await db.write("CREATE (:RoutingProbe {at: 'write'})");
    expect(await db.read<{ at: string }>('MATCH (p:RoutingProbe) RETURN p.at AS at')).toEqual([{ at: 'write' }]);
    await db.write('MATCH (p:RoutingProbe) DELETE p');
  });

  it('carries a seed load’s bookmarks to the reads after it', async () => {
    await clearGraph(db);
    const before = await db.bookmarks();
    const data = readSeedDir(seedFolder({ 'a.yaml': VALID_SEED }));
    await loadSeed(db, data);
    const after = await db.bookmarks();
    expect(after.length).toBeGreaterThan(0);
    expect(after).not.toEqual(before);
    // A second gateway (another API process) reads what the first wrote once it has its bookmarks.
    const other = Database.connect({ uri: routingUri, user: 'neo4j', password: testPassword() }, { bookmarks: after });
    try {
      expect(await other.bookmarks()).toEqual(after);
      const rows = await other.read<{ name: string }>("MATCH (o:Organization {id: 'acme-ai'}) RETURN o.name AS name");
      expect(rows).toEqual([{ name: 'Acme AI' }]);
    } finally {
      await other.close();
    }
  }, 120_000);

  it('serves the API through neo4j://, the seed loaded on start and read back', async () => {
    const app = new App(testConfig({ NEO4J_URI: routingUri }), createLogger('silent'));
    const { port } = await app.start();
    try {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ organization(id: "mistral-ai") { id name } }' }),
      });
      const body = (await response.json()) as {
        data?: { organization: { id: string; name: string } | null };
        errors?: unknown;
      };
      expect(body.errors).toBeUndefined();
      expect(body.data?.organization).toEqual({ id: 'mistral-ai', name: 'Mistral AI' });
    } finally {
      await app.stop();
    }
  }, 240_000);
});
