import Redis from 'ioredis';
import type { Browser } from 'playwright-core';
import { Role } from '@app/core';
import { TestUser } from '../support/factories';
import { axe, launchBrowser, newPage, pageBasics, signIn } from './support/browser';
import { startStack, startTestWeb, stackUser, TestStack } from './support/stack';

/** The web's foundation against the real API: sign-in and out, the layout's promises, sessions, CSRF, CSP, errors. */
describe('Web foundation (browser)', () => {
  let browser: Browser;
  let stack: TestStack;
  let caseworker: TestUser;
  let professional: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    [browser, stack] = await Promise.all([launchBrowser(), startStack()]);
    [caseworker, professional, admin] = await Promise.all([
      stackUser(stack, Role.Caseworker),
      stackUser(stack, Role.Professional),
      stackUser(stack, Role.LaAdmin),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('answers /health with 200 while the API is reachable', async () => {
    const response = await fetch(`${stack.web.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', api: 'reachable' });
  });

  it('shows the sign-in page with the layout every page has, and no accessibility violations', async () => {
    const { context, page } = await newPage(browser, stack.web.url);
    const response = await page.goto('/sign-in');
    expect(response?.status()).toBe(200);
    expect(await pageBasics(page)).toEqual({ lang: 'en', title: 'Sign in – EHCP case management', skipLink: '#main-content', mainId: 'main-content', h1s: ['Sign in'] });
    await expect(page.getByRole('button', { name: 'Sign in' }).count()).resolves.toBe(1);
    expect(await axe(page)).toEqual([]);
    await context.close();
  });

  it('sends the CSP with a fresh nonce per response, no unsafe-inline, and the nonce on the page scripts', async () => {
    const first = await fetch(`${stack.web.url}/sign-in`);
    const second = await fetch(`${stack.web.url}/sign-in`);
    const csp = first.headers.get('content-security-policy') ?? '';
    expect(csp).not.toContain('unsafe-inline');
    const nonce = /script-src[^;]*'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/=_-]{16,}$/);
    expect(second.headers.get('content-security-policy')).not.toContain(nonce);
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await first.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    expect(first.headers.get('cache-control')).toBe('no-store');
  });

  it('shows the error summary and inline messages for a blank or wrong sign-in, keeping the email typed', async () => {
    const { context, page } = await newPage(browser, stack.web.url);
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('.govuk-error-summary');
    expect(await page.title()).toBe('Error: Sign in – EHCP case management');
    const links = page.locator('.govuk-error-summary a');
    expect(await links.evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent?.trim()]))).toEqual([
      ['#email', 'Enter your email address'],
      ['#password', 'Enter your password'],
    ]);
    expect(await page.locator('#email-error').textContent()).toContain('Enter your email address');
    expect(await axe(page)).toEqual([]);

    await page.getByLabel('Email address').fill(caseworker.email);
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('.govuk-error-summary');
    expect(await page.locator('.govuk-error-summary a').textContent()).toContain('Enter a correct email address and password');
    expect(await page.getByLabel('Email address').inputValue()).toBe(caseworker.email);
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    await context.close();
  });

  it("signs a caseworker in to their home, with their name and a Sign out button; the session cookie is HttpOnly and SameSite=Lax and holds no token", async () => {
    const { context, page } = await newPage(browser, stack.web.url);
    await signIn(page, caseworker.email);
    expect(new URL(page.url()).pathname).toBe('/cases');
    await expect(page.locator('.govuk-service-navigation').textContent()).resolves.toContain('Test caseworker');
    expect(await page.locator('form[action="/sign-out"] button').textContent()).toContain('Sign out');
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'ehcp-session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', secure: false });
    expect(session!.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The API token lives in Redis only: not in any cookie, not in the page.
    for (const cookie of cookies) expect(cookie.value).not.toContain(caseworker.token.slice(0, 20));
    expect(await page.content()).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
    await context.close();
  });

  it.each([
    ['professional', () => professional, '/advice'],
    ['LA administrator', () => admin, '/admin/users'],
  ])('sends a %s to their home', async (_name, who, home) => {
    const { context, page } = await newPage(browser, stack.web.url);
    await signIn(page, who().email);
    expect(new URL(page.url()).pathname).toBe(home);
    await context.close();
  });

  it('refuses a form post without its CSRF token, and keeps the person signed in', async () => {
    const { context, page } = await newPage(browser, stack.web.url);
    await signIn(page, caseworker.email);
    const forged = await page.request.post('/sign-out', { form: { note: 'no token' }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain('Sorry, this form could not be sent');
    const wrongToken = await page.request.post('/sign-out', { form: { _csrf: 'forged' }, maxRedirects: 0 });
    expect(wrongToken.status()).toBe(403);
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/cases');
    await context.close();
  });

  it('signs out: the session ends in the web and the API token stops working', async () => {
    const { context, page } = await newPage(browser, stack.web.url);
    await signIn(page, professional.email);
    const sessionId = (await context.cookies()).find((c) => c.name === 'ehcp-session')!.value;
    await Promise.all([page.waitForURL('**/sign-in'), page.getByRole('button', { name: 'Sign out' }).click()]);
    const client = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    expect(await client.exists(`${stack.web.config.sessionPrefix}${sessionId}`)).toBe(0);
    await client.quit();
    await stack.api.http.get('/api/v1/auth/me').set('authorization', `Bearer ${professional.token}`).expect(401);
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await context.close();
  });

  it('answers an unknown address with the 404 page, without internals', async () => {
    const { context, page } = await newPage(browser, stack.web.url);
    await signIn(page, admin.email);
    const response = await page.goto('/no-such-page/../../etc');
    expect(response?.status()).toBe(404);
    expect(await pageBasics(page)).toMatchObject({ title: 'Page not found – EHCP case management', h1s: ['Page not found'] });
    expect(await page.content()).not.toMatch(/stack|Exception|node_modules/i);
    expect(await axe(page)).toEqual([]);
    await context.close();
  });

  it('shows a clear page, not a hang, when the API cannot be reached', async () => {
    const orphan = await startTestWeb('http://127.0.0.1:9/api/v1', { apiTimeoutMs: 2000 });
    try {
      const health = await fetch(`${orphan.url}/health`);
      expect(health.status).toBe(503);
      const { context, page } = await newPage(browser, orphan.url);
      await page.goto('/sign-in');
      await page.getByLabel('Email address').fill(caseworker.email);
      await page.getByLabel('Password', { exact: true }).fill('whatever');
      const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Sign in' }).click()]);
      expect(response.status()).toBe(503);
      await page.waitForSelector('h1');
      expect((await pageBasics(page)).h1s).toEqual(['Sorry, the service is unavailable']);
      expect(await axe(page)).toEqual([]);
      await context.close();
    } finally {
      await orphan.close();
    }
  });
});
