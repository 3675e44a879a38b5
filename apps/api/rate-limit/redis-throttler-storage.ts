import { Inject, Injectable, Logger } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { APP_CONFIG, AppConfig } from '@app/core';
import { REDIS_CLIENT } from '@app/queue';
import type Redis from 'ioredis';

/**
 * One fixed window per key and throttler, atomically in Redis: count the hit, start the window on the first one, and
 * block for blockDuration once past the limit (the semantics of @nestjs/throttler's own storage). Returns
 * [hits, ms left in the window, blocked 0/1, ms left of the block].
 */
const HIT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl <= 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
local blocked = redis.call('PTTL', KEYS[2])
if blocked <= 0 and hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  blocked = tonumber(ARGV[3])
end
if blocked < 0 then blocked = 0 end
return { hits, ttl, blocked > 0 and 1 or 0, blocked }`;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;
type HitCommand = (hitsKey: string, blockKey: string, ttlMs: number, limit: number, blockMs: number) => Promise<[number, number, number, number]>;

/**
 * Rate limits shared by every API process through Redis, so RATE_LIMIT_PER_MINUTE and LOGIN_RATE_LIMIT_PER_MINUTE
 * hold for the service, not per replica. Keys live under QUEUE_PREFIX and expire with their window. If Redis does not
 * answer, the process falls back to counting in its own memory (limits then hold per process) rather than refusing
 * every request: the sign-in lockout, kept in PostgreSQL, protects accounts either way.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimit');
  private readonly fallback = new ThrottlerStorageService();
  private readonly hit: HitCommand;
  private readonly prefix: string;
  private lastWarning = 0;

  constructor(@Inject(REDIS_CLIENT) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    // defineCommand sends EVALSHA (the script text only once per connection).
    if (!('ehcpThrottleHit' in redis)) redis.defineCommand('ehcpThrottleHit', { numberOfKeys: 2, lua: HIT_SCRIPT });
    const command = (redis as unknown as { ehcpThrottleHit: HitCommand }).ehcpThrottleHit.bind(redis);
    this.hit = command;
    this.prefix = `${config.queuePrefix}:throttle`;
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const base = `${this.prefix}:${throttlerName}:${key}`;
    try {
      const [totalHits, msToExpire, blocked, msToBlockExpire] = await this.hit(`${base}:hits`, `${base}:blocked`, ttl, limit, blockDuration);
      return { totalHits, timeToExpire: Math.ceil(msToExpire / 1000), isBlocked: blocked === 1, timeToBlockExpire: Math.ceil(msToBlockExpire / 1000) };
    } catch (error) {
      if (Date.now() - this.lastWarning > 60_000) {
        this.lastWarning = Date.now();
        this.logger.warn(`Redis did not answer the rate limiter (${(error as Error).message}): counting per process until it does.`);
      }
      return this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }
}
