import { JwtService } from '@nestjs/jwt';
import { Discipline, Role } from '@app/core';
import { bearer, createLocalAuthority, createOrganisation, createUser, TEST_PASSWORD, TestUser } from './support/factories';
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
    expect(response.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), tokenType: 'Bearer', expiresIn: 900 });
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

  it('counts failed sign-ins within a window: typos far apart never lock the account', async () => {
    const la = await createLocalAuthority(t.dataSource);
    const user = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    const fail = () => t.http.post('/api/v1/auth/login').send({ email: user.email, password: 'wrong-password-x' }).expect(401);
    const minutesLater = (minutes: number) => t.clock.set(new Date(t.clock.now().getTime() + minutes * 60_000));

    // Two failures, then two more 16 minutes after the first: the first window has closed, so the count restarts.
    await fail();
    minutesLater(10);
    await fail();
    minutesLater(6);
    await fail();
    await fail();
    await t.http.post('/api/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(200);

    // A success clears the count; three failures within the window lock it.
    await fail();
    minutesLater(14);
    await fail();
    await fail();
    await t.http.post('/api/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(401);
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM audit_events WHERE entity_id = $1 AND action = 'user.locked'`, [user.id]);
    expect(count).toBe(1);
    minutesLater(16);
    await t.http.post('/api/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(200);
  });

  it('locks an account when the limit is reached by parallel guesses', async () => {
    const la = await createLocalAuthority(t.dataSource);
    const user = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    await Promise.all([1, 2, 3].map(() => t.http.post('/api/v1/auth/login').send({ email: user.email, password: 'wrong-password-x' }).expect(401)));
    await t.http.post('/api/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(401);
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM audit_events WHERE entity_id = $1 AND action = 'user.locked'`, [user.id]);
    expect(count).toBe(1);
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

describe('sessions: sign-out, revocation and token age (e2e)', () => {
  let t: TestApp;
  let laId: string;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    laId = (await createLocalAuthority(t.dataSource)).id;
    admin = await createUser(t.dataSource, t.http, laId, Role.LaAdmin);
  });
  afterAll(() => t.close());

  const signIn = async (email: string, password = TEST_PASSWORD): Promise<string> =>
    (await t.http.post('/api/v1/auth/login').send({ email, password }).expect(200)).body.accessToken as string;
  const me = (token: string) => t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${token}`);

  it('signs out: 204, then that token and every other token of the user are refused; a new sign-in works', async () => {
    const user = await createUser(t.dataSource, t.http, laId, Role.Caseworker);
    const laptop = user.token;
    const phone = await signIn(user.email);
    const bystander = await createUser(t.dataSource, t.http, laId, Role.Caseworker);
    await me(laptop).expect(200);
    await me(phone).expect(200);

    const response = await t.http.post('/api/v1/auth/logout').set(bearer(user)).expect(204);
    expect(response.text).toBe('');
    const refused = await me(laptop).expect(401);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    await me(phone).expect(401);
    await t.http.post('/api/v1/auth/logout').set(bearer(user)).expect(401);
    // Someone else's session is untouched.
    await me(bystander.token).expect(200);

    await me(await signIn(user.email)).expect(200);
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM audit_events WHERE entity_id = $1 AND action = 'user.logged_out'`, [user.id]);
    expect(count).toBe(1);
  });

  it('refuses sign-out without a valid token', async () => {
    await t.http.post('/api/v1/auth/logout').expect(401);
    await t.http.post('/api/v1/auth/logout').set('authorization', 'Bearer abc.def.ghi').expect(401);
  });

  it('revokes tokens when an administrator resets the password', async () => {
    const user = await createUser(t.dataSource, t.http, laId, Role.Caseworker);
    await t.http.patch(`/api/v1/users/${user.id}`).set(bearer(admin)).send({ password: 'a-brand-new-password' }).expect(200);
    await me(user.token).expect(401);
    await t.http.post('/api/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(401);
    await me(await signIn(user.email, 'a-brand-new-password')).expect(200);
  });

  it('revokes tokens on a role change; the new sign-in carries the new role', async () => {
    const user = await createUser(t.dataSource, t.http, laId, Role.Caseworker);
    await t.http.patch(`/api/v1/users/${user.id}`).set(bearer(admin)).send({ role: 'manager' }).expect(200);
    await me(user.token).expect(401);
    const fresh = await me(await signIn(user.email)).expect(200);
    expect(fresh.body.role).toBe('manager');
  });

  it("applies a professional's organisation change at once to the same token, and revokes it when their discipline changes", async () => {
    const [first, second] = [await createOrganisation(t.dataSource, [laId]), await createOrganisation(t.dataSource, [laId])];
    const user = await createUser(t.dataSource, t.http, laId, Role.Professional, { discipline: Discipline.Health, organisationId: first });
    await t.http.patch(`/api/v1/users/${user.id}`).set(bearer(admin)).send({ organisationId: second }).expect(200);
    // Admissions are read on every request: the old token now reaches the second organisation, not the first.
    const moved = await me(user.token).expect(200);
    expect(moved.body.memberships.map((m: { organisationId: string }) => m.organisationId)).toEqual([second]);

    const token = await signIn(user.email);
    await me(token).expect(200);
    await t.http.patch(`/api/v1/users/${user.id}`).set(bearer(admin)).send({ discipline: 'psychology' }).expect(200);
    await me(token).expect(401);
    const fresh = await me(await signIn(user.email)).expect(200);
    expect(fresh.body).toMatchObject({ discipline: 'psychology', organisationId: second });
  });

  it('keeps an old token dead after deactivation and reactivation', async () => {
    const user = await createUser(t.dataSource, t.http, laId, Role.Caseworker);
    await t.http.patch(`/api/v1/users/${user.id}`).set(bearer(admin)).send({ active: false }).expect(200);
    await me(user.token).expect(401);
    await t.http.patch(`/api/v1/users/${user.id}`).set(bearer(admin)).send({ active: true }).expect(200);
    await me(user.token).expect(401);
    await me(await signIn(user.email)).expect(200);
  });

  it('keeps tokens across changes that do not touch access (name, team)', async () => {
    const user = await createUser(t.dataSource, t.http, laId, Role.Caseworker);
    await t.http.patch(`/api/v1/users/${user.id}`).set(bearer(admin)).send({ displayName: 'Renamed', team: 'North' }).expect(200);
    await me(user.token).expect(200);
  });

  describe('token age and forgery', () => {
    let user: TestUser;
    let tokenVersion: number;
    let sessionId: string;
    const now = () => Math.floor(Date.now() / 1000);
    /** A token as the API would sign it, with the test app's own key, but with the times (and claims) we choose. */
    const sign = (claims: Record<string, unknown>, secret = t.config.jwtSecret) =>
      new JwtService({ secret }).sign({ la: user.localAuthorityId, tv: tokenVersion, sid: sessionId, ...claims }, { subject: user.id, issuer: 'ehcp', audience: 'ehcp-api', algorithm: 'HS256' });

    beforeAll(async () => {
      user = await createUser(t.dataSource, t.http, laId, Role.LaAdmin);
      [{ token_version: tokenVersion }] = await t.dataSource.query(`SELECT token_version FROM users WHERE id = $1`, [user.id]);
      sessionId = JSON.parse(Buffer.from(user.token.split('.')[1], 'base64url').toString('utf8')).sid;
    });

    it('accepts a hand-signed token with ordinary times (so the refusals below are about the times)', async () => {
      await me(sign({ iat: now() - 60, exp: now() + 600 })).expect(200);
    });

    it('refuses a token older than JWT_MAX_AGE_SECONDS even when its exp is far ahead', async () => {
      expect(t.config.jwtMaxAgeSeconds).toBe(28800);
      await me(sign({ iat: now() - 28800 + 120, exp: now() + 86400 })).expect(200);
      await me(sign({ iat: now() - 28800 - 5, exp: now() + 86400 })).expect(401);
    });

    it('refuses a token issued in the future beyond a minute of clock skew', async () => {
      await me(sign({ iat: now() + 30, exp: now() + 900 })).expect(200);
      await me(sign({ iat: now() + 3600, exp: now() + 4500 })).expect(401);
    });

    it('refuses a token without a token version, or with a stale one', async () => {
      await me(sign({ tv: undefined, iat: now(), exp: now() + 600 })).expect(401);
      await me(sign({ tv: tokenVersion - 1, iat: now(), exp: now() + 600 })).expect(401);
      await me(sign({ tv: String(tokenVersion), iat: now(), exp: now() + 600 })).expect(401);
    });

    it('refuses a token without a session, or with a session that is not the user\'s', async () => {
      await me(sign({ sid: undefined, iat: now(), exp: now() + 600 })).expect(401);
      await me(sign({ sid: '00000000-0000-4000-8000-000000000000', iat: now(), exp: now() + 600 })).expect(401);
      const someoneElse = await createUser(t.dataSource, t.http, laId, Role.Caseworker);
      const otherSid = JSON.parse(Buffer.from(someoneElse.token.split('.')[1], 'base64url').toString('utf8')).sid;
      await me(sign({ sid: otherSid, iat: now(), exp: now() + 600 })).expect(401);
    });

    it('is not signed with the old published development key', async () => {
      await me(sign({ iat: now(), exp: now() + 600 }, 'local-development-only-secret-change-me-0123456789')).expect(401);
    });
  });
});
