import { Role } from '@app/core';
import { bearer, createLocalAuthority, createUser, TEST_PASSWORD, TestUser } from './support/factories';
import { startTestApp, TestApp } from './support/app';

describe('authentication (e2e)', () => {
  let t: TestApp;
  let caseworker: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ config: { loginMaxAttempts: 3, loginLockoutMinutes: 15 } });
    const la = await createLocalAuthority(t.dataSource);
    caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
  });
  afterAll(() => t.close());

  it('issues a short-lived bearer token for the right password', async () => {
    const response = await t.http.post('/api/v1/auth/login').send({ email: caseworker.email.toUpperCase(), password: TEST_PASSWORD }).expect(200);
    expect(response.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 900 });
    const me = await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${response.body.accessToken}`).expect(200);
    expect(me.body).toMatchObject({ id: caseworker.id, role: 'caseworker', localAuthorityId: caseworker.localAuthorityId });
    expect(me.body.permissions).toContain('assessments:write');
  });

  it('answers a wrong password and an unknown email alike, as problem+json', async () => {
    const wrong = await t.http.post('/api/v1/auth/login').send({ email: caseworker.email, password: 'nope-nope-nope' }).expect(401);
    const unknown = await t.http.post('/api/v1/auth/login').send({ email: 'nobody@test.example', password: 'nope-nope-nope' }).expect(401);
    expect(wrong.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(wrong.body).toMatchObject({ status: 401, code: 'invalid_credentials', type: expect.stringContaining('invalid-credentials') });
    expect(unknown.body.detail).toBe(wrong.body.detail);
  });

  it('refuses requests without a token, with a forged token, or with a malformed header', async () => {
    await t.http.get('/api/v1/children').expect(401);
    await t.http.get('/api/v1/children').set('authorization', 'Bearer abc.def.ghi').expect(401);
    await t.http.get('/api/v1/children').set('authorization', `Basic ${Buffer.from('a:b').toString('base64')}`).expect(401);
    const [header, payload] = caseworker.token.split('.');
    await t.http.get('/api/v1/children').set('authorization', `Bearer ${header}.${payload}.forgedsignature`).expect(401);
  });

  it('locks an account after repeated failures, even with the right password, and audits it', async () => {
    const la = await createLocalAuthority(t.dataSource);
    const victim = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await t.http.post('/api/v1/auth/login').send({ email: victim.email, password: 'wrong-password-x' }).expect(401);
    }
    await t.http.post('/api/v1/auth/login').send({ email: victim.email, password: TEST_PASSWORD }).expect(401);
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM audit_events WHERE entity_id = $1 AND action = 'user.locked'`, [victim.id]);
    expect(count).toBe(1);

    // Fifteen minutes later the lock has expired.
    t.clock.set(new Date(t.clock.now().getTime() + 16 * 60_000));
    await t.http.post('/api/v1/auth/login').send({ email: victim.email, password: TEST_PASSWORD }).expect(200);
  });

  it('stops a deactivated user at once, even with a token still valid', async () => {
    const la = await createLocalAuthority(t.dataSource);
    const leaver = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    await t.http.get('/api/v1/auth/me').set(bearer(leaver)).expect(200);
    await t.dataSource.query('UPDATE users SET active = false WHERE id = $1', [leaver.id]);
    await t.http.get('/api/v1/auth/me').set(bearer(leaver)).expect(401);
  });
});

describe('login throttling (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ config: { loginRateLimitPerMinute: 3 } });
  });
  afterAll(() => t.close());

  it('answers 429 problem+json past the per-minute limit for sign-in', async () => {
    for (let i = 0; i < 3; i += 1) await t.http.post('/api/v1/auth/login').send({ email: 'x@test.example', password: 'whatever-pass' }).expect(401);
    const response = await t.http.post('/api/v1/auth/login').send({ email: 'x@test.example', password: 'whatever-pass' }).expect(429);
    expect(response.body).toMatchObject({ status: 429, code: 'too_many_requests' });
    // Other endpoints are not held back by the sign-in limit.
    await t.http.get('/api/v1/health').expect(200);
  });
});
