import type { Browser } from 'playwright-core';
import { Role } from '@app/core';
import { bearer, TestUser } from '../support/factories';
import { londonNoon } from '../support/london';
import { axe, launchBrowser, newPage, pageBasics, signIn } from './support/browser';
import { startStack, stackUser, TestStack } from './support/stack';

/**
 * The managers' dashboard in a browser without JavaScript: charts with their tables, CSV downloads, filters, no
 * accessibility violations. Today 2026-09-15. T1: final plan 2026-05-25 within 20 weeks with the exceptions flag;
 * T2: final plan 2026-05-20 on day 198; T3: awaiting a decision since 2026-07-01 (at risk).
 */
describe('Managers’ dashboard (browser)', () => {
  let browser: Browser;
  let stack: TestStack;
  let manager: TestUser;
  let caseworker: TestUser;
  const id: Record<string, string> = {};

  beforeAll(async () => {
    [browser, stack] = await Promise.all([launchBrowser(), startStack({ now: londonNoon('2026-09-15') })]);
    [manager, caseworker] = await Promise.all([stackUser(stack, Role.Manager), stackUser(stack, Role.Caseworker)]);
    await stack.api.dataSource.query(`UPDATE users SET team = 'North', display_name = 'Cass Worker' WHERE id = $1`, [caseworker.id]);
    const m = bearer(manager);
    const child = async (name: string) => (await stack.api.http.post('/api/v1/children').set(m).send({ givenName: 'Dash', familyName: name, dateOfBirth: '2015-03-01' }).expect(201)).body.id as string;
    const lines = [
      { externalReference: 'T1', childId: await child('One'), requestReceivedOn: '2026-01-05', requestSource: 'parent', decisionToAssess: { decision: 'assess', decidedOn: '2026-02-04' }, exceptions: [{ ground: 'personal_circumstances', startsOn: '2026-02-10', endsOn: '2026-02-20', reason: 'Illness' }], decisionToIssue: { decision: 'issue', decidedOn: '2026-04-30' }, draftIssuedOn: '2026-05-05', finalIssuedOn: '2026-05-25' },
      { externalReference: 'T2', childId: await child('Two'), requestReceivedOn: '2025-11-03', requestSource: 'parent', decisionToAssess: { decision: 'assess', decidedOn: '2025-12-01' }, decisionToIssue: { decision: 'issue', decidedOn: '2026-04-01' }, draftIssuedOn: '2026-04-10', finalIssuedOn: '2026-05-20' },
      { externalReference: 'T3', childId: await child('Three'), requestReceivedOn: '2026-07-01', requestSource: 'parent' },
    ];
    const imported = await stack.api.http.post('/api/v1/assessments/import').set(m).set('content-type', 'application/x-ndjson').send(lines.map((l) => JSON.stringify(l)).join('\n')).expect(200);
    for (const [i, r] of (imported.body.results as { assessmentId: string }[]).entries()) id[`T${i + 1}`] = r.assessmentId;
    await stack.api.http.post(`/api/v1/assessments/${id.T3}/caseworker`).set(m).send({ caseworkerId: caseworker.id }).expect(200);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('shows every chart with its title, description and the same figures in a table, without JavaScript and with no accessibility violations', async () => {
    const { context, page } = await newPage(browser, stack.web.url, { javaScriptEnabled: false });
    await signIn(page, manager.email);
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    expect(await pageBasics(page)).toMatchObject({ lang: 'en', title: 'Dashboard – EHCP case management', h1s: ['Dashboard'] });
    const charts = page.locator('svg[role="img"]');
    expect(await charts.count()).toBe(5);
    const titles = await charts.evaluateAll((svgs) => svgs.map((s) => [s.querySelector('title')?.textContent, (s.querySelector('desc')?.textContent ?? '').length > 20, s.getAttribute('aria-labelledby')]));
    expect(titles.map((t) => t[0])).toEqual(['Final plans issued within 20 weeks, by month', 'Caseload by stage', 'Advice late by provider', 'Appeals lodged by decision appealed', 'Plans ceased by reason']);
    for (const t of titles) expect(t[1]).toBe(true);
    // The table beside the timeliness chart: May 2026, T1 and T2: 2 issued, 1 within (50%); without T1: 1 issued, 0%.
    const may = page.locator('table tr', { has: page.locator('th', { hasText: /^2026-05$/ }) });
    expect((await may.locator('td').allTextContents()).map((s) => s.trim())).toEqual(['2', '1', '50%', '1', '0%', '1', '0']);
    // The chart draws the same two points for May: 50% (including) and 0% (excluding) on a 0-100 scale.
    expect(await page.locator('#timeliness + figure svg circle').count()).toBeGreaterThan(1);
    // Cases at risk link to their case.
    await expect(page.locator(`a[href="/cases/${id.T3}"]`).count()).resolves.toBe(1);
    await expect(page.getByText('Errors to clear before the return for 21 January 2027').count()).resolves.toBe(1);
    await context.close();
    // axe runs in the page, so it needs JavaScript: the same page with it on, nothing else changed (no script of ours).
    const withJs = await newPage(browser, stack.web.url);
    await signIn(withJs.page, manager.email);
    expect(await withJs.page.locator('svg[role="img"]').count()).toBe(5);
    expect(await axe(withJs.page)).toEqual([]);
    await withJs.context.close();
  }, 180_000);

  it('downloads each table as CSV and filters by caseworker and team', async () => {
    const { context, page } = await newPage(browser, stack.web.url);
    await signIn(page, manager.email);
    const link = page.getByRole('link', { name: 'Download timeliness by month as CSV' });
    const csv = await page.request.get((await link.getAttribute('href'))!);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
    expect((await csv.text()).split('\r\n')).toContain('2026-05,2,1,50,1,0,1,0,0');

    await page.selectOption('#caseworkerId', caseworker.id);
    await Promise.all([page.waitForURL(/caseworkerId=/), page.getByRole('button', { name: 'Apply filters' }).click()]);
    const may = page.locator('table tr', { has: page.locator('th', { hasText: /^2026-05$/ }) });
    expect((await may.locator('td').first().textContent())?.trim()).toBe('0'); // T1 and T2 have no caseworker
    await expect(page.locator(`a[href="/cases/${id.T3}"]`).count()).resolves.toBe(1);
    expect(await page.locator('#caseworkerId').inputValue()).toBe(caseworker.id);

    await page.goto('/dashboard?from=2026-13-01');
    await page.waitForSelector('.govuk-error-summary');
    expect(await page.title()).toBe('Error: Dashboard – EHCP case management');
    expect(await axe(page)).toEqual([]);
    await context.close();
  }, 180_000);

  it('is for managers (and national analysts): a caseworker gets the not-found page', async () => {
    const { context, page } = await newPage(browser, stack.web.url, { javaScriptEnabled: false });
    await signIn(page, caseworker.email);
    const response = await page.goto('/dashboard');
    expect(response?.status()).toBe(404);
    await context.close();
  });
});
