import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role } from '@app/core';
import { bearer, createLocalAuthority, createOrganisation, createUser, TEST_PASSWORD, TestUser } from './support/factories';
import { startTestApp, TestApp } from './support/app';
import { pkceAndState, RunningProvider, startOidcProvider } from './support/oidc';

const REDIRECT = 'http://127.0.0.1:3001/sign-in/oidc/callback';
const SECRET = `test-client-secret-${Math.random().toString(36).slice(2)}`;
const NHS_SECRET = `nhs-client-secret-${Math.random().toString(36).slice(2)}`;

/** A port nothing listens on: a provider that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('single sign-on through OpenID Connect, against a real provider (e2e)', () => {
  let t: TestApp;
  let op: RunningProvider;
  let secretDir: string;
  let admin: TestUser;
  let caseworker: TestUser;
  let unverified: TestUser;
  let professional: TestUser;
  let otherLaCaseworker: TestUser;
  let otherAdmin: TestUser;
  let laProviderId: string;
  let nhsProviderId: string;

  beforeAll(async () => {
    process.env.OIDC_E2E_CLIENT_SECRET = SECRET;
    secretDir = mkdtempSync(join(tmpdir(), 'ehcp-oidc-'));
    writeFileSync(join(secretDir, 'nhs-secret'), `${NHS_SECRET}\n`, { mode: 0o600 });
    [t, op] = await Promise.all([
      startTestApp(),
      startOidcProvider([
        { client_id: 'ehcp-la', client_secret: SECRET, redirect_uris: [REDIRECT] },
        { client_id: 'ehcp-nhs', client_secret: NHS_SECRET, redirect_uris: [REDIRECT], token_endpoint_auth_method: 'client_secret_post' },
      ]),
    ]);
    const la = await createLocalAuthority(t.dataSource);
    const otherLa = await createLocalAuthority(t.dataSource);
    admin = await createUser(t.dataSource, t.http, la.id, Role.LaAdmin);
    caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    unverified = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    const trust = await createOrganisation(t.dataSource, la.id, 'nhs_body');
    professional = await createUser(t.dataSource, t.http, la.id, Role.Professional, { organisationId: trust });
    otherLaCaseworker = await createUser(t.dataSource, t.http, otherLa.id, Role.Caseworker);
    otherAdmin = await createUser(t.dataSource, t.http, otherLa.id, Role.LaAdmin);
    await op.addAccounts({
      'sub-caseworker': { email: caseworker.email, email_verified: true, name: 'Case Worker' },
      'sub-unverified': { email: unverified.email, email_verified: false },
      'sub-other-la': { email: otherLaCaseworker.email, email_verified: true },
      'sub-professional': { email: professional.email, email_verified: true },
      'sub-nobody': { email: 'nobody@nowhere.example', email_verified: true },
      // As Microsoft Entra ID and NHS CIS2 send it: an email, no email_verified claim.
      'sub-no-claim': { email: unverified.email },
    });

    const registered = await t.http.post('/api/v1/identity-providers').set(bearer(admin)).send({ name: 'Test LA staff', issuer: op.issuer, clientId: 'ehcp-la', clientSecretRef: 'env:OIDC_E2E_CLIENT_SECRET' }).expect(201);
    laProviderId = registered.body.id;
    const nhs = await t.http
      .post('/api/v1/identity-providers')
      .set(bearer(admin))
      .send({ name: 'Test NHS Trust (CIS2)', issuer: op.issuer, clientId: 'ehcp-nhs', clientSecretRef: `file:${join(secretDir, 'nhs-secret')}`, organisationId: trust, tokenEndpointAuthMethod: 'client_secret_post' })
      .expect(201);
    nhsProviderId = nhs.body.id;
  });
  afterAll(async () => {
    await op?.stop();
    await t?.close();
    rmSync(secretDir, { recursive: true, force: true });
    delete process.env.OIDC_E2E_CLIENT_SECRET;
  });

  /** The web's part: an authorisation URL for fresh state, nonce and verifier. */
  async function begin(providerId: string) {
    const web = pkceAndState();
    const response = await t.http.post(`/api/v1/auth/oidc/${providerId}/authorize-url`).send({ redirectUri: REDIRECT, state: web.state, nonce: web.nonce, codeChallenge: web.codeChallenge }).expect(200);
    return { ...web, url: response.body.url as string };
  }

  /** A whole sign-in: the browser at the provider as `sub`, then the web's callback to the API. */
  async function signIn(providerId: string, sub: string) {
    const web = await begin(providerId);
    const back = await op.signIn(web.url, sub);
    expect(back.get('state')).toBe(web.state);
    const body = { code: back.get('code'), state: web.state, nonce: web.nonce, codeVerifier: web.codeVerifier, redirectUri: REDIRECT, ...(back.get('iss') ? { iss: back.get('iss') } : {}) };
    return { web, body, response: await t.http.post(`/api/v1/auth/oidc/${providerId}/callback`).send(body) };
  }

  it('registers a provider without ever taking the secret; lists it for the sign-in page; another LA cannot see it', async () => {
    const got = await t.http.get(`/api/v1/identity-providers/${laProviderId}`).set(bearer(admin)).expect(200);
    expect(got.body).toMatchObject({ issuer: op.issuer, clientId: 'ehcp-la', clientSecretRef: 'env:OIDC_E2E_CLIENT_SECRET', clientSecretAvailable: true, autoCreateUsers: false, organisationId: null });
    expect(JSON.stringify(got.body)).not.toContain(SECRET);
    const nhs = await t.http.get(`/api/v1/identity-providers/${nhsProviderId}`).set(bearer(admin)).expect(200);
    expect(nhs.body.clientSecretAvailable).toBe(true);
    expect(JSON.stringify(nhs.body)).not.toContain(NHS_SECRET);

    const raw = await t.http.post('/api/v1/identity-providers').set(bearer(admin)).send({ name: 'X', issuer: op.issuer, clientId: 'x', clientSecretRef: SECRET }).expect(400);
    expect(raw.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(raw.body)).not.toContain(SECRET);
    await t.http.post('/api/v1/identity-providers').set(bearer(admin)).send({ name: 'X', issuer: 'not a url', clientId: 'x', clientSecretRef: 'env:X' }).expect(422);
    await t.http.post('/api/v1/identity-providers').set(bearer(caseworker)).send({ name: 'X', issuer: op.issuer, clientId: 'x', clientSecretRef: 'env:X' }).expect(403);

    await t.http.get(`/api/v1/identity-providers/${laProviderId}`).set(bearer(otherAdmin)).expect(404);
    expect((await t.http.get('/api/v1/identity-providers').set(bearer(otherAdmin)).expect(200)).body.items).toEqual([]);
    const options = (await t.http.get('/api/v1/auth/oidc/providers').expect(200)).body.items;
    expect(options.map((o: { id: string }) => o.id)).toEqual(expect.arrayContaining([laProviderId, nhsProviderId]));
    expect(JSON.stringify(options)).not.toContain('ehcp-la');
  });

  it('takes an email without email_verified only from a provider the LA trusts for it (trustEmail)', async () => {
    expect((await signIn(laProviderId, 'sub-no-claim')).response.body.code).toBe('oidc_no_account');
    const trusted = await t.http.post('/api/v1/identity-providers').set(bearer(admin)).send({ name: 'Entra-like', issuer: op.issuer, clientId: 'ehcp-la', clientSecretRef: 'env:OIDC_E2E_CLIENT_SECRET', trustEmail: true }).expect(201);
    expect(trusted.body.trustEmail).toBe(true);
    const { response } = await signIn(trusted.body.id, 'sub-no-claim');
    expect(response.status).toBe(200);
    expect((await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${response.body.accessToken}`).expect(200)).body.id).toBe(unverified.id);
    // Still only within the provider's LA.
    await op.addAccounts({ 'sub-no-claim-other': { email: otherLaCaseworker.email } });
    expect((await signIn(trusted.body.id, 'sub-no-claim-other')).response.body.code).toBe('oidc_no_account');
  });

  it('builds the authorisation URL with PKCE S256, state and nonce', async () => {
    const web = await begin(laProviderId);
    const url = new URL(web.url);
    expect(url.origin).toBe(op.issuer);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ client_id: 'ehcp-la', response_type: 'code', redirect_uri: REDIRECT, state: web.state, nonce: web.nonce, code_challenge: web.codeChallenge, code_challenge_method: 'S256', scope: 'openid email profile' });
  });

  it('signs a caseworker in end to end: bound by verified email on first sign-in, by subject after; the API\'s own tokens', async () => {
    const { response } = await signIn(laProviderId, 'sub-caseworker');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), tokenType: 'Bearer', expiresIn: 900 });
    const me = await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${response.body.accessToken}`).expect(200);
    expect(me.body).toMatchObject({ id: caseworker.id, role: 'caseworker' });
    const sessions = (await t.http.get('/api/v1/auth/sessions').set('authorization', `Bearer ${response.body.accessToken}`).expect(200)).body.items;
    expect(sessions.find((s: { current: boolean }) => s.current).method).toBe('oidc');
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: response.body.refreshToken }).expect(200);

    const [link] = await t.dataSource.query(`SELECT user_id FROM identity_provider_links WHERE identity_provider_id = $1 AND subject = 'sub-caseworker'`, [laProviderId]);
    expect(link.user_id).toBe(caseworker.id);
    // The subject, not the email, finds the user from now on: the email claim may change.
    await op.addAccounts({ 'sub-caseworker': { email: 'changed@elsewhere.example', email_verified: false } });
    const again = await signIn(laProviderId, 'sub-caseworker');
    expect(again.response.status).toBe(200);
    await op.addAccounts({ 'sub-caseworker': { email: caseworker.email, email_verified: true } });

    const audit = await t.dataSource.query(`SELECT action, metadata::text AS metadata FROM audit_events WHERE entity_id = $1 AND action IN ('user.logged_in', 'user.identity_linked') ORDER BY occurred_at`, [caseworker.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['user.identity_linked', 'user.logged_in']));
    expect(audit.some((a: { metadata: string }) => a.metadata.includes('"method": "oidc"') || a.metadata.includes('"method":"oidc"'))).toBe(true);
  });

  it('signs an NHS professional in through their organisation\'s provider; someone not in that organisation is refused', async () => {
    const { response } = await signIn(nhsProviderId, 'sub-professional');
    expect(response.status).toBe(200);
    const me = await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${response.body.accessToken}`).expect(200);
    expect(me.body.id).toBe(professional.id);
    const outsider = await signIn(nhsProviderId, 'sub-caseworker');
    expect(outsider.response.status).toBe(401);
    expect(outsider.response.body.code).toBe('oidc_no_account');
  });

  it('refuses an unverified email, a user of another LA and a person with no account, each as a 401 problem', async () => {
    for (const sub of ['sub-unverified', 'sub-other-la', 'sub-nobody']) {
      const { response } = await signIn(laProviderId, sub);
      expect(response.status).toBe(401);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.code).toBe('oidc_no_account');
    }
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM identity_provider_links WHERE subject IN ('sub-unverified', 'sub-other-la', 'sub-nobody')`);
    expect(count).toBe(0);
  });

  it('refuses a replayed callback (same code, state and ID token) and a code replayed under a new state', async () => {
    const first = await signIn(laProviderId, 'sub-caseworker');
    expect(first.response.status).toBe(200);
    const replay = await t.http.post(`/api/v1/auth/oidc/${laProviderId}/callback`).send(first.body).expect(401);
    expect(replay.body.code).toBe('oidc_state_invalid');
    const fresh = await begin(laProviderId);
    const underNewState = await t.http.post(`/api/v1/auth/oidc/${laProviderId}/callback`).send({ ...first.body, state: fresh.state, nonce: fresh.nonce, codeVerifier: fresh.codeVerifier }).expect(401);
    expect(underNewState.body.code).toBe('oidc_sign_in_refused');
  });

  it('refuses a bad state, a bad nonce and a bad PKCE verifier', async () => {
    const web = await begin(laProviderId);
    const back = await op.signIn(web.url, 'sub-caseworker');
    const body = { code: back.get('code'), state: web.state, nonce: web.nonce, codeVerifier: web.codeVerifier, redirectUri: REDIRECT };
    const other = pkceAndState();
    expect((await t.http.post(`/api/v1/auth/oidc/${laProviderId}/callback`).send({ ...body, state: other.state }).expect(401)).body.code).toBe('oidc_state_invalid');
    // A wrong nonce spends the state: the genuine callback after it is refused too.
    expect((await t.http.post(`/api/v1/auth/oidc/${laProviderId}/callback`).send({ ...body, nonce: other.nonce }).expect(401)).body.code).toBe('oidc_state_invalid');
    await t.http.post(`/api/v1/auth/oidc/${laProviderId}/callback`).send(body).expect(401);

    const web2 = await begin(laProviderId);
    const back2 = await op.signIn(web2.url, 'sub-caseworker');
    const badVerifier = await t.http.post(`/api/v1/auth/oidc/${laProviderId}/callback`).send({ code: back2.get('code'), state: web2.state, nonce: web2.nonce, codeVerifier: other.codeVerifier, redirectUri: REDIRECT }).expect(401);
    expect(badVerifier.body.code).toBe('oidc_state_invalid');
    // A state for one provider is no good at another.
    const web3 = await begin(laProviderId);
    const back3 = await op.signIn(web3.url, 'sub-professional');
    await t.http.post(`/api/v1/auth/oidc/${nhsProviderId}/callback`).send({ code: back3.get('code'), state: web3.state, nonce: web3.nonce, codeVerifier: web3.codeVerifier, redirectUri: REDIRECT }).expect(401);
  });

  it.each([
    ['audience', /another client/],
    ['expired', /expired/],
    ['signature', /signature/],
  ] as const)('refuses an ID token with the wrong %s', async (mode, reason) => {
    await op.tamper(mode);
    try {
      const { response } = await signIn(laProviderId, 'sub-caseworker');
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('oidc_sign_in_refused');
      expect(response.body.detail).toMatch(reason);
      expect(JSON.stringify(response.body)).not.toMatch(/eyJ/); // no token in the answer
    } finally {
      await op.tamper('none');
    }
  });

  it('a provider that is down or whose secret cannot be read answers 502; password sign-in keeps working', async () => {
    const down = await t.http.post('/api/v1/identity-providers').set(bearer(admin)).send({ name: 'Down', issuer: `http://127.0.0.1:${await closedPort()}`, clientId: 'x', clientSecretRef: 'env:OIDC_E2E_CLIENT_SECRET' }).expect(201);
    const web = pkceAndState();
    const response = await t.http.post(`/api/v1/auth/oidc/${down.body.id}/authorize-url`).send({ redirectUri: REDIRECT, state: web.state, nonce: web.nonce, codeChallenge: web.codeChallenge }).expect(502);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.code).toBe('identity_provider_unavailable');
    const unset = await t.http.post('/api/v1/identity-providers').set(bearer(admin)).send({ name: 'No secret', issuer: op.issuer, clientId: 'ehcp-la', clientSecretRef: 'env:OIDC_E2E_NOT_SET' }).expect(201);
    expect(unset.body.clientSecretAvailable).toBe(false);
    expect((await t.http.post(`/api/v1/auth/oidc/${unset.body.id}/authorize-url`).send({ redirectUri: REDIRECT, state: web.state, nonce: web.nonce, codeChallenge: web.codeChallenge }).expect(502)).body.code).toBe('identity_provider_misconfigured');
    await t.http.post(`/api/v1/auth/oidc/00000000-0000-4000-8000-000000000000/authorize-url`).send({ redirectUri: REDIRECT, state: web.state, nonce: web.nonce, codeChallenge: web.codeChallenge }).expect(404);
    const password = await t.http.post('/api/v1/auth/login').send({ email: caseworker.email, password: TEST_PASSWORD }).expect(200);
    expect(password.body.accessToken).toEqual(expect.any(String));
  });
});
