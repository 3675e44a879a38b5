import type { ConnectionOptions } from 'bullmq';
import type { RedisOptions } from 'ioredis';

interface RedisAddress {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls?: object;
}

function fromUrl(redisUrl: string): RedisAddress {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname && url.pathname !== '/' ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
  };
}

/** Workers wait for Redis to come back instead of failing jobs (BullMQ requires maxRetriesPerRequest: null). */
export function workerConnection(redisUrl: string): ConnectionOptions {
  return { ...fromUrl(redisUrl), maxRetriesPerRequest: null, enableReadyCheck: true };
}

/** The API fails fast: a request should get a clear error, not hang while Redis is down. */
export function producerConnection(redisUrl: string): RedisOptions {
  return { ...fromUrl(redisUrl), maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 3000 };
}

/**
 * A BullMQ Queue in the API (enqueue after commit): commands wait briefly for the connection, then fail fast so a
 * request is never held up by Redis; the owner's sweeper enqueues what could not be.
 */
export function queueProducerConnection(redisUrl: string): ConnectionOptions {
  return { ...fromUrl(redisUrl), maxRetriesPerRequest: 1, enableOfflineQueue: true, connectTimeout: 3000 };
}
