import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Discipline, Role } from '@app/core';
import { bearer, TestUser } from '../support/factories';
import { londonNoon } from '../support/london';
import { axe, fillDate, launchBrowser, newPage, pageBasics, scrollsSideways, signIn, submitForm } from './support/browser';
import { stackUser, startStack, TestStack } from './support/stack';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/**
 * From the request to the final plan in the browser: the caseworker registers the request (a new child), decides to
 * assess, asks for advice, reads the professional's advice and file, returns it with a reason, accepts the corrected
 * advice, records an exception, consults a school and records its answer, and issues the draft and final plan; then
 * holds the review and registers an appeal. The only API calls made by the test: users (stackUser) and the plan's
 * structured sections B, E, F and I, whose item pages are another change's (see docs/web.md).
 */
describe('Registering a request and taking it to a final plan (browser)', () => {
  let browser: Browser;
  let stack: TestStack;
  let caseworker: TestUser;
  let psychologist: TestUser;
  let cw: { context: BrowserContext; page: Page };
  let caseUrl = '';
  let adviceUrl = '';

  async function expectAccessible(page: Page) {
    const basics = await pageBasics(page);
    expect(basics.h1s).toHaveLength(1);
    expect(await axe(page)).toEqual([]);
  }

  beforeAll(async () => {
    [browser, stack] = await Promise.all([launchBrowser(), startStack({ now: londonNoon('2026-05-01') })]);
    caseworker = await stackUser(stack, Role.Caseworker);
    psychologist = await stackUser(stack, Role.Professional, { discipline: Discipline.Psychology });
    cw = await newPage(browser, stack.web.url);
    await signIn(cw.page, caseworker.email);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('registers a request for a new child from My cases, with errors per field, and the case is in the caseload', async () => {
    const { page } = cw;
    await page.goto('/cases');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Register a request' }).click()]);
    expect(new URL(page.url()).pathname).toBe('/cases/new');
    expect((await pageBasics(page)).h1s).toEqual(['Register a request']);
    await expectAccessible(page);

    expect(await submitForm(page, 'Register the request')).toContain('There is a problem');
    expect(await page.locator('.govuk-error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([
      '#givenName',
      '#familyName',
      '#dateOfBirth-day',
      '#requestReceivedOn-day',
      '#requestSource',
    ]);
    await expectAccessible(page);

    await page.getByLabel('First name').fill('Tomasz');
    await page.getByLabel('Last name').fill('Nowak');
    await fillDate(page, 'dateOfBirth', '2017-09-12');
    await page.getByLabel('Unique Pupil Number (UPN) (optional)').fill('not a upn');
    await fillDate(page, 'requestReceivedOn', '2026-03-02');
    await page.getByLabel('A parent').check();
    // The API's check on the UPN, shown against the field, one message, what was typed kept.
    expect(await submitForm(page, 'Register the request')).toContain('There is a problem');
    expect(await page.locator('.govuk-error-summary a').count()).toBe(1);
    expect(await page.locator('#upn-error').count()).toBe(1);
    expect(await page.getByLabel('First name').inputValue()).toBe('Tomasz');
    await page.getByLabel('Unique Pupil Number (UPN) (optional)').fill('');
    expect(await submitForm(page, 'Register the request')).toContain('Request registered');
    caseUrl = new URL(page.url()).pathname;
    expect(caseUrl).toMatch(/^\/cases\/[0-9a-f-]{36}$/);
    expect((await pageBasics(page)).h1s).toEqual(['Tomasz Nowak']);

    await page.goto('/cases');
    expect(await page.locator('table.app-caseload tbody tr td:first-child a').allTextContents()).toEqual(['Tomasz Nowak']);

    // Finding the child again offers them, not a second record.
    await page.goto('/cases/new?q=nowak');
    expect(await page.locator('.app-child-matches a').allTextContents()).toEqual(['Tomasz Nowak: register a request']);
    await expectAccessible(page);
  });

  it('decides to assess and asks the educational psychologist for advice', async () => {
    const { page } = cw;
    await page.goto(caseUrl);
    await page.getByLabel('Yes, assess').check();
    await fillDate(page, 'decidedOn', '2026-03-10');
    expect(await submitForm(page, 'Save decision')).toContain('Decision saved');
    await page.getByLabel('Kind of advice').selectOption('psychology');
    await page.getByLabel('Email address of the professional (optional)').fill(psychologist.email);
    await page.getByLabel('Question and context for the adviser (optional)').fill('How does Tomasz learn best?');
    await fillDate(page, 'requestedOn', '2026-03-12');
    expect(await submitForm(page, 'Request advice')).toContain('Advice requested');
    expect(await page.locator('.app-timeline').textContent()).toMatch(/advice/i);
    await expectAccessible(page);
  });

  it('lets the professional answer with a file; a file of the wrong kind is refused on the form', async () => {
    const { context, page } = await newPage(browser, stack.web.url);
    await signIn(page, psychologist.email);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Tomasz Nowak' }).click()]);
    adviceUrl = new URL(page.url()).pathname;
    await expectAccessible(page);
    await page.getByLabel('Your advice').fill('Tomasz learns best with visual supports.');
    await page.setInputFiles('#file', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('plain text is not accepted') });
    expect(await submitForm(page, 'Send advice')).toContain('There is a problem');
    expect(await page.locator('#file-error').count()).toBe(1);
    expect(await page.getByLabel('Your advice').inputValue()).toBe('Tomasz learns best with visual supports.');
    await expectAccessible(page);
    await page.setInputFiles('#file', { name: 'EP report.pdf', mimeType: 'application/pdf', buffer: PDF });
    expect(await submitForm(page, 'Send advice')).toContain('Advice sent');
    expect(await page.locator('.app-attachments').textContent()).toContain('EP report');
    await context.close();
  });

  it('reads the advice and its file, returns it with a reason; the professional sees why and sends it again', async () => {
    const { page } = cw;
    await page.goto(caseUrl);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: /Read the advice/ }).click()]);
    expect(await page.locator('.app-advice-summary').textContent()).toContain('visual supports');
    await expectAccessible(page);
    const href = await page.locator('.app-attachments a').getAttribute('href');
    const download = await page.request.get(href!);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toBe('application/pdf');
    expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-');

    expect(await submitForm(page, 'Return advice')).toContain('Enter what the adviser must add or correct');
    await page.getByLabel('What the adviser must add or correct').fill('Please add the provision and how often.');
    expect(await submitForm(page, 'Return advice')).toContain('Advice returned to the adviser');
    expect(await page.locator('table.app-advice').textContent()).toContain('Returned');

    const { context, page: pro } = await newPage(browser, stack.web.url);
    await signIn(pro, psychologist.email);
    await pro.goto(adviceUrl);
    expect(await pro.locator('.app-advice-outcome').textContent()).toContain('Please add the provision and how often.');
    await expectAccessible(pro);
    await pro.getByLabel('Your advice').fill('Tomasz learns best with visual supports: 30 minutes a day with a teaching assistant.');
    expect(await submitForm(pro, 'Send advice')).toContain('Enter what you changed');
    await pro.getByLabel('What you changed').fill('Added the provision and how often.');
    expect(await submitForm(pro, 'Send advice')).toContain('Advice sent');
    await context.close();

    await page.goto(caseUrl);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: /Read the advice/ }).click()]);
    expect(await submitForm(page, 'Accept advice')).toContain('Advice accepted');
    expect(await page.locator('table.app-advice').textContent()).toContain('Accepted');
  });

  it('records an exception; a step posted from a page opened before it says the case changed', async () => {
    const { page } = cw;
    await page.goto(caseUrl);
    // A second tab, opened before the exception is recorded.
    const old = await cw.context.newPage();
    await old.goto(caseUrl);
    // The form is on its own page, linked from the case page; its errors come back to it with what was typed.
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Record an exception' }).click()]);
    expect(new URL(page.url()).pathname).toBe(`${caseUrl}/exceptions/new`);
    expect((await pageBasics(page)).h1s).toEqual(['Record an exception']);
    await expectAccessible(page);
    await page.getByLabel('Why it made the step impractical').fill('The family were abroad for a month.');
    expect(await submitForm(page, 'Record exception')).toContain('Select why the time limit cannot be met');
    expect(new URL(page.url()).pathname).toBe(`${caseUrl}/exceptions/new`);
    expect(await page.getByLabel('Why it made the step impractical').inputValue()).toBe('The family were abroad for a month.');
    await expectAccessible(page);
    await page.getByLabel('The child or parent is away from the area for at least 4 weeks').check();
    await fillDate(page, 'exceptionStartsOn', '2026-04-01');
    await fillDate(page, 'exceptionEndsOn', '2026-04-30');
    expect(await submitForm(page, 'Record exception')).toContain('Exception recorded');
    expect(new URL(page.url()).pathname).toBe(caseUrl);
    expect(await page.locator('.app-exceptions').textContent()).toContain('away from the area');
    expect(await page.locator('.govuk-summary-list').first().textContent()).toMatch(/Exceptions apply\s*Yes/);
    await expectAccessible(page);

    await old.getByLabel('Yes, issue a plan').check();
    await fillDate(old, 'issueDecidedOn', '2026-04-01');
    expect(await submitForm(old, 'Save decision to issue')).toContain('This case changed since you opened it');
    // The page now shows the newer version (the exception), and what was typed is kept.
    expect(await old.locator('.app-exceptions').textContent()).toContain('away from the area');
    expect(await old.locator('#issueDecidedOn-day').inputValue()).toBe('1');
    await old.close();
  });

  it('decides to issue, writes the plan, issues the draft, consults a school, and issues the final plan', async () => {
    const { page } = cw;
    await page.goto(caseUrl);
    await page.getByLabel('Yes, issue a plan').check();
    await fillDate(page, 'issueDecidedOn', '2026-04-01');
    expect(await submitForm(page, 'Save decision to issue')).toContain('Decision to issue saved');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Open the plan' }).first().click()]);
    const planId = new URL(page.url()).pathname.split('/')[2];
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: /Edit\s+section A:/ }).click()]);
    await page.getByLabel('Section text').fill('Tomasz loves trains and wants to drive one.');
    expect(await submitForm(page, 'Save section')).toContain('Section A saved');

    // Sections B, E, F and I carry items the section page does not edit yet: through the API (see the describe).
    const putSection = async (code: string, body: object) => {
      const plan = await stack.api.http.get(`/api/v1/plans/${planId}`).set(bearer(caseworker)).expect(200);
      await stack.api.http.put(`/api/v1/plans/${planId}/sections/${code}`).set(bearer(caseworker)).set('if-match', plan.headers.etag).send(body).expect(200);
    };
    await putSection('B', { text: 'Needs', items: [{ id: 'n1', area: 'cognition_and_learning', description: 'Reading' }] });
    await putSection('E', { text: 'Outcomes', items: [{ id: 'o1', description: 'Reads fluently', needIds: ['n1'] }] });
    await putSection('F', { text: 'Provision', items: [{ id: 'p1', description: 'Phonics', frequency: 'daily', duration: '1 year', deliveredBy: 'Teacher', outcomeIds: ['o1'] }] });

    await page.goto(caseUrl);
    await fillDate(page, 'draftIssuedOn', '2026-04-02');
    // Only the EP's advice was sought: the draft goes out with the documented reason (Regs 6(1); issue 24, point 13).
    await page.getByLabel('Why the draft is issued without this advice').fill('Urgent: the family asked for the draft now; the other advice follows at the review.');
    expect(await submitForm(page, 'Issue draft plan')).toContain('Draft plan issued');

    await page.getByLabel('Name of the school or college').fill('Demo Primary School');
    await fillDate(page, 'consultedOn', '2026-04-03');
    expect(await submitForm(page, 'Record the consultation')).toContain('School consulted');
    expect(await page.locator('.app-consultation').textContent()).toContain('Not answered yet');
    await expectAccessible(page);
    await page.getByLabel('It agrees to be named').check();
    await fillDate(page, 'respondedOn', '2026-04-08');
    expect(await submitForm(page, 'Record the answer')).toContain("School's answer recorded");
    expect(await page.locator('.app-consultation').textContent()).toContain('Agrees to be named');

    await putSection('I', { text: '', items: [{ name: 'Demo Primary School', type: 'Mainstream primary' }] });
    await page.goto(caseUrl);
    await fillDate(page, 'representationsOn', '2026-04-05');
    expect(await submitForm(page, "Record the family's response")).toContain("Family's response recorded");
    await fillDate(page, 'finalIssuedOn', '2026-04-20');
    expect(await submitForm(page, 'Issue final plan')).toContain('Final plan issued');
    expect(await page.locator('.app-decision-notices').first().textContent()).toContain('The final plan');
    await expectAccessible(page);

    // The review and the appeal on the plan page (reviews-appeals.browser-spec.ts walks them in full).
    await page.goto(`/plans/${planId}`);
    await fillDate(page, 'meetingOn', '2026-04-28');
    expect(await submitForm(page, 'Record review meeting')).toContain('Review meeting recorded');
    await page.getByLabel('The contents of the plan', { exact: true }).check();
    await fillDate(page, 'noticeOn', '2026-04-20');
    expect(await submitForm(page, 'Register appeal')).toContain('Appeal registered');
  });

  it('works without JavaScript: registering a request, its errors and its success', async () => {
    const { context, page } = await newPage(browser, stack.web.url, { javaScriptEnabled: false });
    await signIn(page, caseworker.email);
    await page.goto('/cases/new');
    await page.getByLabel('First name').fill('Nia');
    expect(await submitForm(page, 'Register the request')).toContain('There is a problem');
    expect(await page.getByLabel('First name').inputValue()).toBe('Nia');
    await page.getByLabel('Last name').fill('Jones');
    await fillDate(page, 'dateOfBirth', '2018-01-05');
    await fillDate(page, 'requestReceivedOn', '2026-04-20');
    await page.getByLabel('The young person').check();
    expect(await submitForm(page, 'Register the request')).toContain('Request registered');
    expect((await pageBasics(page)).h1s).toEqual(['Nia Jones']);
    await context.close();
  });

  it('shows the register page and the advice page at 320 CSS pixels without scrolling sideways', async () => {
    const { context, page } = await newPage(browser, stack.web.url, { width: 320 });
    await signIn(page, caseworker.email);
    await page.goto('/cases/new');
    expect(await scrollsSideways(page)).toBe(false);
    await page.goto(caseUrl);
    expect(await scrollsSideways(page)).toBe(false);
    await context.close();
  });
});
