import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { Discipline, Role } from '@app/core';
import { bearer, createLocalAuthority, createOrganisation, createUser, TestUser } from '../support/factories';
import { issueFinalPlan } from '../support/issued-plan';
import { londonNoon } from '../support/london';
import { axe, fillDate, launchBrowser, newPage, pageBasics, signIn, submitForm } from './support/browser';
import { stackUser, startStack, TestStack } from './support/stack';

/**
 * Plans across boundaries and in practice, in the browser against the real API: section G agreed by a health user,
 * personal budgets, re-assessment, provision delivered reported by the school, preparing for adulthood, phase
 * transfer, appeals with mediation and orders, ceasing, and a move to another council with the package downloaded
 * and imported from the file by the other council.
 */
describe('Across boundaries and in practice (browser)', () => {
  const LONG_JOURNEY_MS = 180_000; // each journey passes it: jest.setTimeout would reach the rest of its batch
  let browser: Browser;
  let stack: TestStack;
  let caseworker: TestUser;
  let health: TestUser;
  let senco: TestUser;
  let nhsName: string;
  let planId: string;
  let secondPlanId: string;

  /** Opens a page and checks its basics; axe runs in the page, so only where JavaScript is on. */
  async function open(page: Page, path: string, h1: string, withAxe = true): Promise<void> {
    await page.goto(path);
    expect((await pageBasics(page)).h1s).toEqual([h1]);
    if (withAxe) expect(await axe(page)).toEqual([]);
  }

  async function signedIn(user: TestUser, javaScriptEnabled = true) {
    const session = await newPage(browser, stack.web.url, { javaScriptEnabled });
    await signIn(session.page, user.email);
    return session;
  }

  beforeAll(async () => {
    [browser, stack] = await Promise.all([launchBrowser(), startStack({ now: londonNoon('2027-04-01') })]);
    caseworker = await stackUser(stack, Role.Caseworker);
    nhsName = `Northgate NHS Trust ${Date.now()}`;
    const nhs = await createOrganisation(stack.api.dataSource, stack.la.id, 'nhs_body', nhsName);
    health = await stackUser(stack, Role.Professional, { discipline: Discipline.Health, organisationId: nhs });
    const school = await createOrganisation(stack.api.dataSource, stack.la.id, 'school', 'Hillside School');
    await stack.api.dataSource.query(`UPDATE organisations SET urn = '654321' WHERE id = $1`, [school]);
    senco = await stackUser(stack, Role.Professional, { discipline: Discipline.Education, organisationId: school });
    // Born 10 May 2013: Year 9 in 2026/27, so preparing for adulthood is required.
    ({ planId } = await issueFinalPlan(stack.api.http, caseworker, { dateOfBirth: '2013-05-10', requestReceivedOn: '2026-03-02', finalIssuedOn: '2026-04-10', placement: { name: 'Hillside School', urn: '654321' } }));
    ({ planId: secondPlanId } = await issueFinalPlan(stack.api.http, caseworker, { dateOfBirth: '2016-06-01', requestReceivedOn: '2026-03-02', finalIssuedOn: '2026-04-10' }));
    // Section G gains health provision after the plan was made: it needs the health body's agreement.
    const plan = await stack.api.http.get(`/api/v1/plans/${planId}`).set(bearer(caseworker)).expect(200);
    await stack.api.http
      .put(`/api/v1/plans/${planId}/sections/G`)
      .set(bearer(caseworker))
      .set('if-match', plan.headers.etag as string)
      .send({ text: 'Health provision', items: [{ id: 'g1', description: 'Speech and language therapy', frequency: 'fortnightly', deliveredBy: 'NHS SLT', outcomeIds: ['o1'] }] })
      .expect(200);
  }, LONG_JOURNEY_MS);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('section G: the caseworker names the health body, a health user agrees G from their inbox; the override needs its reason', async () => {
    const cw = await signedIn(caseworker);
    const page = cw.page;
    await page.goto(`/plans/${planId}`);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Section G: agreement of the health body' }).click()]);
    expect((await pageBasics(page)).h1s).toEqual(['Section G: agreement of the health body']);
    expect(await page.locator('main').textContent()).toContain('Not agreed');
    expect(await axe(page)).toEqual([]);
    // The documented override: refused without a reason of 10 characters, what was typed kept.
    await page.getByLabel('Why is the plan issued without the agreement?').fill('Too short');
    await fillDate(page, 'overrideOn', '2027-03-30');
    expect(await submitForm(page, 'Record override')).toContain('at least 10 characters');
    expect(await page.getByLabel('Why is the plan issued without the agreement?').inputValue()).toBe('Too short');
    expect(await axe(page)).toEqual([]);
    await page.getByLabel('The body that agrees section G').selectOption({ label: nhsName });
    expect(await submitForm(page, 'Save health body')).toContain('Health commissioning body saved');

    const h = await signedIn(health);
    await open(h.page, '/health-sign-off', 'Section G to agree');
    const inbox = (await h.page.locator('main').textContent()) ?? '';
    expect(inbox).toContain('Review Child');
    expect(inbox).toContain('Speech and language therapy, by NHS SLT, fortnightly');
    expect(await submitForm(h.page, 'Agree section G for Review Child')).toContain('Enter the date the health body agreed section G');
    expect(await axe(h.page)).toEqual([]);
    await fillDate(h.page, `agreedOn-${planId}`, '2027-03-31');
    expect(await submitForm(h.page, 'Agree section G for Review Child')).toContain('Section G agreed');
    await h.context.close();

    await page.reload();
    expect(await page.locator('.app-sign-offs').textContent()).toContain('Agreed by the health body on 31 March 2027');
    const status = await stack.api.http.get(`/api/v1/plans/${planId}/health-sign-off`).set(bearer(caseworker)).expect(200);
    expect(status.body).toMatchObject({ satisfied: true, signOffs: [expect.objectContaining({ kind: 'agreed', agreedOn: '2027-03-31', current: true })] });
    await cw.context.close();
  }, LONG_JOURNEY_MS);

  it('personal budget, re-assessment, phase transfer and preparing for adulthood, each with its errors on the form', async () => {
    const { context, page } = await signedIn(caseworker);
    await open(page, `/plans/${planId}/personal-budget`, 'Personal budget');
    await fillDate(page, 'budgetReceivedOn', '2027-03-20');
    expect(await submitForm(page, 'Record budget request')).toContain('Personal budget request recorded');
    await page.getByLabel('No, refuse').check();
    await fillDate(page, 'budgetNotifiedOn', '2027-03-28');
    expect(await submitForm(page, 'Save budget decision')).toContain('Give the reasons for refusing');
    expect(await page.getByLabel('No, refuse').isChecked()).toBe(true);
    expect(await axe(page)).toEqual([]);
    await page.getByLabel('Reasons (to refuse)').fill('The provision is delivered by the school as a whole.');
    expect(await submitForm(page, 'Save budget decision')).toContain('Personal budget decision recorded');
    expect(await page.locator('.app-budget').textContent()).toContain('Refused: The provision is delivered by the school as a whole.');

    await open(page, `/plans/${planId}/reassessment`, 'Re-assessment');
    await page.getByLabel('The parent', { exact: true }).check();
    await fillDate(page, 'receivedOn', '2027-03-25');
    expect(await submitForm(page, 'Record request')).toContain('Re-assessment request recorded');
    expect(await page.locator('main table').textContent()).toContain('Decision whether to re-assess');
    await page.getByLabel('No, refuse (the family can appeal)').check();
    await page.getByLabel('Reasons (required to refuse)').fill('The needs have not changed since the plan was made.');
    await fillDate(page, 'reassessNotifiedOn', '2027-03-31');
    expect(await submitForm(page, 'Save re-assessment decision')).toContain('Re-assessment decision recorded');
    expect(await page.locator('main').textContent()).toContain('Refused');
    expect(await axe(page)).toEqual([]);

    await open(page, `/plans/${planId}/phase-transfer`, 'Phase transfer');
    await page.getByLabel('Secondary school to post-16').check();
    await fillDate(page, 'transferOn', '2029-09-03');
    await page.getByLabel('Year group (optional)').fill('eleven');
    expect(await submitForm(page, 'Save phase transfer')).toContain('Year group must be a number');
    expect(await page.getByLabel('Year group (optional)').inputValue()).toBe('eleven');
    await page.getByLabel('Year group (optional)').fill('');
    expect(await submitForm(page, 'Save phase transfer')).toContain('Phase transfer recorded');
    const phase = (await page.locator('main table').textContent()) ?? '';
    expect(phase).toContain('30 March 2029');
    expect(phase).toContain('reg 18');
    expect(await axe(page)).toEqual([]);

    await stack.api.http.post(`/api/v1/plans/${planId}/reviews`).set(bearer(caseworker)).send({ meetingOn: '2027-03-15' }).expect(201);
    await open(page, `/plans/${planId}/adulthood`, 'Preparing for adulthood');
    expect(await page.locator('.app-pfa-findings').textContent()).toContain('review');
    await page.getByLabel('Employment').fill('Wants to work with animals');
    expect(await submitForm(page, 'Save preparing for adulthood')).toContain('Say what the review recorded about independent living');
    expect(await page.getByLabel('Employment').inputValue()).toBe('Wants to work with animals');
    await page.getByLabel('Independent living').fill('Travel training to school');
    await page.getByLabel('Friends, relationships and community').fill('Joins the youth club');
    await page.getByLabel('Good health').fill('Manages own medication');
    expect(await submitForm(page, 'Save preparing for adulthood')).toContain('Preparing for adulthood recorded');
    const pfa = await stack.api.http.get(`/api/v1/plans/${planId}/preparing-for-adulthood`).set(bearer(caseworker)).expect(200);
    expect(pfa.body.reviews).toEqual([expect.objectContaining({ independentLiving: 'Travel training to school' })]);
    await context.close();
  }, LONG_JOURNEY_MS);

  it('the school reports provision not in place from its inbox, without JavaScript; the caseworker sees the gap', async () => {
    const school = await signedIn(senco, false);
    const page = school.page;
    await open(page, '/provision-inbox', 'Provision you deliver', false);
    const form = page.locator('form[id$="-p1"]');
    await form.getByLabel('No', { exact: true }).check();
    await Promise.all([page.waitForNavigation(), form.getByRole('button', { name: 'Save report' }).click()]);
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Say why the provision is not in place');
    const again = page.locator('form[id$="-p1"]');
    await again.getByLabel('Why it is not in place, or the gap (if any)').fill('The teaching assistant left; recruiting');
    await again.getByLabel('Hours delivered (optional)').fill('2');
    await again.getByLabel('Hours the plan specifies (optional)').fill('5');
    await again.getByLabel('Hours per').selectOption('week');
    await Promise.all([page.waitForNavigation(), again.getByRole('button', { name: 'Save report' }).click()]);
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Provision report saved');
    await school.context.close();
    const withJs = await signedIn(senco);
    await open(withJs.page, '/provision-inbox', 'Provision you deliver');
    expect(await withJs.page.locator('.app-latest').first().textContent()).toContain('Gap');
    await withJs.context.close();

    const cw = await signedIn(caseworker);
    await open(cw.page, `/plans/${planId}/provision`, 'Provision delivered');
    expect(await cw.page.locator('.app-latest').first().textContent()).toContain('by the setting: 2 of 5 hours a week');
    await cw.context.close();
  }, LONG_JOURNEY_MS);

  it('an appeal: mediation, lodged and a Tribunal order recorded', async () => {
    const appeal = await stack.api.http.post('/api/v1/appeals').set(bearer(caseworker)).send({ subjectType: 'plan', subjectId: secondPlanId, decision: 'plan_contents', noticeOn: '2027-03-01' }).expect(201);
    const { context, page } = await signedIn(caseworker);
    await open(page, `/plans/${secondPlanId}/appeals`, 'Appeals');
    await Promise.all([page.waitForNavigation(), page.locator('.app-appeals a').first().click()]);
    expect((await pageBasics(page)).h1s).toEqual(['Appeal to the Tribunal']);
    expect(await axe(page)).toEqual([]);
    expect(await submitForm(page, 'Save mediation')).toContain('Enter at least one date of the mediation');
    await fillDate(page, 'adviserContactedOn', '2027-03-05');
    expect(await submitForm(page, 'Save mediation')).toContain('Mediation recorded');
    await fillDate(page, 'lodgedOn', '2027-03-20');
    expect(await submitForm(page, 'Record lodged')).toContain('Appeal recorded as lodged');
    await page.getByLabel('Amend the provision').check();
    await fillDate(page, 'orderedOn', '2027-03-31');
    expect(await submitForm(page, 'Record order')).toContain('Tribunal order recorded');
    expect(await page.locator('.app-orders').textContent()).toContain('Amend provision, 31 March 2027');
    expect(await axe(page)).toEqual([]);
    const stored = await stack.api.http.get(`/api/v1/appeals/${appeal.body.id}`).set(bearer(caseworker)).expect(200);
    expect(stored.body).toMatchObject({ lodgedOn: '2027-03-20', orders: [expect.objectContaining({ kind: 'amend_provision', orderedOn: '2027-03-31' })] });
    await context.close();
  }, LONG_JOURNEY_MS);

  it('a move to another council: recorded, the package downloaded, imported from the file by the other council, the 6-week notice', async () => {
    const { context, page } = await signedIn(caseworker);
    await open(page, `/plans/${secondPlanId}/transfer-out`, 'The child is moving to another council');
    const otherLa = await createLocalAuthority(stack.api.dataSource);
    await page.getByLabel('Council the child is moving to').fill(otherLa.name);
    await page.getByLabel('Council code (optional)').fill('87');
    await fillDate(page, 'movesOn', '2027-03-29');
    await fillDate(page, 'learnedOn', '2027-03-22');
    expect(await submitForm(page, 'Record the move')).toContain('The council code must be 3 digits');
    await page.getByLabel('Council code (optional)').fill('');
    expect(await submitForm(page, 'Record the move')).toContain('Move recorded');
    expect((await pageBasics(page)).h1s).toEqual(['Move to another council']);
    expect(await page.locator('main table').textContent()).toContain('SEND Regulations 2014, reg 15');
    expect(await axe(page)).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the transfer package' }).click()]);
    const bytes = readFileSync(await download.path());
    const pkg = JSON.parse(bytes.toString('utf8'));
    expect(pkg).toMatchObject({ format: 'ehcp-transfer-package', formatVersion: 1, kind: 'plan', movesOn: '2027-03-29' });
    await context.close();

    // The other council: a wrong file is refused on the form; then, without JavaScript, the package is imported.
    const receiver = await createUser(stack.api.dataSource, stack.api.http, otherLa.id, Role.Caseworker);
    const other = await signedIn(receiver);
    await open(other.page, '/transfers/import', 'Import a transfer package');
    await other.page.getByLabel('Transfer package file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('not json') });
    expect(await submitForm(other.page, 'Import package')).toContain('must be a transfer package');
    expect(await axe(other.page)).toEqual([]);
    const noJs = await signedIn(receiver, false);
    await open(noJs.page, '/transfers/import', 'Import a transfer package', false);
    await noJs.page.getByLabel('Transfer package file').setInputFiles({ name: 'transfer-package.json', mimeType: 'application/json', buffer: bytes });
    expect(await submitForm(noJs.page, 'Import package')).toContain('Transfer package imported');
    expect((await pageBasics(noJs.page)).h1s).toEqual(['Move from another council']);
    expect(await noJs.page.locator('main table').textContent()).toContain('reg 15(4)');
    await noJs.page.getByLabel('No', { exact: true }).check();
    await fillDate(noJs.page, 'noticeSentOn', '2027-03-31');
    expect(await submitForm(noJs.page, 'Record notice')).toContain('Notice to the family recorded');
    const transferPath = new URL(noJs.page.url()).pathname;
    await noJs.context.close();
    await open(other.page, transferPath, 'Move from another council');
    expect(await other.page.locator('main').textContent()).toContain('31 March 2027');
    await other.page.goto('/transfers');
    expect(await other.page.locator('main table').textContent()).toContain('Moving in');
    expect(await axe(other.page)).toEqual([]);
    await other.context.close();
  }, LONG_JOURNEY_MS);

  it('ceasing: the consultation, then the decision with its reason and the date the plan stops', async () => {
    const { context, page } = await signedIn(caseworker);
    const third = await issueFinalPlan(stack.api.http, caseworker, { dateOfBirth: '2016-06-01', requestReceivedOn: '2026-03-02', finalIssuedOn: '2026-04-10' });
    await open(page, `/plans/${third.planId}/cease`, 'Stop maintaining the plan');
    await page.getByLabel('The parent or young person').check();
    await fillDate(page, 'consultedOn', '2027-03-10');
    expect(await submitForm(page, 'Record consultation')).toContain('Consultation recorded');
    await page.getByLabel('The school or institution named in the plan').check();
    await page.getByLabel('Name of the institution (if an institution)').fill('Demo Secondary School');
    await fillDate(page, 'consultedOn', '2027-03-12');
    await page.getByLabel('What they said (optional)').fill('Agrees the needs are met');
    expect(await submitForm(page, 'Record consultation')).toContain('Consultation recorded');
    expect(await page.locator('main').textContent()).toContain('Demo Secondary School, 12 March 2027: Agrees the needs are met');
    expect(await submitForm(page, 'Save decision to stop the plan')).toContain('Select the reason for stopping the plan');
    expect(await axe(page)).toEqual([]);
    await page.getByLabel('Needs met without a plan').check();
    await fillDate(page, 'ceaseNotifiedOn', '2027-03-31');
    expect(await submitForm(page, 'Save decision to stop the plan')).toContain('Decision to stop maintaining the plan recorded');
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('Appeal deadline');
    expect(main).toContain('Maintained until');
    expect(await axe(page)).toEqual([]);
    const cessation = await stack.api.http.get(`/api/v1/plans/${third.planId}/cessation`).set(bearer(caseworker)).expect(200);
    expect(cessation.body).toMatchObject({ reason: 2, notifiedOn: '2027-03-31', cessationStatus: 'ceasing' });
    await context.close();
  }, LONG_JOURNEY_MS);
});
