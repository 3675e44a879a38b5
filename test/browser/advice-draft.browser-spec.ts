import type { Browser } from 'playwright-core';
import { Discipline, Role } from '@app/core';
import { bearer, TestUser } from '../support/factories';
import { londonNoon } from '../support/london';
import { axe, fillDate, launchBrowser, newPage, pageBasics, signIn, submitForm } from './support/browser';
import { stackUser, startStack, TestStack } from './support/stack';

/**
 * Issue 24, point 13 in the web: the draft form warns of the Regs 6(1)(a)-(e) advice not sought and the advice still
 * outstanding (GOV.UK warning text), asks for the reason and the confirmation; the LA administrator sets the contacts
 * every decision notice prints; the case page links each appealable decision to its PDF letter. axe on every page.
 */
describe('Advice before the draft, notice contacts and letters (browser)', () => {
  let browser: Browser;
  let stack: TestStack;
  let caseworker: TestUser;
  let admin: TestUser;
  let nurse: TestUser;

  beforeAll(async () => {
    [browser, stack] = await Promise.all([launchBrowser(), startStack({ now: londonNoon('2026-04-20') })]);
    [caseworker, admin, nurse] = await Promise.all([stackUser(stack, Role.Caseworker), stackUser(stack, Role.LaAdmin), stackUser(stack, Role.Professional, { discipline: Discipline.Health })]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  /** A case at the draft with only the health advice asked for (still owed): the other four kinds not sought. */
  async function draftingCase(): Promise<string> {
    const http = stack.api.http;
    const cw = bearer(caseworker);
    const child = await http.post('/api/v1/children').set(cw).send({ givenName: 'Nia', familyName: 'Draft', dateOfBirth: '2016-05-01' }).expect(201);
    const id = (await http.post('/api/v1/assessments').set(cw).send({ childId: child.body.id, requestReceivedOn: '2026-01-05', requestSource: 'parent' }).expect(201)).body.id as string;
    await http.post(`/api/v1/assessments/${id}/decision-to-assess`).set(cw).send({ decision: 'assess', decidedOn: '2026-02-02' }).expect(200);
    await http.post(`/api/v1/assessments/${id}/advice-requests`).set(cw).send({ discipline: 'health', requestedOn: '2026-02-03', assigneeEmail: nurse.email }).expect(201);
    const planId = (await http.post(`/api/v1/assessments/${id}/decision-to-issue`).set(cw).send({ decision: 'issue', decidedOn: '2026-03-20' }).expect(200)).body.planId as string;
    const sections: [string, unknown][] = [
      ['A', { text: 'Views' }],
      ['B', { text: 'Needs', items: [{ id: 'n1', area: 'cognition_and_learning', description: 'Reading' }] }],
      ['E', { text: 'Outcomes', items: [{ id: 'o1', description: 'Reads fluently', needIds: ['n1'] }] }],
      ['F', { text: 'Provision', items: [{ id: 'p1', description: 'Phonics', frequency: 'daily', duration: '1 year', deliveredBy: 'Teacher', outcomeIds: ['o1'] }] }],
    ];
    for (const [index, [code, body]] of sections.entries()) {
      await http.put(`/api/v1/plans/${planId}/sections/${code}`).set(cw).set('if-match', `"${index + 1}"`).send(body as object).expect(200);
    }
    return id;
  }

  it('warns of the advice not sought and outstanding on the draft form, asks for the reason and the confirmation, then issues the draft', async () => {
    const id = await draftingCase();
    const { context, page } = await newPage(browser, stack.web.url);
    await signIn(page, caseworker.email);
    await page.goto(`/cases/${id}`);
    const notSought = (await page.locator('.app-advice-not-sought').textContent()) ?? '';
    expect(notSought).toContain('has not been asked for or reused');
    for (const line of ['Parent or young person advice (regulation 6(1)(a))', 'Educational advice (regulation 6(1)(b))', 'Psychological advice (regulation 6(1)(d))', 'Social care advice (regulation 6(1)(e))']) expect(notSought).toContain(line);
    expect(notSought).not.toContain('Health advice');
    expect(await page.locator('.app-advice-outstanding').textContent()).toMatch(/Health advice, asked for on 3 February 2026/);
    expect(await page.locator('#draft-plan .govuk-warning-text').count()).toBe(2);
    expect(await axe(page)).toEqual([]);

    await fillDate(page, 'draftIssuedOn', '2026-04-20');
    expect(await submitForm(page, 'Issue draft plan')).toContain('Give the reason for issuing the draft without the advice not yet sought');
    expect(await page.locator('#draftIssuedOn-day').inputValue()).toBe('20');
    expect(await axe(page)).toEqual([]);
    await page.getByLabel('Why the draft is issued without this advice').fill('short');
    expect(await submitForm(page, 'Issue draft plan')).toContain('Give a reason of at least 10 characters');
    await page.getByLabel('Why the draft is issued without this advice').fill('The family asked for the draft before the Easter closure; the school and EP advise at the meeting.');
    expect(await submitForm(page, 'Issue draft plan')).toContain('Confirm that the draft plan is issued with advice still outstanding');
    expect(await page.getByLabel('Why the draft is issued without this advice').inputValue()).toContain('Easter closure');
    expect(await axe(page)).toEqual([]);
    await page.getByLabel('Issue the draft with this advice outstanding').check();
    expect(await submitForm(page, 'Issue draft plan')).toContain('Draft plan issued');
    expect(await page.locator('.app-timeline').textContent()).toContain('with advice outstanding: health');
    expect(await page.locator('#draft-plan').count()).toBe(0);
    await context.close();
  });

  it('records advice reused under regulation 6(4) on its own page, and the draft form stops asking for it', async () => {
    const id = await draftingCase();
    const { context, page } = await newPage(browser, stack.web.url);
    await signIn(page, caseworker.email);
    await page.goto(`/cases/${id}`);
    await Promise.all([page.waitForNavigation(), page.locator('.app-advice-not-sought').getByRole('link', { name: 'record existing advice' }).click()]);
    expect(new URL(page.url()).pathname).toBe(`/cases/${id}/reused-advice/new`);
    expect(await axe(page)).toEqual([]);
    const empty = await submitForm(page, 'Record advice reused');
    for (const message of ['Select the kind of advice reused', 'Describe the existing advice', 'the date the adviser agreed']) expect(empty).toContain(message);
    expect(await axe(page)).toEqual([]);
    await page.getByLabel('Psychological').check();
    await page.getByLabel('The existing advice').fill('Educational psychology report by Dr A. Patel, 3 March 2026');
    await page.getByLabel('Who agreed for the adviser (optional)').fill('Dr A. Patel');
    await fillDate(page, 'adviserAgreedOn', '2026-04-14');
    await fillDate(page, 'localAuthorityAgreedOn', '2026-04-15');
    await page.getByLabel('Who agreed for the family (optional)').fill('Sam Draft (mother)');
    await fillDate(page, 'familyAgreedOn', '2026-04-16');
    expect(await submitForm(page, 'Record advice reused')).toContain('Advice reused recorded');
    expect(new URL(page.url()).pathname).toBe(`/cases/${id}`);
    const notSought = (await page.locator('.app-advice-not-sought').textContent()) ?? '';
    expect(notSought).not.toContain('Psychological advice');
    expect(notSought).toContain('Social care advice (regulation 6(1)(e))');
    const reused = (await stack.api.http.get(`/api/v1/assessments/${id}`).set(bearer(caseworker)).expect(200)).body.adviceBeforeDraft.notSought.map((k: { discipline: string }) => k.discipline);
    expect(reused).not.toContain('psychology');
    await context.close();
  });

  it('lets the LA administrator set the contacts on decision notices, and the case page links each decision to its letter', async () => {
    const { context, page } = await newPage(browser, stack.web.url);
    await signIn(page, admin.email);
    await page.getByRole('link', { name: 'Contacts on notices' }).click();
    expect((await pageBasics(page)).h1s).toEqual(['Contacts on decision notices']);
    expect(await page.locator('main .govuk-tag').count()).toBe(4); // none set yet
    expect(await axe(page)).toEqual([]);
    const fill = async (prefix: string, name: string, email: string) => {
      await page.locator(`#${prefix}-name`).fill(name);
      await page.locator(`#${prefix}-email`).fill(email);
    };
    await fill('mediation', 'Global Mediation', 'send@mediation.example');
    await fill('council', 'SEN team', 'sen@council.example');
    await fill('sendiass', 'Anytown SENDIASS', 'help@sendiass.example');
    await page.locator('#disagreement-name').fill('Resolve Ltd');
    await page.locator('#disagreement-website').fill('not a website');
    expect(await submitForm(page, 'Save contacts')).toContain('There is a problem');
    expect(await axe(page)).toEqual([]);
    await page.locator('#disagreement-website').fill('https://resolve.example');
    expect(await submitForm(page, 'Save contacts')).toContain('Contacts saved');
    expect(await page.locator('#mediation-name').inputValue()).toBe('Global Mediation');
    expect(await page.locator('main .govuk-tag').count()).toBe(0);
    await context.close();

    // A refusal to assess: its notice on the case page links to the PDF letter (passed through, or prepared by the worker).
    const cw = bearer(caseworker);
    const http = stack.api.http;
    const child = await http.post('/api/v1/children').set(cw).send({ givenName: 'Rhys', familyName: 'Refused', dateOfBirth: '2016-05-01' }).expect(201);
    const id = (await http.post('/api/v1/assessments').set(cw).send({ childId: child.body.id, requestReceivedOn: '2026-03-02', requestSource: 'parent' }).expect(201)).body.id as string;
    await http.post(`/api/v1/assessments/${id}/decision-to-assess`).set(cw).send({ decision: 'refuse', decidedOn: '2026-04-10' }).expect(200);
    const staff = await newPage(browser, stack.web.url);
    await signIn(staff.page, caseworker.email);
    await staff.page.goto(`/cases/${id}`);
    const letter = staff.page.getByRole('link', { name: /Download the letter \(PDF\)/ });
    expect(await letter.count()).toBe(1);
    const href = (await letter.getAttribute('href')) ?? '';
    expect(href).toMatch(new RegExp(`^/cases/${id}/notice-letter\\?decision=refuse_to_assess&subjectType=assessment&subjectId=${id}&notifiedOn=2026-04-10$`));
    expect(await axe(staff.page)).toEqual([]);
    const response = await staff.page.request.get(href);
    expect(response.status()).toBe(200);
    expect(['application/pdf', 'text/html']).toContain((response.headers()['content-type'] ?? '').split(';')[0]);
    await staff.page.goto(href).catch(() => undefined); // a PDF downloads; the pending page renders
    if ((response.headers()['content-type'] ?? '').startsWith('text/html')) {
      expect(await staff.page.locator('h1').textContent()).toBe('The letter is being prepared');
      expect(await axe(staff.page)).toEqual([]);
    }
    await staff.context.close();
  });
});
