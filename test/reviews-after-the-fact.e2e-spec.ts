import { Role } from '@app/core';
import { ReviewsService } from '@app/reviews';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createUser, TestUser } from './support/factories';
import { issueFinalPlan } from './support/issued-plan';
import { londonNoon } from './support/london';

interface Deadline {
  kind: string;
  dueOn: string;
  status: string;
}

/**
 * A review the system opened ahead of time is recorded as held on a day before the system opened it (issue 24,
 * point 13): records are often entered after the fact. The report (2 weeks) and decision (4 weeks) run from the day it
 * was held (Regs 20(10), 22(1)), not from the day it was recorded or opened.
 */
describe('A system-opened review held on an earlier day (e2e)', () => {
  let t: TestApp;
  let caseworker: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-04-01') });
    const la = await createLocalAuthority(t.dataSource);
    caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
  });
  afterAll(() => t.close());

  async function openedReview(givenYear: string): Promise<{ planId: string; reviewId: string }> {
    t.clock.set(londonNoon('2026-04-01'));
    const { planId } = await issueFinalPlan(t.http, caseworker, { dateOfBirth: givenYear, requestReceivedOn: '2026-01-05', finalIssuedOn: '2026-04-01' });
    // 70 days before the review's last day (31 March 2027) the system opens it.
    t.clock.set(londonNoon('2027-01-20'));
    await t.app.get(ReviewsService).daily();
    const [opened] = (await t.http.get(`/api/v1/plans/${planId}/reviews`).set(bearer(caseworker)).expect(200)).body;
    expect(opened).toMatchObject({ status: 'opened', openedOn: '2027-01-20', meetingOn: null });
    return { planId, reviewId: opened.id as string };
  }

  it('records the meeting held on 14 January 2027, before the system opened the review on 20 January: report by 28 January, decision by 11 February', async () => {
    const { reviewId } = await openedReview('2016-05-10');
    t.clock.set(londonNoon('2027-01-25'));
    const cw = bearer(caseworker);
    // Without a meeting arranged, the day it was held is required.
    const noDay = await t.http.post(`/api/v1/reviews/${reviewId}/meeting-held`).set(cw).send({}).expect(400);
    expect(JSON.stringify(noDay.body)).toContain('heldOn');
    await t.http.post(`/api/v1/reviews/${reviewId}/meeting-held`).set(cw).send({ heldOn: '2027-01-26' }).expect(422);
    const held = await t.http.post(`/api/v1/reviews/${reviewId}/meeting-held`).set(cw).send({ heldOn: '2027-01-14' }).expect(200);
    expect(held.body).toMatchObject({ status: 'held', heldOn: '2027-01-14', meetingOn: '2027-01-14', scheduledOn: '2027-01-14', openedOn: '2027-01-20' });
    const byKind = (kind: string) => (held.body.deadlines as Deadline[]).find((d) => d.kind === kind);
    expect(byKind('review_report')).toMatchObject({ dueOn: '2027-01-28', status: 'open' });
    expect(byKind('review_decision')).toMatchObject({ dueOn: '2027-02-11', status: 'open' });
    // The notice went out before the meeting: it is accepted within the review period, not refused as "before it was arranged".
    const notice = await t.http.post(`/api/v1/reviews/${reviewId}/invitations`).set(cw).send({ sentOn: '2026-12-30', adviceCirculatedOn: '2026-12-31' }).expect(200);
    expect(notice.body).toMatchObject({ invitationsSentOn: '2026-12-30', heldOn: '2027-01-14' });
    const decided = await t.http.post(`/api/v1/reviews/${reviewId}/decision`).set(cw).send({ decision: 'maintain', notifiedOn: '2027-01-25' }).expect(200);
    expect((decided.body.deadlines as Deadline[]).find((d) => d.kind === 'review_decision')).toMatchObject({ dueOn: '2027-02-11', status: 'met' });
  });

  it('schedules a past meeting on the opened review as arranged on its own day, not on the day it was recorded', async () => {
    const { planId, reviewId } = await openedReview('2016-06-10');
    t.clock.set(londonNoon('2027-01-25'));
    const held = await t.http.post(`/api/v1/plans/${planId}/reviews`).set(bearer(caseworker)).send({ meetingOn: '2027-01-12' }).expect(201);
    expect(held.body).toMatchObject({ id: reviewId, status: 'held', heldOn: '2027-01-12', scheduledOn: '2027-01-12' });
    expect((held.body.deadlines as Deadline[]).find((d) => d.kind === 'review_report')).toMatchObject({ dueOn: '2027-01-26' });
  });

  it('warns before an amended plan that changes no section (422 amendment_changes_nothing), and issues it unchanged only when confirmed', async () => {
    const { planId, reviewId } = await openedReview('2016-07-10');
    t.clock.set(londonNoon('2027-01-25'));
    const cw = bearer(caseworker);
    await t.http.post(`/api/v1/reviews/${reviewId}/meeting-held`).set(cw).send({ heldOn: '2027-01-20' }).expect(200);
    await t.http.post(`/api/v1/reviews/${reviewId}/decision`).set(cw).send({ decision: 'amend', notifiedOn: '2027-01-25', proposedChanges: 'More speech and language therapy' }).expect(200);
    await t.http.post(`/api/v1/reviews/${reviewId}/representations`).set(cw).send({ receivedOn: '2027-01-25' }).expect(200);
    const versionsBefore = (await t.http.get(`/api/v1/plans/${planId}/versions`).set(cw).expect(200)).body.length as number;
    const unchanged = await t.http.post(`/api/v1/reviews/${reviewId}/amended-plan`).set(cw).send({ issuedOn: '2027-01-25' }).expect(422);
    expect(unchanged.body).toMatchObject({ code: 'amendment_changes_nothing', field: 'confirmNoChanges', rule: expect.stringContaining('22(4)') });
    // Nothing was issued: no new version, the review still amending.
    expect((await t.http.get(`/api/v1/plans/${planId}/versions`).set(cw).expect(200)).body).toHaveLength(versionsBefore);
    expect((await t.http.get(`/api/v1/reviews/${reviewId}`).set(cw).expect(200)).body.status).toBe('amending');
    const confirmed = await t.http.post(`/api/v1/reviews/${reviewId}/amended-plan`).set(cw).send({ issuedOn: '2027-01-25', confirmNoChanges: true }).expect(200);
    expect(confirmed.body).toMatchObject({ status: 'amended', amendedPlanIssuedOn: '2027-01-25' });
    expect(confirmed.body.changedSections).toEqual([]);
  });
});
