import type { Browser, Page } from 'playwright-core';
import { Role } from '@app/core';
import { bearer, TestUser } from '../support/factories';
import { latestMail, mailCount } from '../support/family';
import { londonNoon } from '../support/london';
import { axe, fillDate, launchBrowser, newPage, pageBasics, scrollsSideways, signIn, submitForm } from './support/browser';
import { stackUser, startStack, TestStack } from './support/stack';
import { seekAdviceForDraft } from '../support/advice-before-draft';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n');

/**
 * Families in the process (issue 26) in the web: the caseworker invites a parent from the case page, the parent signs
 * in with the emailed code, sees the stage and dates, gives views, sends a document and responds to the draft; the
 * caseworker answers each comment and the final plan issues. Every family page passes axe; the forms work without
 * JavaScript at 320 px; another child's case is a 404; the young person past school age signs in with the link.
 */
describe('Families (browser)', () => {
  let browser: Browser;
  let stack: TestStack;
  let caseworker: TestUser;

  async function draftCase(options: { givenName: string; dateOfBirth?: string }): Promise<{ childId: string; assessmentId: string; planId: string }> {
    const http = stack.api.http;
    const cw = bearer(caseworker);
    const child = await http.post('/api/v1/children').set(cw).send({ givenName: options.givenName, familyName: 'Family', dateOfBirth: options.dateOfBirth ?? '2016-05-01' }).expect(201);
    const a = await http.post('/api/v1/assessments').set(cw).send({ childId: child.body.id, requestReceivedOn: '2026-01-05', requestSource: 'parent' }).expect(201);
    const id = a.body.id as string;
    await http.post(`/api/v1/assessments/${id}/decision-to-assess`).set(cw).send({ decision: 'assess', decidedOn: '2026-02-02' }).expect(200);
    await http.post(`/api/v1/assessments/${id}/advice-requests`).set(cw).send({ discipline: 'psychology', requestedOn: '2026-02-03' }).expect(201);
    const decided = await http.post(`/api/v1/assessments/${id}/decision-to-issue`).set(cw).send({ decision: 'issue', decidedOn: '2026-03-20' }).expect(200);
    const planId = decided.body.planId as string;
    const sections: [string, unknown][] = [
      ['A', { text: 'Views' }],
      ['B', { text: 'Needs', items: [{ id: 'n1', area: 'cognition_and_learning', description: 'Reading' }] }],
      ['E', { text: 'Outcomes', items: [{ id: 'o1', description: 'Reads fluently', needIds: ['n1'] }] }],
      ['F', { text: 'Provision', items: [{ id: 'p1', description: 'Phonics', frequency: 'daily', duration: '1 year', deliveredBy: 'Teacher', outcomeIds: ['o1'] }] }],
    ];
    for (const [index, [code, body]] of sections.entries()) {
      await http.put(`/api/v1/plans/${planId}/sections/${code}`).set(cw).set('if-match', `"${index + 1}"`).send(body as object).expect(200);
    }
    await seekAdviceForDraft(http, cw, id);
    await http.post(`/api/v1/assessments/${id}/draft-plan`).set(cw).send({ issuedOn: '2026-03-30', confirmOutstandingAdvice: true }).expect(200);
    return { childId: child.body.id, assessmentId: id, planId };
  }

  /** Signs a family member in through the web: the email page, the code from the local email transport, the code page. */
  async function familySignIn(page: Page, email: string, check: { axe?: boolean; sideways?: boolean } = {}): Promise<void> {
    await page.goto('/family/sign-in');
    if (check.axe) expect(await axe(page)).toEqual([]);
    if (check.sideways) expect(await scrollsSideways(page)).toBe(false);
    const before = await mailCount(stack.api.dataSource, email);
    await page.getByLabel('Email address').fill(email);
    await submitForm(page, 'Email me a code');
    expect((await pageBasics(page)).h1s).toEqual(['Check your email']);
    if (check.axe) expect(await axe(page)).toEqual([]);
    if (check.sideways) expect(await scrollsSideways(page)).toBe(false);
    const mail = await latestMail(stack.api.dataSource, email, before);
    const code = /\b(\d{6})\b/.exec(mail.body)![1];
    await page.getByLabel('Code from the email').fill(code);
    await Promise.all([page.waitForURL((url) => url.pathname === '/family'), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
  }

  /** One h1, lang; axe (needs the page's JavaScript: the no-JavaScript runs check the same templates' layout only). */
  async function checkPage(page: Page, options: { sideways?: boolean; axe?: boolean } = {}) {
    const basics = await pageBasics(page);
    expect(basics.h1s).toHaveLength(1);
    expect(basics.lang).toBe('en');
    if (options.axe ?? true) expect(await axe(page)).toEqual([]);
    if (options.sideways) expect(await scrollsSideways(page)).toBe(false);
  }

  beforeAll(async () => {
    [browser, stack] = await Promise.all([launchBrowser(), startStack({ now: londonNoon('2026-04-01') })]);
    caseworker = await stackUser(stack, Role.Caseworker);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('walks the path: invite in the web, code sign-in, stage and dates, views, document, response, answers, final plan', async () => {
    const { assessmentId, planId } = await draftCase({ givenName: 'Juniper' });
    const other = await draftCase({ givenName: 'Notyours' });
    const email = 'parent.web@family.example';

    // The caseworker invites the parent from the case page.
    const staff = await newPage(browser, stack.web.url);
    await signIn(staff.page, caseworker.email);
    // The case page links to the family's own page (the case page stays at three API calls).
    await staff.page.goto(`/cases/${assessmentId}`);
    await Promise.all([staff.page.waitForNavigation(), staff.page.getByRole('link', { name: /The family: who follows the case online/ }).click()]);
    expect(new URL(staff.page.url()).pathname).toBe(`/cases/${assessmentId}/family`);
    expect(await staff.page.locator('main').textContent()).toContain('No family member has been invited');
    expect(await submitForm(staff.page, 'Invite family member')).toContain('Enter the family member’s name');
    await staff.page.getByLabel('Their name').fill('Alex Family');
    await staff.page.getByLabel('Their email address').fill(email);
    await staff.page.getByLabel('Parent', { exact: true }).check();
    expect(await submitForm(staff.page, 'Invite family member')).toContain('Invitation sent');
    expect(await staff.page.locator('.app-family-access').textContent()).toContain(email);
    expect(await axe(staff.page)).toEqual([]);
    // The invitation waits in the outbox (the worker sends it; no worker runs here).
    const [invitation] = await stack.api.dataSource.query<{ body: string }[]>(`SELECT body FROM email_outbox WHERE to_address = $1`, [email]);
    // The email's link goes to the web's page, never the JSON API.
    expect(invitation.body).toContain('http://localhost:3001/family/sign-in');
    expect(invitation.body).not.toContain('/api/v1');
    expect(invitation.body).not.toContain('Juniper');

    // The parent signs in with the emailed code and sees the child.
    const family = await newPage(browser, stack.web.url);
    const page = family.page;
    // An unknown address gets the same answer as a known one.
    await page.goto('/family/sign-in');
    await page.getByLabel('Email address').fill('nobody@family.example');
    await submitForm(page, 'Email me a code');
    expect((await pageBasics(page)).h1s).toEqual(['Check your email']);
    await page.getByLabel('Code from the email').fill('000000');
    expect(await submitForm(page, 'Sign in')).toContain('The code is not right');
    await checkPage(page);

    await familySignIn(page, email, { axe: true });
    expect((await pageBasics(page)).h1s).toEqual(['Your children']);
    expect(await page.locator('main').textContent()).toContain('Juniper Family');
    expect(await page.locator('main').textContent()).not.toContain('Notyours');
    await checkPage(page);

    await Promise.all([page.waitForNavigation(), page.locator('.app-family-cases a').first().click()]);
    expect(new URL(page.url()).pathname).toBe(`/family/cases/${assessmentId}`);
    expect((await pageBasics(page)).h1s).toEqual(['Juniper Family']);
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('Draft plan ready for your comments');
    // The 15 days begin on the day the draft was served (30 March): the last day is 13 April.
    expect(await page.locator('.app-family-next').textContent()).toContain('13 April 2026');
    expect(main).toContain('Your 15 days to comment on the draft plan');
    expect(main).toContain('The council must issue the final EHC plan');
    expect(await page.locator('.app-family-advice').textContent()).toContain('educational psychologist');
    expect(await page.getByRole('link', { name: 'Download the draft plan (PDF)' }).getAttribute('href')).toBe(`/family/plans/${planId}/pdf`);
    await checkPage(page);

    // Views for section A: nothing typed is an error; then the answers go in.
    await page.goto(`/family/cases/${assessmentId}/views`);
    await checkPage(page);
    expect(await submitForm(page, 'Send your views')).toContain('Answer at least one of the questions');
    await checkPage(page);
    await page.getByLabel('What do people like and admire about your child?').fill('Her kindness and her jokes.');
    await page.getByLabel('What are your child’s hopes and dreams for the future?').fill('To be a vet.');
    expect(await submitForm(page, 'Send your views')).toContain('Your views have been sent to the council');

    // A document: the file upload.
    await page.goto(`/family/cases/${assessmentId}/documents`);
    await checkPage(page);
    expect(await submitForm(page, 'Send the document')).toContain('Select a file');
    await page.getByLabel('Upload a file').setInputFiles({ name: 'not-a-document.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    expect(await submitForm(page, 'Send the document')).toContain('There is a problem');
    await checkPage(page);
    await page.getByLabel('Upload a file').setInputFiles({ name: 'Letter from the GP.pdf', mimeType: 'application/pdf', buffer: PDF });
    expect(await submitForm(page, 'Send the document')).toContain('Letter from the GP.pdf has been sent to the council');

    // The response to the draft: a bad URN is shown with what was typed kept.
    await page.goto(`/family/cases/${assessmentId}/response`);
    await checkPage(page);
    await page.getByLabel('Section B: special educational needs').fill('Her anxiety at school is not mentioned.');
    await page.getByLabel('Section F: special educational help (provision)').fill('Phonics should be daily.');
    await page.getByLabel('I want to ask for a school or college').check();
    await page.getByLabel('Name of the school or college').fill('Demo Secondary Academy');
    await page.getByLabel('School’s URN (optional)').fill('12345');
    const bad = await submitForm(page, 'Send your response');
    expect(bad).toContain('Select yes if you would like a meeting');
    expect(bad).toContain('The school’s URN must be 6 numbers');
    expect(await page.getByLabel('Section B: special educational needs').inputValue()).toBe('Her anxiety at school is not mentioned.');
    await checkPage(page);
    await page.getByLabel('School’s URN (optional)').fill('990001');
    await page.getByLabel('Yes', { exact: true }).check();
    expect(await submitForm(page, 'Send your response')).toContain('Your response to the draft plan has been sent');
    expect(await page.locator('.app-family-contributions').textContent()).toContain('Waiting for the council’s answer');

    // Another child's case, plan and forms: 404.
    for (const path of [`/family/cases/${other.assessmentId}`, `/family/cases/${other.assessmentId}/views`, `/family/plans/${other.planId}/pdf`]) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(404);
      expect((await pageBasics(page)).h1s).toEqual(['Page not found']);
    }
    // A family member is not a caseworker.
    expect((await page.goto(`/cases/${assessmentId}`))?.status()).toBe(404);

    // The caseworker sees the contributions and answers each comment, preference and meeting request.
    const http = stack.api.http;
    await http.post(`/api/v1/assessments/${assessmentId}/school-consultations`).set(bearer(caseworker)).send({ schoolName: 'Demo Secondary Academy', consultedOn: '2026-04-01' }).expect(201);
    const plan = await http.get(`/api/v1/plans/${planId}`).set(bearer(caseworker)).expect(200);
    await http.put(`/api/v1/plans/${planId}/sections/I`).set(bearer(caseworker)).set('if-match', plan.headers.etag as string).send({ text: '', items: [{ name: 'Demo Secondary Academy', urn: '990001', type: 'Mainstream school' }] }).expect(200);
    await staff.page.goto(`/cases/${assessmentId}/family`);
    expect(await staff.page.locator('.app-unanswered').textContent()).toContain('4 still to answer');
    const contributions = (await staff.page.locator('.app-contributions').textContent()) ?? '';
    expect(contributions).toContain('Her anxiety at school is not mentioned.');
    expect(contributions).toContain('Her kindness and her jokes.');
    expect(contributions).toContain('Letter from the GP.pdf');
    expect(contributions).toContain('Demo Secondary Academy');
    expect(await axe(staff.page)).toEqual([]);
    // Issuing the final plan before the answers is refused, on the case page's form.
    await staff.page.goto(`/cases/${assessmentId}`);
    await fillDate(staff.page, 'finalIssuedOn', '2026-04-01');
    expect(await submitForm(staff.page, 'Issue final plan')).toContain('There is a problem');
    await staff.page.goto(`/cases/${assessmentId}/family`);
    // An answer without a reason is refused.
    const first = staff.page.locator('form[id^="answer-"]').first();
    await first.getByLabel('Yes', { exact: true }).check();
    await Promise.all([staff.page.waitForNavigation(), first.getByRole('button').click()]);
    expect(await staff.page.locator('.govuk-error-summary').textContent()).toContain('Enter the reason the family will read');
    for (let left = 4; left > 0; left--) {
      const form = staff.page.locator('form[id^="answer-"]').first();
      await form.getByLabel(left === 1 ? 'No' : 'Yes', { exact: true }).check();
      await form.getByLabel('Reason (the family reads this with the final plan)').fill(left === 1 ? 'The psychologist advises phonics three times a week.' : 'Added to the plan.');
      await Promise.all([staff.page.waitForNavigation(), form.getByRole('button').click()]);
      expect(await staff.page.locator('.govuk-notification-banner').textContent()).toContain('Answer saved');
    }
    expect(await staff.page.locator('form[id^="answer-"]').count()).toBe(0);
    expect(await staff.page.locator('.app-unanswered').textContent()).toContain('Nothing is waiting for an answer');
    await staff.page.goto(`/cases/${assessmentId}`);
    await fillDate(staff.page, 'finalIssuedOn', '2026-04-01');
    expect(await submitForm(staff.page, 'Issue final plan')).toContain('Final plan issued');

    // The family sees the final plan and the council's answers.
    await page.goto(`/family/cases/${assessmentId}`);
    const after = (await page.locator('main').textContent()) ?? '';
    expect(after).toContain('EHC plan issued');
    expect(await page.locator('.app-family-answers').textContent()).toContain('The psychologist advises phonics three times a week.');
    expect(await page.getByRole('link', { name: 'Download the plan (PDF)' }).count()).toBe(1);
    await checkPage(page);

    // Sign out: back to the family's sign-in; the pages need signing in again.
    await Promise.all([page.waitForURL((url) => url.pathname === '/family/sign-in'), page.getByRole('button', { name: 'Sign out' }).click()]);
    expect(await page.locator('main').textContent()).toContain('You have signed out');
    await page.goto('/family');
    expect(new URL(page.url()).pathname).toBe('/family/sign-in');
    await Promise.all([staff.context.close(), family.context.close()]);
  }, 300_000);

  it('the young person past school age signs in with the emailed link and sees that the decisions are theirs', async () => {
    const { childId, assessmentId } = await draftCase({ givenName: 'Rowan', dateOfBirth: '2008-03-01' });
    const email = 'young.person.web@family.example';
    await stack.api.http.post(`/api/v1/children/${childId}/family-access`).set(bearer(caseworker)).send({ email, name: 'Rowan', relationship: 'young_person' }).expect(201);
    const before = await mailCount(stack.api.dataSource, email);
    await stack.api.http.post('/api/v1/family/sign-in').send({ email }).expect(202);
    const mail = await latestMail(stack.api.dataSource, email, before);
    const link = /(https?:\/\/\S+\/family\/sign-in\?token=[A-Za-z0-9_-]+)/.exec(mail.body)![1];
    const { context, page } = await newPage(browser, stack.web.url, { width: 320 });
    // The link points at the web (its configured address); follow its path and token here.
    const url = new URL(link);
    await page.goto(`${url.pathname}${url.search}`);
    expect((await pageBasics(page)).h1s).toEqual(['Continue to sign in']);
    await checkPage(page, { sideways: true });
    await Promise.all([page.waitForURL((u) => u.pathname === '/family'), page.getByRole('button', { name: 'Continue to sign in' }).click()]);
    expect(await page.locator('main').textContent()).toContain('You are over compulsory school age, so you now take the decisions');
    await page.goto(`/family/cases/${assessmentId}`);
    expect(await page.locator('main').textContent()).toContain('you now take the decisions');
    await checkPage(page, { sideways: true });
    // Every family form at 320 CSS pixels: nothing scrolls sideways, axe finds nothing.
    for (const form of ['views', 'documents', 'response', 'mediation']) {
      await page.goto(`/family/cases/${assessmentId}/${form}`);
      await checkPage(page, { sideways: true });
    }
    // The link works once.
    await page.goto(`${url.pathname}${url.search}`);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Continue to sign in' }).click()]);
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('This sign-in link has run out or was already used');
    await context.close();
  }, 180_000);

  it('the family forms work without JavaScript', async () => {
    const { childId, assessmentId } = await draftCase({ givenName: 'Skye' });
    const email = 'nojs.parent@family.example';
    await stack.api.http.post(`/api/v1/children/${childId}/family-access`).set(bearer(caseworker)).send({ email, name: 'Sam', relationship: 'parent' }).expect(201);
    const { context, page } = await newPage(browser, stack.web.url, { javaScriptEnabled: false });
    await familySignIn(page, email);
    await checkPage(page, { axe: false });
    await page.goto(`/family/cases/${assessmentId}`);
    await checkPage(page, { axe: false });

    await page.goto(`/family/cases/${assessmentId}/views`);
    await checkPage(page, { axe: false });
    await page.getByLabel('How is your child best supported?').fill('Quiet space and visual timetables.');
    expect(await submitForm(page, 'Send your views')).toContain('Your views have been sent to the council');
    // The form starts from the last answers.
    await page.goto(`/family/cases/${assessmentId}/views`);
    expect(await page.getByLabel('How is your child best supported?').inputValue()).toBe('Quiet space and visual timetables.');

    await page.goto(`/family/cases/${assessmentId}/documents`);
    await checkPage(page, { axe: false });
    await page.getByLabel('Upload a file').setInputFiles({ name: 'report.pdf', mimeType: 'application/pdf', buffer: PDF });
    expect(await submitForm(page, 'Send the document')).toContain('report.pdf has been sent to the council');

    await page.goto(`/family/cases/${assessmentId}/response`);
    await checkPage(page, { axe: false });
    expect(await submitForm(page, 'Send your response')).toContain('Select whether you want to ask for a school or college');
    await checkPage(page, { axe: false });
    await page.getByLabel('Section E: outcomes (what should be achieved)').fill('Add an outcome about friendships.');
    await page.getByLabel('No', { exact: true }).check();
    await page.getByLabel('I do not want to ask for one').check();
    expect(await submitForm(page, 'Send your response')).toContain('Your response to the draft plan has been sent');

    await page.goto(`/family/cases/${assessmentId}/mediation`);
    await checkPage(page, { axe: false });
    expect(await submitForm(page, 'Tell the council')).toContain('Enter what you disagree with');
    await page.getByLabel('What do you disagree with?').fill('Speech and language therapy is missing.\nThe school named.');
    expect(await submitForm(page, 'Tell the council')).toContain('The council knows you want mediation');
    expect(await page.locator('.app-family-contributions').textContent()).toContain('Speech and language therapy is missing.; The school named.');
    await context.close();
  }, 180_000);
});
