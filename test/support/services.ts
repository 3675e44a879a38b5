import { DynamicModule, INestApplicationContext, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig, Clock, CoreConfigModule, FixedClock } from '@app/core';
import { DatabaseModule } from '@app/database';
import { RedisModule } from '@app/queue';
import { DataSource } from 'typeorm';
import { createTestDatabase, dropTestDatabase } from './database';
import { removeKeysUnder } from './redis-keys';
import { testConfig } from './test-env';

export interface TestServices {
  module: INestApplicationContext;
  dataSource: DataSource;
  clock: FixedClock;
  config: AppConfig;
  get<T>(type: Type<T>): T;
  close(): Promise<void>;
}

/**
 * Context modules (their services, no HTTP) over a cloned database, a queue prefix of their own and a clock the test
 * controls: for integration tests of the rules that live in services. Real PostgreSQL and Redis, nothing mocked.
 * Close it in afterAll (drops the database, removes the Redis keys).
 */
export async function startServices(imports: (Type<unknown> | DynamicModule)[], options: { now?: Date; config?: Partial<AppConfig> } = {}): Promise<TestServices> {
  const databaseUrl = await createTestDatabase();
  const config = testConfig(databaseUrl, options.config);
  const clock = new FixedClock(options.now ?? new Date('2026-03-02T10:00:00Z'));
  const module = await Test.createTestingModule({ imports: [CoreConfigModule, DatabaseModule, RedisModule, ...imports] })
    .overrideProvider(APP_CONFIG)
    .useValue(config)
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  module.useLogger(false);
  await module.init();
  return {
    module,
    dataSource: module.get<DataSource>(getDataSourceToken()),
    clock,
    config,
    get: <T>(type: Type<T>) => module.get(type, { strict: false }),
    async close() {
      await module.close();
      await removeKeysUnder(config.redisUrl, config.queuePrefix);
      await dropTestDatabase(databaseUrl);
    },
  };
}
