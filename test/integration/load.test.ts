/**
 * The load test, bounded: 16 concurrent clients send the mix of main queries for 12 s (after
 * 3 s of warm-up) to the server as it runs in production, on the seed graph. No request may
 * fail and memory may not grow; the figures are printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { App } from '../../src/server/app.js';
import { report, runLoad, trend } from '../../bench/load.js';
import { testConfig } from '../helpers.js';

let app: App;
let base = '';

beforeAll(async () => {
  app = new App(testConfig({ NODE_ENV: 'production' }), createLogger('silent'), () => undefined);
  base = `http://127.0.0.1:${(await app.start()).port}`;
});

afterAll(async () => {
  await app?.stop();
});

describe('under load', () => {
  it('answers every request of many concurrent clients, with memory stable from start to end', async () => {
    const figures = await runLoad({ base, seconds: 12, connections: 16, warmupSeconds: 3 });
    console.log(report(figures));
    expect(figures.requests).toBeGreaterThan(16);
    expect(figures.failed).toEqual({ errors: 0, timeouts: 0, non2xx: 0, graphqlErrors: 0, total: 0 });
    expect(figures.rss.growing, `RSS trend ${figures.rss.trendMb} MB`).toBe(false);
    expect(figures.heap.growing, `heap trend ${figures.heap.trendMb} MB`).toBe(false);
  }, 60_000);

  it('the trend check tells steady memory from a leak', () => {
    const mb = 1024 * 1024;
    const steady = Array.from({ length: 60 }, (_, i): [number, number] => [i / 4, (200 + (i % 5) * 3) * mb]);
    const leaking = Array.from({ length: 60 }, (_, i): [number, number] => [i / 4, (200 + i * 2) * mb]);
    expect(trend(steady).growing).toBe(false);
    expect(trend(leaking)).toMatchObject({ startMb: 200, endMb: 318, growing: true });
    const heapLeak = Array.from({ length: 60 }, (_, i): [number, number] => [i / 4, (30 + i * 0.2) * mb]);
    expect(trend(heapLeak).growing).toBe(false); // 9 MB: within what RSS may do
    expect(trend(heapLeak, { fraction: 0.1, mb: 4 }).growing).toBe(true); // but a leak for the heap after GC
  });

  it('refuses a target that is not on loopback', async () => {
    await expect(runLoad({ base: 'http://192.0.2.1:4000', seconds: 1, connections: 1 })).rejects.toThrow(/loopback only, not 192\.0\.2\.1/);
  });
});
