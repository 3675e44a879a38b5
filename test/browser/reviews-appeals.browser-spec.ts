import type { Browser } from 'playwright-core';
import { Role } from '@app/core';
import { TestUser } from '../support/factories';
import { issueFinalPlan } from '../support/issued-plan';
import { londonNoon } from '../support/london';
import { axe, fillDate, launchBrowser, newPage, pageBasics, signIn, submitForm } from './support/browser';
import { stackUser, startStack, TestStack } from './support/stack';

/** After the final plan: the caseworker holds a review, decides to amend, issues the amended plan and registers an appeal. */
describe('Reviews and appeals (browser)', () => {
  let browser: Browser;
  let stack: TestStack;
  let caseworker: TestUser;
  let planId: string;

  beforeAll(async () => {
    [browser, stack] = await Promise.all([launchBrowser(), startStack({ now: londonNoon('2027-04-01') })]);
    caseworker = await stackUser(stack, Role.Caseworker);
    ({ planId } = await issueFinalPlan(stack.api.http, caseworker, { dateOfBirth: '2016-06-01', requestReceivedOn: '2026-03-02', finalIssuedOn: '2026-04-10' }));
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('records the review meeting, the decision to amend, the amended plan and an appeal, each page accessible', async () => {
    const { context, page } = await newPage(browser, stack.web.url);
    await signIn(page, caseworker.email);
    await page.goto(`/plans/${planId}`);
    expect((await pageBasics(page)).h1s).toEqual(['EHC plan']);
    expect(await page.getByRole('link', { name: 'Download PDF' }).count()).toBe(1);
    expect(await page.locator('main').textContent()).toContain('Annual review');
    expect(await axe(page)).toEqual([]);

    expect(await submitForm(page, 'Record review meeting')).toContain('Enter the date of the review meeting');
    await fillDate(page, 'meetingOn', '2027-03-01');
    expect(await submitForm(page, 'Record review meeting')).toContain('Review meeting recorded');

    await page.getByLabel('Amend the plan', { exact: true }).check();
    await page.getByLabel('Proposed amendments (if amending)').fill('Add speech and language therapy.');
    await fillDate(page, 'reviewNotifiedOn', '2027-03-05');
    expect(await submitForm(page, 'Save review decision')).toContain('Review decision saved');
    expect(await page.locator('.app-reviews').textContent()).toContain('decided to amend');
    expect(await axe(page)).toEqual([]);

    // Too early: the family's 15 days are not over (the API's rule, shown on the form).
    await fillDate(page, 'amendedIssuedOn', '2027-03-06');
    const early = await submitForm(page, 'Issue amended plan');
    expect(early).toContain('There is a problem');
    expect(await page.locator('#amendedIssuedOn-day').inputValue()).toBe('6');
    // No section was edited: the form warns first and asks to confirm (issue 24, point 13).
    await fillDate(page, 'amendedIssuedOn', '2027-03-25');
    expect(await submitForm(page, 'Issue amended plan')).toContain('Confirm that you want to issue the amended plan without changes');
    expect(await page.locator('#amended-plan .govuk-warning-text').textContent()).toContain('changes no section');
    expect(await axe(page)).toEqual([]);
    await page.getByLabel('Issue the amended plan without changes').check();
    await fillDate(page, 'amendedIssuedOn', '2027-03-25');
    expect(await submitForm(page, 'Issue amended plan')).toContain('Amended plan issued');

    await page.getByLabel('The contents of the plan', { exact: true }).check();
    await fillDate(page, 'noticeOn', '2027-03-25');
    expect(await submitForm(page, 'Register appeal')).toContain('Appeal registered');
    expect(await axe(page)).toEqual([]);
    await context.close();
  });
});
