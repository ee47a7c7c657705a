import { describe, expect, it } from 'vitest';
import { inBatches } from '../../src/seed/load.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('inBatches (the loader writing in parallel lanes)', () => {
  it('runs every row once, in batches of the size asked', async () => {
    const seen: number[][] = [];
    await inBatches([1, 2, 3, 4, 5, 6, 7], async (batch) => void seen.push(batch), 3, 2);
    expect(seen.flat().sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(seen.map((b) => b.length).sort()).toEqual([1, 3, 3]);
  });

  it('starts no batch after one fails, and settles only when the other lane has stopped', async () => {
    const events: string[] = [];
    const rows = Array.from({ length: 10 }, (_, i) => i);
    const done = inBatches(
      rows,
      async (batch) => {
        events.push(`start ${batch[0]}`);
        if (batch[0] === 0) {
          await tick(5);
          events.push('fail 0');
          throw new Error('batch 0 failed');
        }
        await tick(30); // the other lane's batch is still writing when batch 0 fails
        events.push(`end ${batch[0]}`);
      },
      1,
      2,
    );
    await expect(done).rejects.toThrow('batch 0 failed');
    // Batch 1 was in flight and finished before the call settled; nothing started after the failure.
    expect(events).toEqual(['start 0', 'start 1', 'fail 0', 'end 1']);
  });
});
