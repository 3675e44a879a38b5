import type { ConnectionOptions } from 'bullmq';
import type { RedisOptions } from 'ioredis';

/** Where Redis is: REDIS_URL, or the Sentinels that know the current primary (REDIS_SENTINELS, REDIS_SENTINEL_NAME). */
export interface RedisTarget {
  redisUrl: string;
  redisSentinels?: { host: string; port: number }[] | null;
  redisSentinelName?: string | null;
}

/**
 * ioredis options for the target. With Sentinels, ioredis asks them for the primary of `name` and follows a failover
 * (it reconnects to the new primary when the old one goes away or becomes a replica); REDIS_URL then gives only the
 * credentials, the database number and TLS, its host being ignored. A plain string is REDIS_URL alone.
 */
function address(target: string | RedisTarget): RedisOptions {
  const { redisUrl, redisSentinels, redisSentinelName } = typeof target === 'string' ? { redisUrl: target, redisSentinels: null, redisSentinelName: null } : target;
  const url = new URL(redisUrl);
  const credentials = {
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname && url.pathname !== '/' ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
  };
  if (redisSentinels && redisSentinels.length > 0) {
    // On a failover the Sentinels make the old primary a replica and close its clients' connections; ioredis then asks
    // them again for the primary and reconnects there.
    return { ...credentials, sentinels: redisSentinels, name: redisSentinelName ?? 'mymaster' };
  }
  return { ...credentials, host: url.hostname, port: Number(url.port || 6379) };
}

/** Workers wait for Redis to come back instead of failing jobs (BullMQ requires maxRetriesPerRequest: null). */
export function workerConnection(target: string | RedisTarget): ConnectionOptions {
  return { ...address(target), maxRetriesPerRequest: null, enableReadyCheck: true } as ConnectionOptions;
}

/** The API fails fast: a request should get a clear error, not hang while Redis is down. */
export function producerConnection(target: string | RedisTarget): RedisOptions {
  return { ...address(target), maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 3000 };
}

/**
 * A BullMQ Queue in the API (enqueue after commit): commands wait briefly for the connection, then fail fast so a
 * request is never held up by Redis; the owner's sweeper enqueues what could not be.
 */
export function queueProducerConnection(target: string | RedisTarget): ConnectionOptions {
  return { ...address(target), maxRetriesPerRequest: 1, enableOfflineQueue: true, connectTimeout: 3000 } as ConnectionOptions;
}
