import type { Browser, Page } from 'playwright-core';
import { Role } from '@app/core';
import { bearer, TestUser } from '../support/factories';
import { issueFinalPlan } from '../support/issued-plan';
import { londonNoon } from '../support/london';
import { axe, launchBrowser, newPage, pageBasics, scrollsSideways, signIn } from './support/browser';
import { stackUser, startStack, TestStack } from './support/stack';

/** Sections B, E, F and I edited one item at a time; F read as needs -> outcomes -> provision; findings before issue. */
describe('Plan sections item by item (browser)', () => {
  // Long journeys: on a busy machine one can take more than the default minute.
  const LONG_JOURNEY_MS = 180_000; // each journey passes it: jest.setTimeout would reach the rest of its batch
  let browser: Browser;
  let stack: TestStack;
  let caseworker: TestUser;
  let planId: string;

  async function submit(page: Page, button: string): Promise<string> {
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: button, exact: true }).click()]);
    return (await page.locator('.govuk-notification-banner, .govuk-error-summary').first().textContent()) ?? '';
  }

  async function follow(page: Page, link: string): Promise<void> {
    await Promise.all([page.waitForNavigation(), page.locator('main a').filter({ hasText: link }).first().click()]);
  }

  beforeAll(async () => {
    [browser, stack] = await Promise.all([launchBrowser(), startStack({ now: londonNoon('2027-04-01') })]);
    caseworker = await stackUser(stack, Role.Caseworker);
    ({ planId } = await issueFinalPlan(stack.api.http, caseworker, { dateOfBirth: '2016-06-01', requestReceivedOn: '2026-03-02', finalIssuedOn: '2026-04-10' }));
  }, LONG_JOURNEY_MS);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('adds, changes and removes needs, outcomes and provision, showing the findings before issue', async () => {
    const { context, page } = await newPage(browser, stack.web.url);
    await signIn(page, caseworker.email);
    await page.goto(`/plans/${planId}`);
    await follow(page, 'Items of section B: Special educational needs');
    expect((await pageBasics(page)).h1s).toEqual(['Section B: Special educational needs']);
    expect(await page.locator('main').textContent()).toContain('Reading');
    expect(await axe(page)).toEqual([]);

    // A need: the empty form is refused with one message per field, then saved.
    await follow(page, 'Add a need');
    expect(await axe(page)).toEqual([]);
    const empty = await submit(page, 'Save');
    expect(empty).toContain('Select the area of need');
    expect(empty).toContain('Describe the need');
    expect(await axe(page)).toEqual([]);
    await page.getByLabel('Communication and interaction').check();
    await page.getByLabel('Describe the need').fill('Understanding spoken instructions');
    expect(await submit(page, 'Save')).toContain('Need added');
    expect(await page.locator('main').textContent()).toContain('Understanding spoken instructions');

    // An outcome meeting that need: the findings now say it has no provision.
    await page.goto(`/plans/${planId}/items/E`);
    await follow(page, 'Add an outcome');
    await page.getByLabel('Describe the outcome').fill('Follows a two-step instruction in class');
    await page.getByLabel('By when (optional)').fill('by July 2027');
    await page.getByLabel('Understanding spoken instructions').check();
    expect(await submit(page, 'Save')).toContain('Outcome added');
    expect(await page.locator('.app-findings').textContent()).toContain('"Follows a two-step instruction in class" has no provision');
    expect(await axe(page)).toEqual([]);

    // Provision for it, first without how often: a warning; then with who, how often and how long.
    await page.goto(`/plans/${planId}/items/F`);
    await follow(page, 'Add provision');
    expect(await axe(page)).toEqual([]);
    await page.getByLabel('Describe the provision').fill('Speech and language therapy');
    await page.getByLabel('Follows a two-step instruction in class').check();
    expect(await submit(page, 'Save')).toContain('Provision added');
    expect(await page.locator('.app-findings').textContent()).toContain('"Speech and language therapy" does not say how often');
    await follow(page, 'Change (Speech and language therapy)');
    await page.getByLabel('Who provides it').fill('NHS speech and language therapist');
    await page.getByLabel('How often and how much').fill('30 minutes weekly');
    await page.getByLabel('For how long').fill('12 months');
    expect(await submit(page, 'Save')).toContain('Provision changed');
    const main = (await page.locator('main').textContent()) ?? '';
    // Needs -> outcomes -> provision, in that order on the page.
    const [need, outcome, provision] = ['Need: Understanding spoken instructions', 'Outcome: Follows a two-step instruction in class', '30 minutes weekly'].map((t) => main.indexOf(t));
    expect(need).toBeGreaterThan(-1);
    expect(outcome).toBeGreaterThan(need);
    expect(provision).toBeGreaterThan(outcome);
    expect(main).not.toContain('does not say how often');
    expect(await axe(page)).toEqual([]);

    const plan = await stack.api.http.get(`/api/v1/plans/${planId}`).set(bearer(caseworker)).expect(200);
    const f = plan.body.sections.F.items.find((i: { description: string }) => i.description === 'Speech and language therapy');
    expect(f).toMatchObject({ deliveredBy: 'NHS speech and language therapist', frequency: '30 minutes weekly', duration: '12 months' });
    expect(f.outcomeIds).toHaveLength(1);

    // Someone else saves the plan while this form is open: 412, shown as a changed plan, what was typed kept.
    await follow(page, 'Change (Speech and language therapy)');
    const fresh = await stack.api.http.get(`/api/v1/plans/${planId}`).set(bearer(caseworker)).expect(200);
    await stack.api.http.put(`/api/v1/plans/${planId}/sections/A`).set(bearer(caseworker)).set('if-match', fresh.headers.etag as string).send({ text: 'Changed by a colleague.' }).expect(200);
    await page.getByLabel('How often and how much').fill('45 minutes weekly');
    expect(await submit(page, 'Save')).toContain('This plan changed since you opened it');
    expect(await page.getByLabel('How often and how much').inputValue()).toBe('45 minutes weekly');
    expect(await submit(page, 'Save')).toContain('Provision changed');
    expect(await page.locator('main').textContent()).toContain('45 minutes weekly');

    // Remove the outcome, after confirming.
    await page.goto(`/plans/${planId}/items/E`);
    await follow(page, 'Remove (Outcome 2)');
    expect(await axe(page)).toEqual([]);
    expect(await submit(page, 'Remove')).toContain('Outcome removed');
    expect(await page.locator('main').textContent()).not.toContain('Follows a two-step instruction in class');

    // Section I: the named institution, with the URN checked.
    await page.goto(`/plans/${planId}/items/I`);
    await follow(page, 'Change (Placement)');
    await page.getByLabel('URN (optional)').fill('12ab');
    await page.getByLabel('Weeks a year the child boards (optional)').fill('60');
    const errors = await submit(page, 'Save');
    expect(errors).toContain('The URN must be 6 digits');
    expect(errors).toContain('Enter the weeks a year as a whole number from 1 to 52');
    expect(await page.getByLabel('URN (optional)').inputValue()).toBe('12ab');
    await page.getByLabel('Name of the school or institution').fill('Hillside Academy');
    await page.getByLabel('URN (optional)').fill('123456');
    // A residential, work-based placement (SEN2 PlanRes and PlanWBP come from these).
    await page.getByLabel('Weeks a year the child boards (optional)').fill('45');
    await page.getByLabel('This is a work-based placement, such as a supported internship or an apprenticeship').check();
    expect(await submit(page, 'Save')).toContain('Placement changed');
    const summary = (await page.locator('main').textContent()) ?? '';
    expect(summary).toContain('Hillside Academy');
    expect(summary).toContain('45 weeks a year');
    expect(summary).toMatch(/Work-based\s*Yes/);
    const saved = (await stack.api.http.get(`/api/v1/plans/${planId}`).set(bearer(caseworker)).expect(200)).body.sections.I.items[0];
    expect(saved).toMatchObject({ name: 'Hillside Academy', urn: '123456', residentialWeeksPerYear: 45, workBased: true });
    expect(await axe(page)).toEqual([]);
    await context.close();
  }, LONG_JOURNEY_MS);

  it('works without JavaScript, and the plan and section F fit 320 CSS pixels', async () => {
    const { context, page } = await newPage(browser, stack.web.url, { javaScriptEnabled: false });
    await signIn(page, caseworker.email);
    await page.goto(`/plans/${planId}/items/B/new`);
    expect(await submit(page, 'Save')).toContain('Describe the need');
    await page.getByLabel('Sensory and/or physical').check();
    await page.getByLabel('Describe the need').fill('Hearing impairment');
    expect(await submit(page, 'Save')).toContain('Need added');
    await follow(page, 'Remove (Need 3');
    expect(await submit(page, 'Remove')).toContain('Need removed');
    expect(await page.locator('main').textContent()).not.toContain('Hearing impairment');
    await context.close();

    const narrow = await newPage(browser, stack.web.url, { width: 320 });
    await signIn(narrow.page, caseworker.email);
    for (const path of [`/plans/${planId}`, `/plans/${planId}/items/F`, `/plans/${planId}/items/F/new`]) {
      await narrow.page.goto(path);
      expect({ path, sideways: await scrollsSideways(narrow.page) }).toEqual({ path, sideways: false });
    }
    await narrow.context.close();
  }, LONG_JOURNEY_MS);
});
