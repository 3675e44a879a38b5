import { Role } from '@app/core';
import { bearer, createLocalAuthority, createUser, TEST_PASSWORD, TestUser } from './support/factories';
import { startTestApp, TestApp } from './support/app';
import { totpCode, totpStep } from './support/totp';

const login = (t: TestApp, email: string, userAgent = 'jest') => t.http.post('/api/v1/auth/login').set('user-agent', userAgent).send({ email, password: TEST_PASSWORD });
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function auditCount(t: TestApp, userId: string, action: string): Promise<number> {
  const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM audit_events WHERE entity_id = $1 AND action = $2`, [userId, action]);
  return count;
}

describe('sign-in: sessions, refresh tokens and the second factor (e2e)', () => {
  let t: TestApp;
  let laId: string;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ config: { loginMaxAttempts: 3, loginLockoutMinutes: 15, sessionIdleMinutes: 30 } });
    laId = (await createLocalAuthority(t.dataSource)).id;
    admin = await createUser(t.dataSource, t.http, laId, Role.LaAdmin);
  });
  afterAll(() => t.close());

  it('the tests compute RFC 6238 codes themselves (appendix B, SHA-1, last 6 digits)', () => {
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // "12345678901234567890"
    expect(totpCode(secret, Math.floor(59 / 30))).toBe('287082');
    expect(totpCode(secret, Math.floor(1111111109 / 30))).toBe('081804');
    expect(totpCode(secret, Math.floor(2000000000 / 30))).toBe('279037');
  });

  describe('sessions', () => {
    it('lists the sessions of a person with device and address, and marks the current one', async () => {
      const user = await createUser(t.dataSource, t.http, laId, Role.Caseworker);
      const laptop = (await login(t, user.email, 'Laptop browser').expect(200)).body;
      const list = await t.http.get('/api/v1/auth/sessions').set(auth(laptop.accessToken)).expect(200);
      expect(list.body.items).toHaveLength(2);
      const current = list.body.items.find((s: { current: boolean }) => s.current);
      expect(current).toMatchObject({ userAgent: 'Laptop browser', address: expect.any(String), method: 'password', createdAt: expect.any(String), lastUsedAt: expect.any(String) });
      expect(list.body.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
      expect(await auditCount(t, user.id, 'user.logged_in')).toBe(2);
    });

    it('rotates the refresh token on use; a replayed one ends the session (401) and leaves the others alone', async () => {
      const user = await createUser(t.dataSource, t.http, laId, Role.Caseworker);
      const first = (await login(t, user.email).expect(200)).body;
      const refreshed = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200);
      expect(refreshed.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), tokenType: 'Bearer', expiresIn: 900 });
      expect(refreshed.body.refreshToken).not.toBe(first.refreshToken);
      await t.http.get('/api/v1/auth/me').set(auth(refreshed.body.accessToken)).expect(200);
      const again = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: refreshed.body.refreshToken }).expect(200);

      // The first refresh token again: a replay. The session ends: every token of it is refused.
      const replay = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
      expect(replay.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(replay.body.detail).toMatch(/already used/);
      await t.http.post('/api/v1/auth/refresh').send({ refreshToken: again.body.refreshToken }).expect(401);
      await t.http.get('/api/v1/auth/me').set(auth(again.body.accessToken)).expect(401);
      // The user's other session (from createUser) is untouched.
      await t.http.get('/api/v1/auth/me').set(bearer(user)).expect(200);
      expect(await auditCount(t, user.id, 'session.refresh_token_reused')).toBe(1);
    });

    it('refuses malformed and forged refresh tokens', async () => {
      await t.http.post('/api/v1/auth/refresh').send({ refreshToken: 'nonsense' }).expect(401);
      await t.http.post('/api/v1/auth/refresh').send({ refreshToken: `00000000-0000-4000-8000-000000000000.${'A'.repeat(43)}` }).expect(401);
      await t.http.post('/api/v1/auth/refresh').send({}).expect(400);
    });

    it('ends one session by id: its access and refresh tokens stop working; another person\'s session is a 404', async () => {
      const user = await createUser(t.dataSource, t.http, laId, Role.Caseworker);
      const phone = (await login(t, user.email, 'Phone').expect(200)).body;
      const sessions = (await t.http.get('/api/v1/auth/sessions').set(bearer(user)).expect(200)).body.items;
      const phoneSession = sessions.find((s: { userAgent: string }) => s.userAgent === 'Phone');
      await t.http.delete(`/api/v1/auth/sessions/${phoneSession.id}`).set(bearer(admin)).expect(404);
      await t.http.delete(`/api/v1/auth/sessions/${phoneSession.id}`).set(bearer(user)).expect(204);
      await t.http.get('/api/v1/auth/me').set(auth(phone.accessToken)).expect(401);
      await t.http.post('/api/v1/auth/refresh').send({ refreshToken: phone.refreshToken }).expect(401);
      await t.http.get('/api/v1/auth/me').set(bearer(user)).expect(200);
      await t.http.delete(`/api/v1/auth/sessions/${phoneSession.id}`).set(bearer(user)).expect(404);
      expect(await auditCount(t, user.id, 'session.ended')).toBe(1);
    });

    it('ends a session past its idle or absolute limit', async () => {
      const user = await createUser(t.dataSource, t.http, laId, Role.Caseworker);
      const idle = (await login(t, user.email).expect(200)).body;
      await t.dataSource.query(`UPDATE user_sessions SET last_used_at = now() - interval '31 minutes' WHERE id = $1`, [idle.refreshToken.split('.')[0]]);
      await t.http.post('/api/v1/auth/refresh').send({ refreshToken: idle.refreshToken }).expect(401);
      const old = (await login(t, user.email).expect(200)).body;
      await t.dataSource.query(`UPDATE user_sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [old.refreshToken.split('.')[0]]);
      await t.http.post('/api/v1/auth/refresh').send({ refreshToken: old.refreshToken }).expect(401);
      await t.http.get('/api/v1/auth/me').set(auth(old.accessToken)).expect(401);
    });

    it('an administrator lists and ends all of a user\'s sessions; another LA\'s administrator gets a 404', async () => {
      const user = await createUser(t.dataSource, t.http, laId, Role.Caseworker);
      const second = (await login(t, user.email).expect(200)).body;
      const otherAdmin = await createUser(t.dataSource, t.http, (await createLocalAuthority(t.dataSource)).id, Role.LaAdmin);
      await t.http.get(`/api/v1/users/${user.id}/sessions`).set(bearer(otherAdmin)).expect(404);
      await t.http.delete(`/api/v1/users/${user.id}/sessions`).set(bearer(otherAdmin)).expect(404);
      await t.http.delete(`/api/v1/users/${user.id}/sessions`).set(bearer(user)).expect(403);
      expect((await t.http.get(`/api/v1/users/${user.id}/sessions`).set(bearer(admin)).expect(200)).body.items).toHaveLength(2);
      expect((await t.http.delete(`/api/v1/users/${user.id}/sessions`).set(bearer(admin)).expect(200)).body).toEqual({ ended: 2 });
      await t.http.get('/api/v1/auth/me').set(bearer(user)).expect(401);
      await t.http.post('/api/v1/auth/refresh').send({ refreshToken: second.refreshToken }).expect(401);
      await t.http.get('/api/v1/auth/me').set(bearer(admin)).expect(200);
    });

    it('sign-out ends every session, refresh tokens included', async () => {
      const user = await createUser(t.dataSource, t.http, laId, Role.Caseworker);
      const other = (await login(t, user.email).expect(200)).body;
      await t.http.post('/api/v1/auth/logout').set(bearer(user)).expect(204);
      await t.http.post('/api/v1/auth/refresh').send({ refreshToken: other.refreshToken }).expect(401);
      await t.http.get('/api/v1/auth/me').set(auth(other.accessToken)).expect(401);
    });
  });

  describe('second factor (TOTP)', () => {
    let mfaLa: string;
    beforeAll(async () => {
      mfaLa = (await createLocalAuthority(t.dataSource, undefined, 'admins_and_managers')).id;
    });

    /** Signs up an administrator of the MFA LA through enrolment; answers the secret, the recovery codes and the confirmation's step. */
    async function enrolled(): Promise<{ email: string; id: string; secret: string; recoveryCodes: string[]; step: number; accessToken: string }> {
      const made = await t.dataSource.query(`INSERT INTO users (local_authority_id, email, display_name, password_hash, role) SELECT $1, $2, 'MFA admin', password_hash, 'la_admin' FROM users WHERE id = $3 RETURNING id`, [mfaLa, `mfa-${Math.random().toString(36).slice(2, 8)}@test.example`, admin.id]);
      const [{ email }] = await t.dataSource.query(`SELECT email FROM users WHERE id = $1`, [made[0].id]);
      const first = (await login(t, email).expect(200)).body;
      expect(first).toEqual({ mfaEnrolmentRequired: true, mfaToken: expect.any(String) });
      const enrolment = (await t.http.post('/api/v1/auth/totp/enrol').set(auth(first.mfaToken)).expect(200)).body;
      const step = totpStep();
      const confirmed = (await t.http.post('/api/v1/auth/totp/confirm').set(auth(first.mfaToken)).send({ code: totpCode(enrolment.secret, step) }).expect(200)).body;
      return { email, id: made[0].id, secret: enrolment.secret, recoveryCodes: confirmed.recoveryCodes, step, accessToken: confirmed.accessToken };
    }

    it('an administrator of a new LA must enrol: secret, otpauth URL and QR code; a wrong code is refused; the right one gives recovery codes and signs in', async () => {
      const made = await createUser(t.dataSource, t.http, laId, Role.Manager); // in an LA without the requirement
      expect(made.token).toEqual(expect.any(String));
      const adminEmail = `mfa-admin-${Math.random().toString(36).slice(2, 8)}@test.example`;
      const [{ id }] = await t.dataSource.query(`INSERT INTO users (local_authority_id, email, display_name, password_hash, role) SELECT $1, $2, 'MFA admin', password_hash, 'la_admin' FROM users WHERE id = $3 RETURNING id`, [mfaLa, adminEmail, admin.id]);
      const first = (await login(t, adminEmail).expect(200)).body;
      expect(first).toEqual({ mfaEnrolmentRequired: true, mfaToken: expect.any(String) });
      expect(first.accessToken).toBeUndefined();
      // The enrolment token is no access token.
      await t.http.get('/api/v1/auth/me').set(auth(first.mfaToken)).expect(401);
      await t.http.get('/api/v1/users').set(auth(first.mfaToken)).expect(401);
      await t.http.post('/api/v1/auth/login/mfa').send({ mfaToken: first.mfaToken, code: '123456' }).expect(401);

      const enrolment = (await t.http.post('/api/v1/auth/totp/enrol').set(auth(first.mfaToken)).expect(200)).body;
      expect(enrolment.secret).toMatch(/^[A-Z2-7]{32}$/);
      const url = new URL(enrolment.otpauthUrl);
      expect(url.protocol).toBe('otpauth:');
      expect(url.host).toBe('totp');
      expect(url.searchParams.get('secret')).toBe(enrolment.secret);
      expect(url.searchParams.get('algorithm')).toBe('SHA1');
      expect(url.searchParams.get('digits')).toBe('6');
      expect(url.searchParams.get('period')).toBe('30');
      expect(enrolment.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
      // Encrypted at rest: the secret is nowhere in the row.
      const [row] = await t.dataSource.query(`SELECT row_to_json(u)::text AS json FROM users u WHERE id = $1`, [id]);
      expect(row.json).not.toContain(enrolment.secret);

      const wrong = String((Number(totpCode(enrolment.secret)) + 1) % 1_000_000).padStart(6, '0');
      const refused = await t.http.post('/api/v1/auth/totp/confirm').set(auth(first.mfaToken)).send({ code: wrong }).expect(401);
      expect(refused.body.code).toBe('invalid_second_factor');
      const confirmed = (await t.http.post('/api/v1/auth/totp/confirm').set(auth(first.mfaToken)).send({ code: totpCode(enrolment.secret) }).expect(200)).body;
      expect(confirmed.recoveryCodes).toHaveLength(10);
      expect(new Set(confirmed.recoveryCodes).size).toBe(10);
      await t.http.get('/api/v1/auth/me').set(auth(confirmed.accessToken)).expect(200);
      const stored = await t.dataSource.query(`SELECT code_hash FROM user_recovery_codes WHERE user_id = $1`, [id]);
      expect(stored).toHaveLength(10);
      for (const code of confirmed.recoveryCodes) expect(JSON.stringify(stored)).not.toContain(code.replace(/-/g, ''));
      expect(await auditCount(t, id, 'user.second_factor_enabled')).toBe(1);

      // Enrolled: the next sign-in asks for a code; a second enrolment is refused.
      expect((await login(t, adminEmail).expect(200)).body).toEqual({ mfaRequired: true, mfaToken: expect.any(String) });
      await t.http.post('/api/v1/auth/totp/enrol').set(auth(confirmed.accessToken)).expect(409);
    });

    it('signs in with the next code once; the same code again is refused (replay within its window)', async () => {
      const user = await enrolled();
      const mfaToken = (await login(t, user.email).expect(200)).body.mfaToken;
      // The confirmation's own code is spent already.
      await t.http.post('/api/v1/auth/login/mfa').send({ mfaToken, code: totpCode(user.secret, user.step) }).expect(401);
      const next = totpCode(user.secret, user.step + 1);
      const signedIn = (await t.http.post('/api/v1/auth/login/mfa').send({ mfaToken, code: next }).expect(200)).body;
      expect(signedIn).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), tokenType: 'Bearer', expiresIn: 900 });
      const again = (await login(t, user.email).expect(200)).body.mfaToken;
      await t.http.post('/api/v1/auth/login/mfa').send({ mfaToken: again, code: next }).expect(401);
      // A code from far outside the window never works.
      await t.http.post('/api/v1/auth/login/mfa').send({ mfaToken: again, code: totpCode(user.secret, user.step + 20) }).expect(401);
    });

    it('a recovery code works once', async () => {
      const user = await enrolled();
      const mfaToken = (await login(t, user.email).expect(200)).body.mfaToken;
      const signedIn = (await t.http.post('/api/v1/auth/login/mfa').send({ mfaToken, code: user.recoveryCodes[3].toLowerCase() }).expect(200)).body;
      await t.http.get('/api/v1/auth/me').set(auth(signedIn.accessToken)).expect(200);
      const again = (await login(t, user.email).expect(200)).body.mfaToken;
      await t.http.post('/api/v1/auth/login/mfa').send({ mfaToken: again, code: user.recoveryCodes[3] }).expect(401);
      const sessions = (await t.http.get('/api/v1/auth/sessions').set(auth(signedIn.accessToken)).expect(200)).body.items;
      expect(sessions.find((s: { current: boolean }) => s.current).method).toBe('password_recovery_code');
    });

    it('wrong codes count towards the lockout: then even the right code is refused', async () => {
      const user = await enrolled();
      const mfaToken = (await login(t, user.email).expect(200)).body.mfaToken;
      for (let i = 0; i < 3; i += 1) await t.http.post('/api/v1/auth/login/mfa').send({ mfaToken, code: '000000' === totpCode(user.secret, user.step + 1) ? '111111' : '000000' }).expect(401);
      await t.http.post('/api/v1/auth/login/mfa').send({ mfaToken, code: totpCode(user.secret, user.step + 1) }).expect(401);
      // Locked by the service's clock (the test's fixed business clock).
      const [{ lockedUntil }] = await t.dataSource.query(`SELECT locked_until AS "lockedUntil" FROM users WHERE id = $1`, [user.id]);
      expect(new Date(lockedUntil).getTime()).toBeGreaterThan(t.clock.now().getTime());
      expect(await auditCount(t, user.id, 'user.locked')).toBe(1);
    });

    it('a caseworker of that LA needs none; an LA that requires it of everyone asks a caseworker too; the policy is the administrator\'s', async () => {
      const caseworker = await createUser(t.dataSource, t.http, mfaLa, Role.Caseworker);
      expect(caseworker.token).toEqual(expect.any(String));
      const everyone = (await createLocalAuthority(t.dataSource, undefined, 'everyone')).id;
      const [{ id }] = await t.dataSource.query(`INSERT INTO users (local_authority_id, email, display_name, password_hash, role) SELECT $1, $2, 'CW', password_hash, 'caseworker' FROM users WHERE id = $3 RETURNING id, email`, [everyone, `cw-${Math.random().toString(36).slice(2, 8)}@test.example`, admin.id]);
      const [{ email }] = await t.dataSource.query(`SELECT email FROM users WHERE id = $1`, [id]);
      expect((await login(t, email).expect(200)).body).toEqual({ mfaEnrolmentRequired: true, mfaToken: expect.any(String) });

      expect((await t.http.get('/api/v1/local-authority/sign-in-policy').set(bearer(admin)).expect(200)).body).toEqual({ mfaRequiredFor: 'none' });
      await t.http.put('/api/v1/local-authority/sign-in-policy').set(bearer(caseworker)).send({ mfaRequiredFor: 'none' }).expect(403);
      await t.http.put('/api/v1/local-authority/sign-in-policy').set(bearer(admin)).send({ mfaRequiredFor: 'sometimes' }).expect(400);
      const user = await createUser(t.dataSource, t.http, laId, Role.Caseworker);
      await t.http.put('/api/v1/local-authority/sign-in-policy').set(bearer(admin)).send({ mfaRequiredFor: 'everyone' }).expect(200);
      expect((await login(t, user.email).expect(200)).body.mfaEnrolmentRequired).toBe(true);
      await t.http.put('/api/v1/local-authority/sign-in-policy').set(bearer(admin)).send({ mfaRequiredFor: 'none' }).expect(200);
      expect((await login(t, user.email).expect(200)).body.accessToken).toEqual(expect.any(String));
    });

    it('an administrator resets a user\'s second factor (audited): their sessions end and they enrol again', async () => {
      const user = await enrolled();
      const [{ id: resetterId }] = await t.dataSource.query(`INSERT INTO users (local_authority_id, email, display_name, password_hash, role) SELECT $1, $2, 'Other admin', password_hash, 'la_admin' FROM users WHERE id = $3 RETURNING id`, [mfaLa, `reset-${Math.random().toString(36).slice(2, 8)}@test.example`, admin.id]);
      const [{ email: resetterEmail }] = await t.dataSource.query(`SELECT email FROM users WHERE id = $1`, [resetterId]);
      const resetterToken = (await t.http.post('/api/v1/auth/totp/confirm').set(auth((await login(t, resetterEmail)).body.mfaToken)).send({ code: totpCode((await t.http.post('/api/v1/auth/totp/enrol').set(auth((await login(t, resetterEmail)).body.mfaToken))).body.secret) })).body.accessToken;
      await t.http.delete(`/api/v1/users/${user.id}/second-factor`).set(bearer(admin)).expect(404); // another LA's administrator
      await t.http.delete(`/api/v1/users/${user.id}/second-factor`).set(auth(resetterToken)).expect(204);
      await t.http.get('/api/v1/auth/me').set(auth(user.accessToken)).expect(401);
      expect((await login(t, user.email).expect(200)).body).toEqual({ mfaEnrolmentRequired: true, mfaToken: expect.any(String) });
      expect(await auditCount(t, user.id, 'user.second_factor_reset')).toBe(1);
      const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM user_recovery_codes WHERE user_id = $1`, [user.id]);
      expect(count).toBe(0);
    });
  });
});
