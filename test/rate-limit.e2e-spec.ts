import { startPrivateRedis } from './support/private-redis';
import { startTestApp, TestApp } from './support/app';

const signIn = (t: TestApp) => t.http.post('/api/v1/auth/login').send({ email: 'nobody@test.example', password: 'whatever-pass' });

describe('rate limits shared by API processes (e2e)', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    // Two processes of one deployment: same Redis and QUEUE_PREFIX, a sign-in limit of 4 a minute per client address.
    a = await startTestApp({ config: { loginRateLimitPerMinute: 4 } });
    b = await startTestApp({ config: { loginRateLimitPerMinute: 4, queuePrefix: a.config.queuePrefix } });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('counts sign-ins on either process against one limit', async () => {
    // Two on each: within the limit of 4 taken together (each process alone has seen only 2).
    for (const t of [a, b, a, b]) await signIn(t).expect(401);
    // The fifth is refused whichever process takes it: a per-process count would have let it through (3 of 4).
    const refused = await signIn(a).expect(429);
    expect(refused.body).toMatchObject({ status: 429, code: 'too_many_requests' });
    await signIn(b).expect(429);
  });

  it('keeps deployments with another QUEUE_PREFIX apart', async () => {
    const other = await startTestApp({ config: { loginRateLimitPerMinute: 4 } });
    try {
      await signIn(other).expect(401);
    } finally {
      await other.close();
    }
  });
});

describe('rate limits when Redis goes away (e2e)', () => {
  it('still limits, per process, and serves the routes', async () => {
    const redis = await startPrivateRedis();
    const t = await startTestApp({ config: { redisUrl: redis.url, loginRateLimitPerMinute: 2 } });
    try {
      await redis.stop();
      await signIn(t).expect(401);
      await signIn(t).expect(401);
      await signIn(t).expect(429);
      // Health says Redis is down (503), not a 500 from the limiter.
      await t.http.get('/api/v1/health').expect(503);
    } finally {
      await t.close();
      await redis.stop();
    }
  });
});
