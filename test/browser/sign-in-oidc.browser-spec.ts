import { Role } from '@app/core';
import type { Browser } from 'playwright-core';
import { TestUser } from '../support/factories';
import { pkceAndState, RunningProvider, startOidcProvider } from '../support/oidc';
import { axe, launchBrowser, newPage, pageBasics } from './support/browser';
import { startStack, stackUser, TestStack } from './support/stack';
import { SessionStore } from '../../apps/web/session/session.store';
import { totpCode } from '../support/totp';

const SECRET = `browser-client-secret-${Math.random().toString(36).slice(2)}`;

describe('Sign-in through the LA\'s identity provider, second factor and sessions (browser)', () => {
  let browser: Browser;
  let stack: TestStack;
  let op: RunningProvider;
  let caseworker: TestUser;
  let providerId: string;

  beforeAll(async () => {
    process.env.OIDC_BROWSER_CLIENT_SECRET = SECRET;
    [browser, stack] = await Promise.all([launchBrowser(), startStack()]);
    op = await startOidcProvider([{ client_id: 'ehcp-web', client_secret: SECRET, redirect_uris: [`${stack.web.url}/sign-in/oidc/callback`] }]);
    caseworker = await stackUser(stack, Role.Caseworker);
    const admin = await stackUser(stack, Role.LaAdmin);
    await op.addAccounts({ 'sub-caseworker': { email: caseworker.email, email_verified: true } });
    const registered = await stack.api.http.post('/api/v1/identity-providers').set('authorization', `Bearer ${admin.token}`).send({ name: 'Test Borough staff', issuer: op.issuer, clientId: 'ehcp-web', clientSecretRef: 'env:OIDC_BROWSER_CLIENT_SECRET' }).expect(201);
    providerId = registered.body.id;
  });
  afterAll(async () => {
    await browser?.close();
    await op?.stop();
    await stack?.close();
    delete process.env.OIDC_BROWSER_CLIENT_SECRET;
  });

  it('a caseworker signs in through the provider, sees their sessions and ends one', async () => {
    const { context, page } = await newPage(browser, stack.web.url);
    await page.goto('/sign-in');
    expect(await axe(page)).toEqual([]);
    await Promise.all([page.waitForURL((url) => url.origin === op.issuer), page.getByRole('link', { name: /Sign in with Test Borough staff/ }).click()]);
    await page.getByLabel('Account').fill('sub-caseworker');
    await Promise.all([page.waitForURL((url) => url.origin === stack.web.url && !url.pathname.startsWith('/sign-in')), page.getByRole('button', { name: 'Sign in' }).click()]);

    // A second session elsewhere (the API as another device), to end from the page.
    const other = await stack.api.http.post('/api/v1/auth/login').set('user-agent', 'Other laptop').send({ email: caseworker.email, password: 'correct-horse-battery' }).expect(200);
    await page.goto('/sessions');
    expect((await pageBasics(page)).h1s).toEqual(['Your sessions']);
    await expect(page.getByText('This session').count()).resolves.toBe(1);
    expect(await axe(page)).toEqual([]);
    await Promise.all([page.waitForURL('**/sessions'), page.getByRole('button', { name: /End the session Other laptop/ }).click()]);
    await stack.api.http.get('/api/v1/auth/me').set('authorization', `Bearer ${other.body.accessToken}`).expect(401);
    const [{ method }] = await stack.api.dataSource.query(`SELECT method FROM user_sessions WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC LIMIT 1`, [caseworker.id]);
    expect(method).toBe('oidc');

    // Past the access token's 15 minutes: the web refreshes it (the API rotates the refresh token) and stays signed in.
    const redis = stack.web.app.get(SessionStore).redis;
    const keys = (await redis.keys(`${stack.web.config.sessionPrefix}*`)).filter((k) => !k.includes(':oidc:'));
    for (const key of keys) {
      const data = JSON.parse((await redis.get(key))!);
      await redis.set(key, JSON.stringify({ ...data, accessExpiresAt: Date.now() - 1000 }), 'KEEPTTL');
    }
    await page.goto('/sessions');
    expect((await pageBasics(page)).h1s).toEqual(['Your sessions']);
    const [{ refreshes }] = await stack.api.dataSource.query(`SELECT max(refresh_count)::int AS refreshes FROM user_sessions WHERE user_id = $1 AND method = 'oidc'`, [caseworker.id]);
    expect(refreshes).toBe(1);
    await context.close();
  });

  it('refuses a return from the provider that this browser did not start', async () => {
    const { context, page } = await newPage(browser, stack.web.url);
    const forged = pkceAndState();
    await page.goto(`/sign-in/oidc/callback?code=abc&state=${forged.state.slice(0, 32)}`);
    expect((await pageBasics(page)).h1s).toEqual(['Sign in']);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toMatch(/took too long or was not started here/);
    expect(providerId).toEqual(expect.any(String));
    await context.close();
  });

  it('an administrator of an LA that requires a second factor sets up the app with the QR code page, then signs in with a code', async () => {
    await stack.api.dataSource.query(`UPDATE local_authorities SET mfa_required_for = 'admins_and_managers' WHERE id = $1`, [stack.la.id]);
    const manager = await stackUser(stack, Role.Caseworker).then(async (u) => {
      await stack.api.dataSource.query(`UPDATE users SET role = 'manager' WHERE id = $1`, [u.id]);
      return u;
    });
    const { context, page } = await newPage(browser, stack.web.url);
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(manager.email);
    await page.getByLabel('Password', { exact: true }).fill('correct-horse-battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('h1');
    expect((await pageBasics(page)).h1s).toEqual(['Set up your authenticator app']);
    expect(await page.locator('img.app-qr-code').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await axe(page)).toEqual([]);
    const secret = (await page.locator('#secret').textContent())!.trim();
    await page.getByLabel('Enter the 6-digit code the app shows').fill(totpCode(secret));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('h1');
    expect((await pageBasics(page)).h1s).toEqual(['Save your recovery codes']);
    await expect(page.locator('.app-recovery-codes li').count()).resolves.toBe(10);
    await context.close();

    // Next time: the code step.
    const again = await newPage(browser, stack.web.url);
    await again.page.goto('/sign-in');
    await again.page.getByLabel('Email address').fill(manager.email);
    await again.page.getByLabel('Password', { exact: true }).fill('correct-horse-battery');
    await again.page.getByRole('button', { name: 'Sign in' }).click();
    await again.page.waitForSelector('h1');
    expect((await pageBasics(again.page)).h1s).toEqual(['Enter the code from your authenticator app']);
    await again.page.getByLabel('Enter the code from your authenticator app').fill(totpCode(secret, Math.floor(Date.now() / 30_000) + 1));
    await Promise.all([again.page.waitForURL((url) => !url.pathname.startsWith('/sign-in')), again.page.getByRole('button', { name: 'Continue' }).click()]);
    await again.page.goto('/sessions');
    expect((await pageBasics(again.page)).h1s).toEqual(['Your sessions']);
    await again.context.close();
  });
});
