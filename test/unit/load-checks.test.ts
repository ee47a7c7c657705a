/**
 * The load test's own checks, without a server: the memory trend tells steady memory from a
 * leak, and the load goes to loopback only. The load itself is `npm run load` (bench/load.ts):
 * it measures the machine as much as the code, so it is no test here; CI runs it briefly and
 * fails only on a failed request.
 */
import { describe, expect, it } from 'vitest';
import { runLoad, trend } from '../../bench/load.js';

describe('the load test', () => {
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
