import type { Browser, Page } from 'playwright-core';
import { Role } from '@app/core';
import { bearer, TestUser } from '../support/factories';
import { londonNoon } from '../support/london';
import { axe, launchBrowser, newPage, pageBasics, signIn } from './support/browser';
import { startStack, stackUser, TestStack } from './support/stack';
import { startTestWorker } from '../support/worker';
import { waitFor } from '../support/wait';

/**
 * The managers' scorecard in a browser without JavaScript (issue 27): targets set on the page, red/amber/green in
 * words as well as colour, the trend, and a red measure's owner's commentary with its history. Today 2026-09-15.
 * T1: final plan 2026-05-25 within 20 weeks, with the exceptions flag; T2: final plan 2026-05-20 on day 198. So for
 * 2026-01-01 to 2026-09-15: 50% within 20 weeks including exceptions, 0% excluding them (only T2 counts).
 */
describe('Managers’ scorecard (browser)', () => {
  let browser: Browser;
  let stack: TestStack;
  let manager: TestUser;
  let caseworker: TestUser;
  const PERIOD = '/scorecard?from=2026-01-01&to=2026-09-15';
  const KEY = 'timeliness_20_weeks_excl';

  beforeAll(async () => {
    [browser, stack] = await Promise.all([launchBrowser(), startStack({ now: londonNoon('2026-09-15') })]);
    [manager, caseworker] = await Promise.all([stackUser(stack, Role.Manager), stackUser(stack, Role.Caseworker)]);
    const m = bearer(manager);
    const child = async (name: string) => (await stack.api.http.post('/api/v1/children').set(m).send({ givenName: 'Score', familyName: name, dateOfBirth: '2015-03-01' }).expect(201)).body.id as string;
    const lines = [
      { externalReference: 'T1', childId: await child('One'), requestReceivedOn: '2026-01-05', requestSource: 'parent', decisionToAssess: { decision: 'assess', decidedOn: '2026-02-04' }, exceptions: [{ ground: 'personal_circumstances', startsOn: '2026-02-10', endsOn: '2026-02-20', reason: 'Illness' }], decisionToIssue: { decision: 'issue', decidedOn: '2026-04-30' }, draftIssuedOn: '2026-05-05', finalIssuedOn: '2026-05-25' },
      { externalReference: 'T2', childId: await child('Two'), requestReceivedOn: '2025-11-03', requestSource: 'parent', decisionToAssess: { decision: 'assess', decidedOn: '2025-12-01' }, decisionToIssue: { decision: 'issue', decidedOn: '2026-04-01' }, draftIssuedOn: '2026-04-10', finalIssuedOn: '2026-05-20' },
    ];
    await stack.api.http.post('/api/v1/assessments/import').set(m).set('content-type', 'application/x-ndjson').send(lines.map((l) => JSON.stringify(l)).join('\n')).expect(200);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const row = (page: Page, label: RegExp) => page.locator('table').first().locator('tr', { has: page.locator('th', { hasText: label }) });
  const cells = async (page: Page, label: RegExp) => (await row(page, label).locator('td').allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim());
  const submit = async (page: Page, form: string, button: string) => {
    await Promise.all([page.waitForURL(/\/scorecard/), page.locator(`#${form}`).getByRole('button', { name: button }).click()]);
  };

  it('sets a target, shows the measure red in words, and takes the owner’s commentary with its history, without JavaScript', async () => {
    const { context, page } = await newPage(browser, stack.web.url, { javaScriptEnabled: false });
    await signIn(page, manager.email);
    await page.goto(PERIOD);
    expect(await pageBasics(page)).toMatchObject({ lang: 'en', title: 'Scorecard – EHCP case management', h1s: ['Scorecard'] });
    // No targets yet: each measure says so; the figures and the trend are there.
    expect(await cells(page, /excluding exceptions/)).toEqual(['0%', 'No figure', 'No comparison', 'Not set', 'Not set', 'No target set']);
    expect(await cells(page, /including exceptions/)).toEqual(['50%', 'No figure', 'No comparison', 'Not set', 'Not set', 'No target set']);

    // An amber threshold above the target of a higher-is-better measure: the API's message beside the field.
    await page.fill(`#${KEY}-target`, '60');
    await page.fill(`#${KEY}-amber`, '70');
    await submit(page, `target-${KEY}`, 'Save target');
    await page.waitForSelector('.govuk-error-summary');
    expect(await page.title()).toBe('Error: Scorecard – EHCP case management');
    expect(await page.locator('.govuk-error-summary a').first().getAttribute('href')).toBe(`#${KEY}-amber`);
    expect(await page.locator(`#${KEY}-amber-error`).textContent()).toMatch(/at or below the target/);
    expect(await page.locator(`#${KEY}-amber`).inputValue()).toBe('70');
    // Not a number: the page's own check.
    await page.fill(`#${KEY}-amber`, 'fifty');
    await submit(page, `target-${KEY}`, 'Save target');
    expect(await page.locator(`#${KEY}-amber-error`).textContent()).toMatch(/percentage from 0 to 100/);

    await page.fill(`#${KEY}-amber`, '50');
    await submit(page, `target-${KEY}`, 'Save target');
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Target saved');
    expect(new URL(page.url()).search).toBe('?from=2026-01-01&to=2026-09-15');
    expect(await cells(page, /excluding exceptions/)).toEqual(['0%', 'No figure', 'No comparison', '60%', '50%', 'Red']);
    expect(await page.getByText('1 measure is red for this period.').count()).toBe(1);
    expect(await page.getByText('This measure is red: add the owner’s commentary for the board').count()).toBe(1);

    // The red measure's commentary: each missing answer named, then saved and kept in the history.
    await submit(page, `commentary-${KEY}`, 'Add commentary');
    const summary = (await page.locator('.govuk-error-summary li').allTextContents()).map((s) => s.trim());
    expect(summary).toEqual(['Enter who owns the action', 'Enter what will be done', 'Enter the date the action is due by']);
    await page.fill(`#${KEY}-owner`, 'Head of SEN, J. Smith');
    await page.fill(`#${KEY}-action`, 'Two more EP sessions a week from October');
    await page.fill(`#${KEY}-dueOn-day`, '31');
    await page.fill(`#${KEY}-dueOn-month`, '12');
    await page.fill(`#${KEY}-dueOn-year`, '2026');
    await submit(page, `commentary-${KEY}`, 'Add commentary');
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Commentary added');
    const history = page.locator(`section[aria-labelledby="measure-${KEY}"] table tr`, { hasText: 'Head of SEN' });
    expect((await history.locator('td').allTextContents()).map((s) => s.trim())).toEqual(['1 January 2026 to 15 September 2026', 'Red', 'Head of SEN, J. Smith', 'Two more EP sessions a week from October', '31 December 2026']);
    expect(await page.getByText('This measure is red: add the owner’s commentary for the board').count()).toBe(0);

    // A second commentary later is added to the history, newest first; the first stays.
    await page.fill(`#${KEY}-owner`, 'Service manager, A. Khan');
    await page.fill(`#${KEY}-action`, 'Weekly panel for cases past week 16');
    await page.fill(`#${KEY}-dueOn-day`, '30');
    await page.fill(`#${KEY}-dueOn-month`, '11');
    await page.fill(`#${KEY}-dueOn-year`, '2026');
    await submit(page, `commentary-${KEY}`, 'Add commentary');
    const who = await page.locator(`section[aria-labelledby="measure-${KEY}"] table tbody tr td:nth-child(4)`).allTextContents();
    expect(who.map((s) => s.trim())).toEqual(['Service manager, A. Khan', 'Head of SEN, J. Smith']);
    await context.close();

    // axe runs in the page, so it needs JavaScript: the same page with it on, and with errors showing.
    const withJs = await newPage(browser, stack.web.url);
    await signIn(withJs.page, manager.email);
    await withJs.page.goto(PERIOD);
    expect(await axe(withJs.page)).toEqual([]);
    await withJs.page.goto('/scorecard?from=2026-13-01');
    await withJs.page.waitForSelector('.govuk-error-summary');
    expect(await axe(withJs.page)).toEqual([]);
    await withJs.context.close();
  }, 240_000);

  it('asks for the board pack of the period shown and downloads it once the worker has prepared it, without JavaScript', async () => {
    const { context, page } = await newPage(browser, stack.web.url, { javaScriptEnabled: false });
    await signIn(page, manager.email);
    await page.goto(PERIOD);
    await Promise.all([page.waitForURL(/\/scorecard/), page.getByRole('button', { name: 'Prepare the board pack for this period' }).click()]);
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Board pack asked for');
    const packRow = page.locator('#board-pack ~ table tr', { hasText: '1 January 2026 to 15 September 2026' });
    expect(await packRow.locator('td').nth(1).textContent()).toBe('Being prepared');
    // Before the worker has run: the download says it is still being made.
    const [packId] = (await stack.api.dataSource.query<{ id: string }[]>(`SELECT id FROM board_packs WHERE requested_by_id = $1`, [manager.id])).map((r) => r.id);
    await page.goto(`/scorecard/board-packs/${packId}/pdf`);
    expect(await page.locator('h1').textContent()).toBe('The board pack is being prepared');
    const worker = await startTestWorker(stack.api.config, stack.api.clock);
    try {
      await waitFor(async () => (await stack.api.dataSource.query<{ status: string }[]>(`SELECT status FROM board_packs WHERE id = $1`, [packId]))[0].status === 'rendered', 'board pack rendered', 120_000, 250);
    } finally {
      await worker.close();
    }
    await page.goto(PERIOD);
    expect(await packRow.locator('td').nth(1).textContent()).toBe('Ready');
    const link = packRow.getByRole('link', { name: /Download/ });
    const pdf = await page.request.get((await link.getAttribute('href'))!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await context.close();
    // The list of packs passes axe too (axe needs JavaScript in the page).
    const withJs = await newPage(browser, stack.web.url);
    await signIn(withJs.page, manager.email);
    await withJs.page.goto(PERIOD);
    expect(await withJs.page.locator('#board-pack ~ table').count()).toBe(1);
    expect(await axe(withJs.page)).toEqual([]);
    await withJs.context.close();
  }, 240_000);

  it('is for managers: a caseworker gets the not-found page', async () => {
    const { context, page } = await newPage(browser, stack.web.url, { javaScriptEnabled: false });
    await signIn(page, caseworker.email);
    const response = await page.goto('/scorecard');
    expect(response?.status()).toBe(404);
    await context.close();
  });
});
