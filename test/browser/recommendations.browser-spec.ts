import type { Browser } from 'playwright-core';
import { Role } from '@app/core';
import { bearer, createOrganisation, TestUser } from '../support/factories';
import { latestMail, mailCount } from '../support/family';
import { issueFinalPlan } from '../support/issued-plan';
import { londonNoon } from '../support/london';
import { axe, fillDate, launchBrowser, newPage, pageBasics, signIn, submitForm } from './support/browser';
import { stackUser, startStack, TestStack } from './support/stack';

/**
 * The Tribunal's health and social care recommendations on the appeal page (recorded, answered), and the direct
 * payment reviewed on the review form (CFA s49): GOV.UK forms, errors in the summary, axe on every page.
 */
describe('Tribunal recommendations and direct-payment reviews (browser)', () => {
  let browser: Browser;
  let stack: TestStack;
  let caseworker: TestUser;

  beforeAll(async () => {
    [browser, stack] = await Promise.all([launchBrowser(), startStack({ now: londonNoon('2027-04-01') })]);
    caseworker = await stackUser(stack, Role.Caseworker);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('records a recommendation on the Tribunal’s order and the body’s written answer', async () => {
    const http = stack.api.http;
    const cw = bearer(caseworker);
    const { planId, childId, assessmentId } = await issueFinalPlan(http, caseworker, { dateOfBirth: '2016-06-01', requestReceivedOn: '2026-03-02', finalIssuedOn: '2026-04-10' });
    const appeal = await http.post('/api/v1/appeals').set(cw).send({ subjectType: 'plan', subjectId: planId, decision: 'plan_contents', noticeOn: '2027-01-04' }).expect(201);
    await http.post(`/api/v1/appeals/${appeal.body.id}/lodged`).set(cw).send({ lodgedOn: '2027-01-20' }).expect(200);
    await http.post(`/api/v1/appeals/${appeal.body.id}/orders`).set(cw).send({ kind: 'amend_provision', orderedOn: '2027-03-15' }).expect(201);

    const { context, page } = await newPage(browser, stack.web.url);
    await signIn(page, caseworker.email);
    await page.goto(`/appeals/${appeal.body.id}`);
    expect((await pageBasics(page)).h1s).toEqual(['Appeal to the Tribunal']);
    expect(await page.locator('main').textContent()).toContain('No recommendations recorded.');
    expect(await axe(page)).toEqual([]);

    const missing = await submitForm(page, 'Record recommendation');
    expect(missing).toContain('Select whether it is about health or social care');
    expect(missing).toContain('Enter the body it is addressed to');
    expect(await axe(page)).toEqual([]);
    await page.getByLabel('Health', { exact: true }).check();
    await page.getByLabel('Body it is addressed to').fill('NHS North Integrated Care Board');
    await page.getByLabel('What the Tribunal recommended').fill('Provide a sensory assessment by an occupational therapist.');
    expect(await submitForm(page, 'Record recommendation')).toContain('Recommendation recorded');
    const recorded = await page.locator('.app-recommendation-summary').first().textContent();
    expect(recorded).toContain('19 April 2027'); // 5 weeks after 15 March 2027
    expect(recorded).toContain('Not answered yet');
    expect(await axe(page)).toEqual([]);

    await page.getByLabel('What the body answered').fill('We will commission the assessment.');
    await page.getByLabel('Who answered for the body').fill('Dr A Khan, DCO');
    await fillDate(page, 'answeredOn', '2027-04-02');
    const future = await submitForm(page, 'Record answer');
    expect(future).toContain('There is a problem');
    expect(await page.locator('#answeredOn-day').inputValue()).toBe('2');
    await fillDate(page, 'answeredOn', '2027-03-31');
    expect(await submitForm(page, 'Record answer')).toContain('Answer recorded');
    const answered = await page.locator('.app-recommendation-summary').first().textContent();
    expect(answered).toContain('Answered in time');
    expect(answered).toContain('We will commission the assessment. (Dr A Khan, DCO, 31 March 2027)');
    expect(await axe(page)).toEqual([]);
    const stored = await http.get(`/api/v1/appeals/${appeal.body.id}`).set(cw).expect(200);
    expect(stored.body.recommendations).toEqual([expect.objectContaining({ kind: 'health', status: 'met', answer: expect.objectContaining({ answeredOn: '2027-03-31' }) })]);
    await context.close();

    // The family's case page says it in plain English.
    const email = 'recommended.parent@family.example';
    await http.post(`/api/v1/children/${childId}/family-access`).set(cw).send({ email, name: 'Parent', relationship: 'parent' }).expect(201);
    const family = await newPage(browser, stack.web.url);
    await family.page.goto('/family/sign-in');
    const before = await mailCount(stack.api.dataSource, email);
    await family.page.getByLabel('Email address').fill(email);
    await submitForm(family.page, 'Email me a code');
    const code = /\b(\d{6})\b/.exec((await latestMail(stack.api.dataSource, email, before)).body)![1];
    await family.page.getByLabel('Code from the email').fill(code);
    await Promise.all([family.page.waitForURL((url) => url.pathname === '/family'), family.page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
    await family.page.goto(`/family/cases/${assessmentId}`);
    const words = (await family.page.locator('.app-family-recommendations').textContent()) ?? '';
    expect(words).toContain('Health: NHS North Integrated Care Board');
    expect(words).toContain('They answered in writing on 31 March 2027.');
    expect(words).toContain('We will commission the assessment.');
    expect(await axe(family.page)).toEqual([]);
    await family.context.close();
  });

  it('the review form asks for the direct-payment review when section J holds a direct payment', async () => {
    const http = stack.api.http;
    const cw = bearer(caseworker);
    const { planId } = await issueFinalPlan(http, caseworker, { dateOfBirth: '2016-06-01', requestReceivedOn: '2026-03-02', finalIssuedOn: '2026-04-10' });
    const plan = await http.get(`/api/v1/plans/${planId}`).set(cw).expect(200);
    await http.put(`/api/v1/plans/${planId}/sections/J`).set(cw).set('if-match', plan.headers.etag as string).send({ text: 'Personal budget', items: [{ description: 'Transport', annualAmountPence: 120000, directPayment: true }] }).expect(200);
    await http.post(`/api/v1/plans/${planId}/reviews`).set(cw).send({ meetingOn: '2027-03-10' }).expect(201);

    const { context, page } = await newPage(browser, stack.web.url);
    await signIn(page, caseworker.email);
    await page.goto(`/plans/${planId}`);
    expect((await pageBasics(page)).h1s).toEqual(['EHC plan']);
    expect(await page.locator('main').textContent()).toContain('Section J holds a direct payment');
    expect(await axe(page)).toEqual([]);
    await page.getByLabel('Keep the plan as it is', { exact: true }).check();
    await fillDate(page, 'reviewNotifiedOn', '2027-03-20');
    await fillDate(page, 'directPaymentReviewedOn', '2027-03');
    expect(await submitForm(page, 'Save review decision')).toContain('There is a problem');
    expect(await axe(page)).toEqual([]);
    await page.getByLabel('Keep the plan as it is', { exact: true }).check();
    await fillDate(page, 'reviewNotifiedOn', '2027-03-20');
    await fillDate(page, 'directPaymentReviewedOn', '2027-03-10');
    await page.getByLabel('What the direct-payment review found (optional)').fill('Used for transport as agreed.');
    expect(await submitForm(page, 'Save review decision')).toContain('Review decision saved');
    const [review] = (await http.get(`/api/v1/plans/${planId}/reviews`).set(cw).expect(200)).body;
    expect(review).toMatchObject({ directPaymentInPlan: true, directPaymentReviewedOn: '2027-03-10', directPaymentNotes: 'Used for transport as agreed.' });
    expect(review.deadlines.find((d: { kind: string }) => d.kind === 'direct_payment_review')).toMatchObject({ status: 'met' });
    await context.close();
  });

  it('the health page records a change of health commissioning body with the new body’s 15 working days (Regs 16)', async () => {
    const http = stack.api.http;
    const cw = bearer(caseworker);
    const first = await createOrganisation(stack.api.dataSource, caseworker.localAuthorityId, 'nhs_body', 'NHS First ICB');
    await createOrganisation(stack.api.dataSource, caseworker.localAuthorityId, 'nhs_body', 'NHS Second ICB');
    const { planId } = await issueFinalPlan(http, caseworker, { dateOfBirth: '2016-06-01', requestReceivedOn: '2026-03-02', finalIssuedOn: '2026-04-10' });
    await http.put(`/api/v1/plans/${planId}/health-body`).set(cw).send({ organisationId: first }).expect(200);

    const { context, page } = await newPage(browser, stack.web.url);
    await signIn(page, caseworker.email);
    await page.goto(`/plans/${planId}/health`);
    expect((await pageBasics(page)).h1s).toEqual(['Section G: agreement of the health body']);
    expect(await axe(page)).toEqual([]);
    await page.getByLabel('The body that agrees section G').selectOption({ label: 'NHS Second ICB' });
    await fillDate(page, 'changedOn', '2027-03-29');
    expect(await submitForm(page, 'Save health body')).toContain('Health commissioning body saved');
    // 15 working days beginning with Monday 29 March 2027 (Good Friday 26 March and Easter Monday 29 March are bank holidays): counting starts on Tuesday 30 March and ends on Monday 19 April.
    const changes = (await page.locator('.app-body-changes').textContent()) ?? '';
    expect(changes).toContain('From NHS First ICB to NHS Second ICB on 29 March 2027');
    expect(changes).toContain('Answer due by 19 April 2027');
    expect(await axe(page)).toEqual([]);
    await context.close();
  });
});
