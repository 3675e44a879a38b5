import { MicroBatcher } from './micro-batcher';

describe('MicroBatcher', () => {
  it('flushes when full, and gives each caller its own result', async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number, number>(async (items) => {
      batches.push(items);
      return items.map((n) => n * 10);
    }, { maxSize: 3, maxWaitMs: 10_000 });
    const results = await Promise.all([1, 2, 3].map((n) => batcher.add(n)));
    expect(results).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('flushes a partial batch after the wait', async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number, number>(async (items) => (batches.push(items), items), { maxSize: 100, maxWaitMs: 5 });
    await Promise.all([batcher.add(1), batcher.add(2)]);
    expect(batches).toEqual([[1, 2]]);
  });

  it('rejects every caller of a failed batch, and carries on with the next', async () => {
    let fail = true;
    const batcher = new MicroBatcher<number, number>(async (items) => {
      if (fail) throw new Error('database down');
      return items;
    }, { maxSize: 2, maxWaitMs: 5 });
    const first = await Promise.allSettled([batcher.add(1), batcher.add(2)]);
    expect(first.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(batcher.add(3)).resolves.toBe(3);
  });

  it('rejects when the flush returns the wrong number of results', async () => {
    const batcher = new MicroBatcher<number, number>(async () => [], { maxSize: 1, maxWaitMs: 5 });
    await expect(batcher.add(1)).rejects.toThrow(/0 results for 1 items/);
  });

  it('drain sends what is waiting and waits for it', async () => {
    const seen: number[] = [];
    const batcher = new MicroBatcher<number, number>(async (items) => (seen.push(...items), items), { maxSize: 100, maxWaitMs: 60_000 });
    const pending = batcher.add(7);
    await batcher.drain();
    expect(seen).toEqual([7]);
    await expect(pending).resolves.toBe(7);
  });
});
