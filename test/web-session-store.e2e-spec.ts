import { randomBytes } from 'node:crypto';
import { testPrefixOfRun, removeKeysUnder } from './support/redis-keys';
import { testRunId } from './support/test-env';
import { loadWebConfig } from '../apps/web/web-config';
import { SessionStore } from '../apps/web/session/session.store';

/** The web's sessions in the real Redis: each read pushes back the idle expiry; the absolute lifetime still ends them. */
describe('web sessions in Redis (apps/web/session)', () => {
  // Under the run's prefix, as the global teardown counts what a run leaves in Redis.
  const keyPrefix = `${testPrefixOfRun(testRunId())}web-sessions-${randomBytes(4).toString('hex')}`;
  const prefix = `${keyPrefix}:`;
  const config = { ...loadWebConfig({ NODE_ENV: 'test', REDIS_URL: process.env.REDIS_URL, WEB_SESSION_PREFIX: prefix }), sessionIdleSeconds: 30 * 60, sessionMaxSeconds: 8 * 3600 };
  const store = new SessionStore(config);
  const person = { id: 'p1', email: 'p@example.test', displayName: 'P', role: 'caseworker', discipline: null, localAuthorityName: 'LA' };

  afterAll(async () => {
    await store.onModuleDestroy();
    await removeKeysUnder(config.redisUrl, keyPrefix);
  });

  it('pushes the idle expiry back on each read, without rewriting the data (another request’s change is kept)', async () => {
    const session = await store.create(person, 'token-1');
    const key = `${prefix}${session.id}`;
    await store.redis.pexpire(key, 60_000);
    const read = await store.load(session.id);
    expect(read?.person).toEqual(person);
    expect(await store.redis.pttl(key)).toBeGreaterThan(29 * 60 * 1000);

    // Another request of the same person sets a flash meanwhile; a read of the old copy that changes nothing keeps it.
    const other = (await store.load(session.id))!;
    other.setFlash({ notice: 'Saved' });
    await store.save(other);
    expect(read!.dirty).toBe(false);
    expect((await store.load(session.id))!.data.flash).toEqual({ notice: 'Saved' });
  });

  it('ends a session past its absolute lifetime, and keeps its key no longer than that lifetime', async () => {
    const now = Date.now();
    const old = await store.create(person, 'token-2', now - 8 * 3600 * 1000 - 1000);
    expect(await store.load(old.id, now)).toBeUndefined();
    expect(await store.redis.exists(`${prefix}${old.id}`)).toBe(0);

    const nearEnd = await store.create(person, 'token-3', now - 8 * 3600 * 1000 + 5 * 60 * 1000);
    expect(await store.load(nearEnd.id, now)).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const ttl = await store.redis.pttl(`${prefix}${nearEnd.id}`);
    expect(ttl).toBeGreaterThan(4 * 60 * 1000);
    expect(ttl).toBeLessThanOrEqual(5 * 60 * 1000);
  });

  it('finds nothing once the session is destroyed (signed out), nor for a malformed id', async () => {
    const session = await store.create(person, 'token-4');
    await store.destroy(session.id);
    expect(await store.load(session.id)).toBeUndefined();
    expect(await store.redis.exists(`${prefix}${session.id}`)).toBe(0);
    expect(await store.load('not-an-id')).toBeUndefined();
  });
});
