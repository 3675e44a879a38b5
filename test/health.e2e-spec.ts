import { startPrivateRedis } from './support/private-redis';
import { startTestApp, TestApp } from './support/app';

describe('health (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is 200 without authentication when PostgreSQL and Redis answer', async () => {
    const response = await t.http.get('/api/v1/health').expect(200);
    expect(response.body).toEqual({ status: 'ok', checks: { postgres: { status: 'up' }, redis: { status: 'up' } } });
    expect(response.headers['x-request-id']).toBeDefined();
  });

  it('is 503 naming PostgreSQL when the database stops answering', async () => {
    await t.dataSource.destroy();
    const response = await t.http.get('/api/v1/health').expect(503);
    expect(response.body.checks.postgres.status).toBe('down');
    await t.dataSource.initialize();
  });

  it('serves the OpenAPI document and UI', async () => {
    const json = await t.http.get('/docs-json').expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
    await t.http.get('/docs').expect(200);
  });
});

describe('health when Redis goes away (e2e)', () => {
  it('is 503 naming Redis, and 200 again once Redis is back', async () => {
    const redis = await startPrivateRedis();
    const t = await startTestApp({ config: { redisUrl: redis.url } });
    try {
      await t.http.get('/api/v1/health').expect(200);
      await redis.stop();
      const response = await t.http.get('/api/v1/health').expect(503);
      expect(response.body).toMatchObject({ status: 'error', checks: { postgres: { status: 'up' }, redis: { status: 'down' } } });
      await redis.start();
      await waitFor(async () => (await t.http.get('/api/v1/health')).status === 200);
    } finally {
      await t.close();
      await redis.stop();
    }
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('condition not met in time');
}
