import { Global, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig, DependencyUnavailableError } from '@app/core';
import Redis from 'ioredis';
import { producerConnection } from './redis-connection';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

@Injectable()
class RedisLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Refuse to start without Redis, with one clear line, rather than failing the first request. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.redis.connect();
      await this.redis.ping();
    } catch (error) {
      this.redis.disconnect();
      const where = new URL(this.config.redisUrl);
      if (this.config.redisSentinels?.length) {
        const sentinels = this.config.redisSentinels.map((s) => `${s.host}:${s.port}`).join(',');
        throw new DependencyUnavailableError(`Redis is not reachable through the Sentinels ${sentinels} for "${this.config.redisSentinelName}" (${(error as Error).message}). Check REDIS_SENTINELS and REDIS_SENTINEL_NAME.`);
      }
      throw new DependencyUnavailableError(`Redis is not reachable at ${where.hostname}:${where.port || 6379} (${(error as Error).message}). Start Redis or set REDIS_URL (default redis://127.0.0.1:6379).`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** A fail-fast Redis client for the API (health checks, enqueueing after commit). */
@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        // Auto-pipelining: the commands of concurrent requests (every request's rate-limit count) leave in one write.
        const client = new Redis({ ...producerConnection(config), lazyConnect: true, enableAutoPipelining: true });
        // Connection errors surface where they matter (start-up, health, enqueue); without a listener ioredis
        // prints each reconnect failure as an "Unhandled error event" with a stack.
        client.on('error', () => undefined);
        return client;
      },
    },
    RedisLifecycle,
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule {}
