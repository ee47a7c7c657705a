/** What `npm start` does with the seed files: load when empty or changed, else nothing. */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { EmbeddedNeo4j } from '../../src/embedded/neo4j.js';
import { createLogger } from '../../src/logger.js';
import { App } from '../../src/server/app.js';
import { VALID_SEED, clearGraph, seedFolder, testConfig, testDatabase } from '../helpers.js';

const db = testDatabase();
beforeAll(() => clearGraph(db));
afterAll(() => db.close());

async function startAndStop(seedDir: string): Promise<string[]> {
  const lines: string[] = [];
  const app = new App(testConfig({ SEED_DIR: seedDir }), createLogger('silent'), (line) => lines.push(line));
  await app.start();
  await app.stop();
  return lines;
}

const personName = async () =>
  (await db.read<{ name: string }>('MATCH (p:Person {id: "ada-founder"}) RETURN p.name AS name'))[0]?.name;
const loadedAt = async () =>
  (await db.read<{ at: string }>('MATCH (s:SeedState {dataset: "seed"}) RETURN toString(s.loadedAt) AS at'))[0]?.at;

describe('starting', () => {
  it('names HOST/PORT when the port is taken, before touching the database', async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as net.AddressInfo).port;
    try {
      const app = new App(testConfig({ PORT: String(port) }), createLogger('silent'), () => undefined);
      await expect(app.start()).rejects.toThrow(
        `HOST/PORT must name a free address to listen on (port ${port} is already in use), got "127.0.0.1:${port}"`,
      );
      await app.stop();
    } finally {
      busy.close();
    }
  });
});

describe('seeding on start', () => {
  it('loads an empty graph, skips unchanged files, and reloads changed ones', async () => {
    const dir = seedFolder({ 'a.yaml': VALID_SEED });
    const first = await startAndStop(dir);
    expect(first.join('\n')).toMatch(/seed: loaded \d+ nodes and 3 relationships/);
    expect(await personName()).toBe('Ada Founder');
    const at = await loadedAt();

    const second = await startAndStop(dir);
    expect(second.join('\n')).toMatch(/seed: 1 seed files unchanged since the last load/);
    expect(await loadedAt()).toBe(at);

    fs.writeFileSync(path.join(dir, 'a.yaml'), VALID_SEED.replace('Ada Founder', 'Ada Lovelace-Founder'));
    const third = await startAndStop(dir);
    expect(third.join('\n')).toMatch(/seed: loaded/);
    expect(await personName()).toBe('Ada Lovelace-Founder');
  });

  it('reloads the seed when the graph no longer holds what its files say, though the files are unchanged', async () => {
    const dir = seedFolder({ 'a.yaml': VALID_SEED });
    await startAndStop(dir);
    const links = async () =>
      (await db.read<{ n: number }>('MATCH (:Organization {id: "acme-ai"})-[r]-() RETURN count(r) AS n'))[0].n;
    const before = await links();
    expect(before).toBeGreaterThan(0);
    // A node deleted by hand (or by another load) with its relationships.
    await db.write('MATCH (n:Organization {id: "acme-ai"}) DETACH DELETE n');
    const lines = await startAndStop(dir);
    expect(lines.join('\n')).toMatch(
      /seed: the graph no longer matches the seed files loaded last \(expected 6 nodes and 3 relationships, found 5 and 1\); reloading/,
    );
    expect(await links()).toBe(before);
    // A property changed by hand: the counts match, the content does not.
    await db.write('MATCH (n:Person {id: "ada-founder"}) SET n.name = "Someone Else"');
    expect((await startAndStop(dir)).join('\n')).toMatch(/found 6 and 3, with different content\); reloading/);
    expect(await personName()).toBe('Ada Founder');
    expect((await startAndStop(dir)).join('\n')).toMatch(
      /unchanged since the last load, and the graph still holds them \(6 nodes, 3 relationships\)/,
    );
  });

  it('refuses to start on a bad seed file, naming it, and changes nothing', async () => {
    const before = await personName();
    const dir = seedFolder({
      'a.yaml': VALID_SEED.replace('Ada Founder', 'Someone Else').replace('kind: company', 'kind: startup'),
    });
    const app = new App(testConfig({ SEED_DIR: dir }), createLogger('silent'), () => undefined);
    await expect(app.start()).rejects.toThrow(
      /a\.yaml:\d+: organizations\[0\] "acme-ai", field "kind": must be one of/,
    );
    await app.stop();
    expect(await personName()).toBe(before);
  });
});

describe('a database that cannot be used at start', () => {
  it('the embedded Neo4j failing to start still stops the start, naming the cause', async () => {
    // Its Bolt port is taken by something else, so the project's own Neo4j cannot start.
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(7794, '127.0.0.1', resolve));
    try {
      const config = readConfig({
        PORT: '0',
        LOG_LEVEL: 'silent',
        EMBEDDED_NEO4J_INSTANCE: 'fault-embedded',
        EMBEDDED_NEO4J_BOLT_PORT: '7794',
        EMBEDDED_NEO4J_HTTP_PORT: '7795',
      });
      const app = new App(config, createLogger('silent'), () => undefined);
      await expect(app.start()).rejects.toThrow(/port 7794 \(Bolt\) is already in use by another process/);
      await app.stop();
    } finally {
      busy.close();
      fs.rmSync(new EmbeddedNeo4j(readConfig({ EMBEDDED_NEO4J_INSTANCE: 'fault-embedded' }).embedded).dir, {
        recursive: true,
        force: true,
      });
    }
  });

  it('a bad seed file stops the start even when the database at NEO4J_URI is down', async () => {
    const dir = seedFolder({ 'a.yaml': VALID_SEED.replace('kind: company', 'kind: startup') });
    const app = new App(
      testConfig({ SEED_DIR: dir, NEO4J_URI: 'bolt://127.0.0.1:7796' }),
      createLogger('silent'),
      () => undefined,
    );
    await expect(app.start()).rejects.toThrow(
      /a\.yaml:\d+: organizations\[0\] "acme-ai", field "kind": must be one of/,
    );
    await app.stop();
  });
});
