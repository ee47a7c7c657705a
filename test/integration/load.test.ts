/**
 * The load test, bounded: 16 concurrent clients send the mix of main queries for 12 s to the
 * server as `npm start` runs it in production, in a process of its own, on the seed graph,
 * after 8 s of warm-up (in which a fresh server's RSS still grows to its working size). No
 * request may fail and its memory may not grow; the figures are printed.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { report, runLoad, startApi, trend } from '../../bench/load.js';
import type { Server } from '../../bench/measure.js';

let server: Server | undefined;

beforeAll(async () => {
  server = await startApi({
    NEO4J_URI: inject('neo4jUri'),
    NEO4J_USER: process.env.TEST_NEO4J_USER ?? 'neo4j',
    NEO4J_PASSWORD: process.env.TEST_NEO4J_PASSWORD ?? '',
  });
}, 180_000);

afterAll(async () => {
  await server?.stop();
});

describe('under load', () => {
  it('answers every request of many concurrent clients, with the server process memory stable from start to end', async () => {
    const figures = await runLoad({
      base: server!.url,
      seconds: 12,
      connections: 16,
      warmupSeconds: 8,
      pid: server!.pid,
    });
    console.log(report(figures));
    expect(figures.requests).toBeGreaterThan(16);
    expect(figures.failed).toEqual({ errors: 0, timeouts: 0, non2xx: 0, graphqlErrors: 0, total: 0 });
    expect(figures.rss.startMb).toBeGreaterThan(20); // the server's RSS, not nothing
    expect(figures.rss.growing, `RSS trend ${figures.rss.trendMb} MB`).toBe(false);
  }, 90_000);

  it('the trend check tells steady memory from a leak', () => {
    const mb = 1024 * 1024;
    const steady = Array.from({ length: 60 }, (_, i): [number, number] => [i / 4, (200 + (i % 5) * 3) * mb]);
    const leaking = Array.from({ length: 60 }, (_, i): [number, number] => [i / 4, (200 + i * 2) * mb]);
    expect(trend(steady).growing).toBe(false);
    expect(trend(leaking)).toMatchObject({ startMb: 200, endMb: 318, growing: true });
    const slowLeak = Array.from({ length: 60 }, (_, i): [number, number] => [i / 4, (30 + i * 0.2) * mb]);
    expect(trend(slowLeak).growing).toBe(false); // 9 MB: within what RSS may do
    expect(trend(slowLeak, { fraction: 0.1, mb: 4 }).growing).toBe(true); // a leak under a tighter limit
  });

  it('refuses a target that is not on loopback', async () => {
    await expect(
      runLoad({ base: 'http://192.0.2.1:4000', seconds: 1, connections: 1, pid: process.pid }),
    ).rejects.toThrow(/loopback only, not 192\.0\.2\.1/);
  });
});
