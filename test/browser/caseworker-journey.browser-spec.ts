import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Discipline, Role } from '@app/core';
import { bearer, TestUser } from '../support/factories';
import { londonNoon } from '../support/london';
import { axe, fillDate, launchBrowser, newPage, pageBasics, scrollsSideways, signIn } from './support/browser';
import { stackUser, startStack, TestStack } from './support/stack';

/**
 * A caseworker takes a request to a final plan in the browser and a professional answers the advice request, against
 * the real API. axe on every page; the core form again without JavaScript; the caseload and case page at 320 px.
 */
describe('Caseworker and professional journeys (browser)', () => {
  let browser: Browser;
  let stack: TestStack;
  let caseworker: TestUser;
  let nurse: TestUser;
  let cw: { context: BrowserContext; page: Page };
  const cases: Record<string, string> = {};

  async function newCase(givenName: string, familyName: string, requestReceivedOn: string): Promise<string> {
    const child = await stack.api.http.post('/api/v1/children').set(bearer(caseworker)).send({ givenName, familyName, dateOfBirth: '2016-06-01' }).expect(201);
    const assessment = await stack.api.http.post('/api/v1/assessments').set(bearer(caseworker)).send({ childId: child.body.id, requestReceivedOn, requestSource: 'parent' }).expect(201);
    return assessment.body.id as string;
  }

  async function submit(page: Page, button: string) {
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: button, exact: true }).click()]);
  }

  /** The success banner's text, or the error summary's when the post failed (so a failure says why). */
  async function outcome(page: Page): Promise<string> {
    return (await page.locator('.govuk-notification-banner, .govuk-error-summary').first().textContent()) ?? '';
  }

  async function expectAccessible(page: Page) {
    const basics = await pageBasics(page);
    expect(basics.h1s).toHaveLength(1);
    expect(basics.skipLink).toBe('#main-content');
    expect(await axe(page)).toEqual([]);
  }

  beforeAll(async () => {
    [browser, stack] = await Promise.all([launchBrowser(), startStack({ now: londonNoon('2026-05-01') })]);
    caseworker = await stackUser(stack, Role.Caseworker);
    nurse = await stackUser(stack, Role.Professional, { discipline: Discipline.Health });
    cases.main = await newCase('Amara', 'Okafor', '2026-03-02');
    cases.nojs = await newCase('Bea', 'Nojs', '2026-03-20');
    cw = await newPage(browser, stack.web.url);
    await signIn(cw.page, caseworker.email);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('shows the caseload sorted by next deadline with tags, searchable by name, accessible', async () => {
    const { page } = cw;
    await page.goto('/cases');
    expect((await pageBasics(page)).h1s).toEqual(['My cases']);
    const names = await page.locator('table.app-caseload tbody tr td:first-child a').allTextContents();
    expect(names).toEqual(['Amara Okafor', 'Bea Nojs']);
    // Amara's decision was due on 13 April; Bea's is due today, 1 May 2026.
    expect((await page.locator('table.app-caseload .govuk-tag').allTextContents()).map((t) => t.trim())).toEqual(['Overdue', 'Due soon']);
    await expectAccessible(page);
    await page.getByLabel("Search by child's name or UPN").fill('bea');
    await submit(page, 'Apply filters');
    expect(await page.locator('table.app-caseload tbody tr td:first-child a').allTextContents()).toEqual(['Bea Nojs']);
    expect(new URL(page.url()).searchParams.get('q')).toBe('bea');
  });

  it('shows the case with its deadlines and regulations, and refuses a blank decision with the error summary', async () => {
    const { page } = cw;
    await page.goto('/cases');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Amara Okafor' }).click()]);
    expect(new URL(page.url()).pathname).toBe(`/cases/${cases.main}`);
    expect((await pageBasics(page)).h1s).toEqual(['Amara Okafor']);
    const decisionRow = page.locator('table.app-deadlines tr', { hasText: 'Decision whether to assess' });
    await expect(decisionRow.textContent()).resolves.toMatch(/13 April 2026[\s\S]*Overdue[\s\S]*Regs 5\(1\)|13 April 2026[\s\S]*Overdue/);
    await expectAccessible(page);

    await submit(page, 'Save decision');
    expect(await page.locator('.govuk-error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['#decision', '#decidedOn-day']);
    expect(await page.title()).toMatch(/^Error: Amara Okafor/);
    await expectAccessible(page);
  });

  it('takes the case from the decision to assess to the advice request', async () => {
    const { page } = cw;
    await page.goto(`/cases/${cases.main}`);
    await page.getByLabel('Yes, assess').check();
    await fillDate(page, 'decidedOn', '2026-03-10');
    await submit(page, 'Save decision');
    expect(await outcome(page)).toContain('Decision saved');
    expect(await page.locator('.govuk-summary-list').first().textContent()).toContain('Being assessed');

    await page.getByLabel('Kind of advice').selectOption('health');
    await page.getByLabel('Email address of the professional (optional)').fill(nurse.email);
    await page.getByLabel('Question and context for the adviser (optional)').fill('What are Amara’s health needs at school?');
    await fillDate(page, 'requestedOn', '2026-03-12');
    await submit(page, 'Request advice');
    expect(await page.locator('table.app-advice').textContent()).toMatch(/Health[\s\S]*23 April 2026[\s\S]*Requested/);
    await expectAccessible(page);
  });

  it('lets the professional answer the advice request', async () => {
    const { context, page } = await newPage(browser, stack.web.url);
    await signIn(page, nurse.email);
    expect(new URL(page.url()).pathname).toBe('/advice');
    expect((await pageBasics(page)).h1s).toEqual(['Advice requested from you']);
    await expectAccessible(page);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Amara Okafor' }).click()]);
    expect(await page.locator('main').textContent()).toContain('What are Amara’s health needs at school?');
    await expectAccessible(page);
    await submit(page, 'Send advice');
    expect(await page.locator('#summary-error').textContent()).toContain('Enter your advice');
    await page.getByLabel('Your advice').fill('Amara needs a care plan for asthma at school.');
    await submit(page, 'Send advice');
    expect(await outcome(page)).toContain('Advice sent');
    expect(await page.getByRole('button', { name: 'Send advice' }).count()).toBe(0);
    // The request was announced to the adviser: their notifications link to it.
    await page.goto('/notifications');
    expect(await page.locator('.app-notifications').textContent()).toContain('Advice requested');
    expect(await page.locator('.app-notifications a').first().getAttribute('href')).toMatch(/^\/advice\/[0-9a-f-]{36}$/);
    expect(await axe(page)).toEqual([]);
    await context.close();
  });

  it('accepts the advice, decides to issue, writes the plan, and issues the draft and the final plan', async () => {
    const { page } = cw;
    await page.goto(`/cases/${cases.main}`);
    expect(await page.locator('table.app-advice').textContent()).toContain('Received');
    await submit(page, 'Accept health advice');
    expect(await page.locator('table.app-advice').textContent()).toContain('Accepted');

    await page.getByLabel('Yes, issue a plan').check();
    await fillDate(page, 'issueDecidedOn', '2026-04-01');
    await submit(page, 'Save decision to issue');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Open the plan' }).first().click()]);
    const planId = new URL(page.url()).pathname.split('/')[2];
    expect((await pageBasics(page)).h1s).toEqual(['EHC plan']);
    expect(await page.locator('main').textContent()).toContain('Before you issue');
    await expectAccessible(page);

    // Section A in the browser; the structured sections (needs, outcomes, provision, placement) through the API.
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: /Edit\s+section A:/ }).click()]);
    await expectAccessible(page);
    await page.getByLabel('Section text').fill('Amara loves drawing and wants to be a vet.');
    await submit(page, 'Save section');
    expect(new URL(page.url()).pathname).toBe(`/plans/${planId}`);
    expect(await page.locator('main').textContent()).toContain('Amara loves drawing');
    const structured: [string, object][] = [
      ['B', { text: 'Needs', items: [{ id: 'n1', area: 'cognition_and_learning', description: 'Reading' }] }],
      ['E', { text: 'Outcomes', items: [{ id: 'o1', description: 'Reads fluently', needIds: ['n1'] }] }],
      ['F', { text: 'Provision', items: [{ id: 'p1', description: 'Phonics', frequency: 'daily', duration: '1 year', deliveredBy: 'Teacher', outcomeIds: ['o1'] }] }],
    ];
    const putSection = async (code: string, body: object) => {
      const plan = await stack.api.http.get(`/api/v1/plans/${planId}`).set(bearer(caseworker)).expect(200);
      await stack.api.http.put(`/api/v1/plans/${planId}/sections/${code}`).set(bearer(caseworker)).set('if-match', plan.headers.etag).send(body).expect(200);
    };
    for (const [code, body] of structured) await putSection(code, body);

    // Someone else saves while the page is open: the save is refused and says so, keeping what was typed.
    await page.goto(`/plans/${planId}/sections/A`);
    await page.getByLabel('Section text').fill('My edit');
    const plan = await stack.api.http.get(`/api/v1/plans/${planId}`).set(bearer(caseworker)).expect(200);
    await stack.api.http.put(`/api/v1/plans/${planId}/sections/A`).set(bearer(caseworker)).set('if-match', plan.headers.etag).send({ text: 'Newer text from a colleague' }).expect(200);
    await submit(page, 'Save section');
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('This case changed since you opened it');
    expect(await page.getByLabel('Section text').inputValue()).toBe('Newer text from a colleague');
    expect(await page.locator('main').textContent()).toContain('My edit');
    await expectAccessible(page);

    await page.goto(`/cases/${cases.main}`);
    // Only health advice was sought: the draft form names the Regs 6(1) kinds not sought and asks why (issue 24, point 13).
    expect(await page.locator('.app-advice-not-sought').textContent()).toMatch(/Parent or young person advice \(regulation 6\(1\)\(a\)\)[\s\S]*Social care advice \(regulation 6\(1\)\(e\)\)/);
    await expectAccessible(page);
    await fillDate(page, 'draftIssuedOn', '2026-04-02');
    await submit(page, 'Issue draft plan');
    expect(await outcome(page)).toContain('Give the reason for issuing the draft without the advice not yet sought');
    await page.getByLabel('Why the draft is issued without this advice').fill('The family asked for the draft at once; the other advisers will contribute at the first review.');
    await submit(page, 'Issue draft plan');
    expect(await outcome(page)).toContain('Draft plan issued');
    // The school is named only after the draft (CFA s38(5)).
    await putSection('I', { text: '', items: [{ name: 'Demo Primary School', type: 'Mainstream primary' }] });
    await fillDate(page, 'representationsOn', '2026-04-05');
    await submit(page, "Record the family's response");
    await fillDate(page, 'finalIssuedOn', '2026-04-10');
    await submit(page, 'Issue final plan');
    expect(await outcome(page)).toContain('Final plan issued');
    expect(await page.locator('.govuk-summary-list').first().textContent()).toContain('Final plan issued');
    await expectAccessible(page);
    await page.goto(`/plans/${planId}`);
    expect(await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href')).toBe(`/plans/${planId}/pdf`);
  });

  it('works without JavaScript: the decision form, its errors and its success', async () => {
    const { context, page } = await newPage(browser, stack.web.url, { javaScriptEnabled: false });
    await signIn(page, caseworker.email);
    await page.goto(`/cases/${cases.nojs}`);
    await fillDate(page, 'decidedOn', '2026-03-25');
    await submit(page, 'Save decision');
    expect(await page.locator('#decision-error').textContent()).toContain('Select whether to carry out an assessment');
    expect(await page.locator('#decidedOn-day').inputValue()).toBe('25');
    await page.getByLabel('No, refuse to assess').check();
    await fillDate(page, 'decidedOn', '2026-03-25');
    await submit(page, 'Save decision');
    expect(await page.locator('.govuk-summary-list').first().textContent()).toContain('Refused to assess');
    await context.close();
  });

  it('closes a case without a plan on its own page, without JavaScript: errors with what was typed, then back to the case', async () => {
    const id = await newCase('Cai', 'Closing', '2026-03-20');
    // axe needs JavaScript: the page is checked in the caseworker's usual browser first.
    await cw.page.goto(`/cases/${id}/withdraw`);
    expect((await pageBasics(cw.page)).h1s).toEqual(['Close the case without a plan']);
    await expectAccessible(cw.page);
    const { context, page } = await newPage(browser, stack.web.url, { javaScriptEnabled: false });
    await signIn(page, caseworker.email);
    await page.goto(`/cases/${id}`);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: /Close the case without a plan/ }).click()]);
    expect(new URL(page.url()).pathname).toBe(`/cases/${id}/withdraw`);
    await fillDate(page, 'withdrawnOn', '2026-04-02');
    await submit(page, 'Close the case');
    expect(new URL(page.url()).pathname).toBe(`/cases/${id}/withdraw`);
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Select why the case is closed');
    expect(await page.locator('#withdrawnOn-day').inputValue()).toBe('2');
    await page.getByLabel('The request was withdrawn').check();
    await submit(page, 'Close the case');
    expect(new URL(page.url()).pathname).toBe(`/cases/${id}`);
    expect(await outcome(page)).toContain('Case closed');
    expect(await page.getByRole('link', { name: /Close the case without a plan|Record an exception/ }).count()).toBe(0);
    // A closed case offers neither form: its pages lead back to the case.
    await page.goto(`/cases/${id}/withdraw`);
    expect(new URL(page.url()).pathname).toBe(`/cases/${id}`);
    await context.close();
  });

  it('shows the caseload and the case page at 320 CSS pixels without scrolling sideways', async () => {
    const { context, page } = await newPage(browser, stack.web.url, { width: 320 });
    await signIn(page, caseworker.email);
    await page.goto('/cases');
    expect(await scrollsSideways(page)).toBe(false);
    await page.goto(`/cases/${cases.main}`);
    expect(await scrollsSideways(page)).toBe(false);
    await context.close();
  });

  it('answers 404 for a case of another role or a stranger', async () => {
    const response = await cw.page.goto('/advice');
    expect(response?.status()).toBe(404);
    const missing = await cw.page.goto('/cases/00000000-0000-4000-8000-000000000000');
    expect(missing?.status()).toBe(404);
  });
});
