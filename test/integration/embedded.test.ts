import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { EmbeddedNeo4j } from '../../src/embedded/neo4j.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return condition();
}

async function fetchWhenUp(url: string, timeoutMs: number): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** A POST as a web page elsewhere would send it: its own Origin, and (DNS rebinding) its own Host. */
function postFrom(
  url: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    request.once('error', reject);
    request.end(JSON.stringify(body));
  });
}

describe('embedded Neo4j', () => {
  it('starts an instance once when two starts race, the second reuses the first, and it serves Neo4j Browser', async () => {
    const neo4j = new EmbeddedNeo4j({
      instance: 'race-test',
      boltPort: 7690,
      httpPort: 7477,
      heap: '256m',
      pageCache: '32m',
    });
    const [a, b] = await Promise.all([
      neo4j.start({ tieToParent: true, fresh: true, progress: () => {} }),
      new EmbeddedNeo4j({
        instance: 'race-test',
        boltPort: 7690,
        httpPort: 7477,
        heap: '256m',
        pageCache: '32m',
      }).start({ tieToParent: true, progress: () => {} }),
    ]);
    try {
      expect(a.pid).toBe(b.pid);
      expect([a.ownedByUs, b.ownedByUs].sort()).toEqual([false, true]);
      expect(neo4j.runningPid()).toBe(a.pid);
      // Neo4j Browser is served at /browser, and discovery advertises this instance's Bolt port.
      // (the HTTP connector comes up a moment after Bolt, which is what "ready" waits for)
      const browser = await fetchWhenUp('http://127.0.0.1:7477/browser/', 30_000);
      expect(browser.status).toBe(200);
      expect(browser.headers.get('content-type')).toContain('text/html');
      expect(await browser.text()).toContain('Neo4j Browser');
      const discovery = (await (
        await fetch('http://127.0.0.1:7477/', { headers: { accept: 'application/json' } })
      ).json()) as { bolt_direct: string };
      expect(discovery.bolt_direct).toBe('bolt://127.0.0.1:7690');

      // A web page in the user's browser cannot write through the HTTP API: no password, no
      // access, and no CORS answer to another origin.
      const write = { statements: [{ statement: 'CREATE (:Pwned {by: "a web page"})' }] };
      const foreign = await postFrom('http://127.0.0.1:7477/db/neo4j/tx/commit', write, {
        origin: 'http://evil.example',
        host: 'rebound.evil.example:7477',
      });
      expect(foreign.status).toBe(401);
      expect(foreign.headers['access-control-allow-origin']).not.toBe('*');
      expect(foreign.headers['access-control-allow-origin']).not.toBe('http://evil.example');
      // The password is the instance's own, generated, kept in its folder for its owner only.
      const password = fs.readFileSync(neo4j.passwordFile, 'utf8').trim();
      expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(fs.statSync(neo4j.passwordFile).mode & 0o077).toBe(0);
      expect(a.password).toBe(password);
      const auth = `Basic ${Buffer.from(`neo4j:${password}`).toString('base64')}`;
      const count = await postFrom(
        'http://127.0.0.1:7477/db/neo4j/tx/commit',
        { statements: [{ statement: 'MATCH (n:Pwned) RETURN count(n) AS n' }] },
        { authorization: auth },
      );
      expect(count.status).toBe(200);
      expect(JSON.parse(count.body).results[0].data[0].row).toEqual([0]);
    } finally {
      await (a.ownedByUs ? a : b).stop();
    }
    expect(isAlive(a.pid)).toBe(false);
    expect(neo4j.runningPid()).toBeUndefined();
  }, 120_000);

  it('stops by itself when the process that started it is killed (no orphaned JVM)', async () => {
    const instance = 'orphan-test';
    const pidFile = path.join(PROJECT_ROOT, 'neo4j', 'instances', instance, 'neo4j.pid');
    fs.rmSync(pidFile, { force: true });
    const script = `
      import { EmbeddedNeo4j } from './src/embedded/neo4j.ts';
      const neo4j = new EmbeddedNeo4j({ instance: '${instance}', boltPort: 7689, httpPort: 7476, heap: '256m', pageCache: '32m' });
      await neo4j.start({ tieToParent: true, fresh: true, progress: () => {} });
      console.log('READY');
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      parent.stdout.on('data', (d: Buffer) => d.toString().includes('READY') && resolve());
      parent.once('exit', (code) => reject(new Error(`parent exited early with ${code}`)));
    });
    const javaPid = Number(fs.readFileSync(pidFile, 'utf8').trim().split(' ')[0]);
    expect(isAlive(javaPid)).toBe(true);

    parent.kill('SIGKILL'); // no chance to clean up: the JVM must notice on its own
    const killedAt = Date.now();
    expect(await waitFor(() => !isAlive(javaPid), 30_000)).toBe(true);
    // Noticed within a second (the JVM's watch), then a clean database shutdown (README).
    console.log(`embedded: Neo4j exited ${Date.now() - killedAt} ms after the process that started it was killed`);
  }, 120_000);
});
