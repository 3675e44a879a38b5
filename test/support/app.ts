import type { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { APP_CONFIG, AppConfig, Clock, FixedClock } from '@app/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import supertest from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { ApiModule } from '../../apps/api/api.module';
import { configureApiApp, createFastifyAdapter } from '../../apps/api/bootstrap';
import { createTestDatabase, dropTestDatabase } from './database';
import { removeKeysUnder } from './redis-keys';
import { testConfig } from './test-env';

export interface TestApp {
  app: NestFastifyApplication;
  /** Where the app listens: http://127.0.0.1:<port> (port 0: a free one). */
  url: string;
  http: TestAgent;
  dataSource: DataSource;
  clock: FixedClock;
  config: AppConfig;
  close(): Promise<void>;
}

/**
 * The real API (same module, same bootstrap as main.ts) on its own cloned database and queue prefix, with a clock
 * the test controls. Real PostgreSQL and Redis; nothing mocked.
 */
export async function startTestApp(options: { now?: Date; config?: Partial<AppConfig> } = {}): Promise<TestApp> {
  const databaseUrl = await createTestDatabase();
  const config = testConfig(databaseUrl, options.config);
  const clock = new FixedClock(options.now ?? new Date('2026-03-02T10:00:00Z'));
  const moduleRef = await Test.createTestingModule({ imports: [ApiModule] })
    .overrideProvider(APP_CONFIG)
    .useValue(config)
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  // Silent unless TEST_LOG_LEVEL is set (then pino logs, e.g. the stack of an unexpected 500).
  const verbose = Boolean(process.env.TEST_LOG_LEVEL);
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(config), { logger: verbose ? undefined : false, bufferLogs: verbose });
  await configureApiApp(app, { useNestLogger: verbose });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  // Listening once and giving supertest the address: given the server instead, supertest listens and closes it for
  // every request, about 1.8 ms of CPU each (a quarter of a simple request's cost in a test, docs/testing.md).
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const dataSource = app.get<DataSource>(getDataSourceToken());
  return {
    app,
    url,
    http: supertest(url),
    dataSource,
    clock,
    config,
    async close() {
      await (app as INestApplication).close();
      await removeKeysUnder(config.redisUrl, config.queuePrefix);
      await dropTestDatabase(databaseUrl);
    },
  };
}
