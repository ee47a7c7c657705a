/** A read that outlives QUERY_TIMEOUT_MS is stopped by the real database, and harms nothing else. */
import { inject, describe, expect, it } from 'vitest';
import { Database } from '../../src/db/gateway.js';
import { ErrorCode } from '../../src/errors.js';
import { readConfig } from '../../src/config.js';

describe('the query time limit', () => {
  it('stops a read that runs too long with QUERY_TIMEOUT, while other reads go on', async () => {
    const db = Database.connect(
      { uri: inject('neo4jUri'), user: 'neo4j', password: inject('neo4jPassword') },
      { readTimeoutMs: 300 },
    );
    try {
      const started = Date.now();
      const slow = db.read('UNWIND range(1, 1000000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x) AS n');
      const quick = db.read<{ ok: number }>('RETURN 1 AS ok');
      await expect(slow).rejects.toMatchObject({
        code: ErrorCode.QUERY_TIMEOUT,
        message:
          'The query ran longer than 300 ms (QUERY_TIMEOUT_MS) and was stopped; ask for fewer hops, a smaller depth or a smaller page',
      });
      expect(Date.now() - started).toBeLessThan(10_000); // stopped, not run to the end
      expect(await quick).toEqual([{ ok: 1 }]);
      expect(await db.read<{ ok: number }>('RETURN 2 AS ok')).toEqual([{ ok: 2 }]); // the connection is still good
    } finally {
      await db.close();
    }
  }, 30_000);

  it('is read from QUERY_TIMEOUT_MS, 10 s by default', () => {
    expect(readConfig({}).queryTimeoutMs).toBe(10_000);
    expect(readConfig({ QUERY_TIMEOUT_MS: '2500' }).queryTimeoutMs).toBe(2500);
    expect(() => readConfig({ QUERY_TIMEOUT_MS: '0' })).toThrow(/QUERY_TIMEOUT_MS/);
  });
});
