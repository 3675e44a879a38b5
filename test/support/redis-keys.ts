import Redis from 'ioredis';

/**
 * Every test app's QUEUE_PREFIX starts with this and the jest run's id (test-env.ts), so the run's keys can be found
 * and counted at the end without touching another run's (another checkout testing against the same Redis).
 */
export function testPrefixOfRun(runId: string): string {
  return `ehcp-test-${runId}-`;
}

async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

/** Removes every key a test app or worker wrote under its QUEUE_PREFIX (queues, schedulers, rate-limit windows). */
export async function removeKeysUnder(redisUrl: string, queuePrefix: string): Promise<number> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  try {
    try {
      await redis.connect();
    } catch {
      // A Redis that is gone (a test's private server it stopped on purpose) holds none of our keys any more; leftovers on
      // the shared Redis are still caught by the global teardown's count.
      return 0;
    }
    const keys = await scanKeys(redis, `${queuePrefix}:*`);
    for (let i = 0; i < keys.length; i += 500) await redis.unlink(...keys.slice(i, i + 500));
    return keys.length;
  } finally {
    redis.disconnect();
  }
}

/** Keys left under a pattern, grouped by their QUEUE_PREFIX (the part before the first ":"), with a count each. */
export async function keysLeftUnder(redisUrl: string, pattern: string): Promise<Record<string, number>> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  try {
    await redis.connect();
    const left: Record<string, number> = {};
    for (const key of await scanKeys(redis, pattern)) {
      const prefix = key.split(':')[0];
      left[prefix] = (left[prefix] ?? 0) + 1;
    }
    return left;
  } finally {
    redis.disconnect();
  }
}
