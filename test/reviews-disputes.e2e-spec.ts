import { Role } from '@app/core';
import { PlanCeasingService } from '@app/plans';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createUser, TestUser } from './support/factories';
import { issueFinalPlan } from './support/issued-plan';
import { londonNoon } from './support/london';

/**
 * Where reviews meet disagreements and endings (issues 13 and 14): a review's decision to cease starts ceasing the
 * plan, and a ceased plan leaves the review schedule; a review's decision not to amend can be appealed, and an order to
 * amend reopens that review for the amended plan, with no new case and no new 15 days.
 */
describe('reviews with ceasing and appeals (e2e)', () => {
  let t: TestApp;
  let caseworker: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-04-01') });
    const la = await createLocalAuthority(t.dataSource);
    caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
  });
  afterAll(() => t.close());

  it('starts ceasing the plan on a decision to cease, then takes it out of the review schedule once ceased', async () => {
    t.clock.set(londonNoon('2026-04-01'));
    const cw = bearer(caseworker);
    const { planId } = await issueFinalPlan(t.http, caseworker, { dateOfBirth: '2012-06-01', requestReceivedOn: '2026-01-05', finalIssuedOn: '2026-01-20' });
    const review = (await t.http.post(`/api/v1/plans/${planId}/reviews`).set(cw).send({ meetingOn: '2026-03-16' }).expect(201)).body;
    // A decision to cease names its reason (no silent "9 other"); under 18, reasons 3, 4 and 6 are refused (Regs 29(1)).
    const noReason = await t.http.post(`/api/v1/reviews/${review.id}/decision`).set(cw).send({ decision: 'cease', notifiedOn: '2026-03-31' }).expect(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'ceaseReason' })]);
    for (const ceaseReason of [3, 4, 6]) {
      const refused = await t.http.post(`/api/v1/reviews/${review.id}/decision`).set(cw).send({ decision: 'cease', notifiedOn: '2026-03-31', ceaseReason }).expect(422);
      expect(refused.body).toMatchObject({ code: 'cease_reason_not_for_under_18', rule: 'SEND Regulations 2014, reg 29', reason: ceaseReason, age: 13 });
    }
    const decided = await t.http.post(`/api/v1/reviews/${review.id}/decision`).set(cw).send({ decision: 'cease', notifiedOn: '2026-03-31', ceaseReason: 2 }).expect(200);
    expect(decided.body).toMatchObject({ status: 'decided', decision: 'cease', notifiedOn: '2026-03-31' });
    expect(decided.body.decisionNotices).toEqual([expect.objectContaining({ decision: 'cease', notifiedOn: '2026-03-31', appealDeadline: '2026-06-01', mediationAdviceRequired: true })]);
    const cessation = await t.http.get(`/api/v1/plans/${planId}/cessation`).set(cw).expect(200);
    // The appeal deadline: 2 months after the notice, 31 May 2026 a Sunday, so Monday 1 June (HESC Rules r12).
    expect(cessation.body).toMatchObject({ status: 'ceasing', reason: 2, notifiedOn: '2026-03-31', appealDeadline: '2026-06-01' });
    expect((await t.http.get(`/api/v1/plans/${planId}`).set(cw).expect(200)).body).toMatchObject({ status: 'ceasing', nextReviewDueOn: '2027-03-30' });
    // Maintained until the deadline; the day after it, the worker's sweep ceases the plan.
    t.clock.set(londonNoon('2026-06-02'));
    expect((await t.app.get(PlanCeasingService).closeDue()).ceased).toBeGreaterThanOrEqual(1);
    const ceased = await t.http.get(`/api/v1/plans/${planId}`).set(cw).expect(200);
    expect(ceased.body).toMatchObject({ status: 'ceased', nextReviewDueOn: null });
    expect(ceased.body.deadlines.map((d: { kind: string; status: string }) => [d.kind, d.status])).toEqual([
      ['review_due', 'met'],
      ['review_due', 'not_applicable'],
    ]);
    const [open] = await t.dataSource.query(`SELECT count(*)::int AS n FROM deadlines WHERE subject_id = $1 AND state = 'open'`, [planId]);
    expect(open.n).toBe(0);
    expect((await t.http.post(`/api/v1/plans/${planId}/reviews`).set(cw).send({ meetingOn: '2026-06-02' }).expect(409)).body.code).toBe('plan_not_issued');
    // Nothing more can be done on the ceased plan's reviews.
    expect((await t.http.post(`/api/v1/reviews/${review.id}/report`).set(cw).send({ issuedOn: '2026-06-02' }).expect(409)).body.code).toBe('plan_not_issued');
  });

  it('lets the family appeal a decision not to amend; an order to amend reopens the review for the amended plan', async () => {
    t.clock.set(londonNoon('2026-04-01'));
    const cw = bearer(caseworker);
    const { planId } = await issueFinalPlan(t.http, caseworker, { dateOfBirth: '2014-02-10', requestReceivedOn: '2026-01-05', finalIssuedOn: '2026-01-20' });
    const review = (await t.http.post(`/api/v1/plans/${planId}/reviews`).set(cw).send({ meetingOn: '2026-03-02' }).expect(201)).body;
    await t.http.post(`/api/v1/reviews/${review.id}/decision`).set(cw).send({ decision: 'maintain', notifiedOn: '2026-03-20' }).expect(200);
    // Only the decisions this review made can be appealed on it.
    const wrong = await t.http.post('/api/v1/appeals').set(cw).send({ subjectType: 'review', subjectId: review.id, decision: 'cease', noticeOn: '2026-03-20' }).expect(422);
    expect(wrong.body.detail).toMatch(/made no such decision/);
    const appeal = await t.http.post('/api/v1/appeals').set(cw).send({ subjectType: 'review', subjectId: review.id, decision: 'not_to_amend', noticeOn: '2026-03-20' }).expect(201);
    expect(appeal.body.appealDeadline).toBe('2026-05-20');
    await t.http.post(`/api/v1/appeals/${appeal.body.id}/lodged`).set(cw).send({ lodgedOn: '2026-04-01' }).expect(200);
    // Meanwhile the next review is arranged: the order must still reach the review it is about.
    const next = await t.http.post(`/api/v1/plans/${planId}/reviews`).set(cw).send({ meetingOn: '2026-09-01' }).expect(201);
    expect(next.body).toMatchObject({ status: 'scheduled', cycleStartsOn: '2026-03-20' });
    t.clock.set(londonNoon('2026-07-01'));
    const ordered = await t.http.post(`/api/v1/appeals/${appeal.body.id}/orders`).set(cw).send({ kind: 'amend_provision', orderedOn: '2026-07-01' }).expect(201);
    expect(ordered.body.orders[0].duties).toEqual([expect.objectContaining({ dueOn: '2026-08-05', status: 'open' })]); // 5 weeks (Regs 44(2))
    const reopened = await t.http.get(`/api/v1/reviews/${review.id}`).set(cw).expect(200);
    expect(reopened.body).toMatchObject({ status: 'amending', decision: 'maintain', orderedAmendmentOn: '2026-07-01' });
    // No amendment notice or 15 days after an order: the amended plan may go out at once.
    const issued = await t.http.post(`/api/v1/reviews/${review.id}/amended-plan`).set(cw).send({ issuedOn: '2026-07-01', confirmNoChanges: true }).expect(200);
    expect(issued.body).toMatchObject({ status: 'amended', amendedPlanIssuedOn: '2026-07-01', amendedPlanVersion: 3 });
    const after = await t.http.get(`/api/v1/appeals/${appeal.body.id}`).set(cw).expect(200);
    expect(after.body.orders[0].duties).toEqual([expect.objectContaining({ status: 'met', completedOn: '2026-07-01' })]);
    expect((await t.http.get(`/api/v1/reviews/${next.body.id}`).set(cw).expect(200)).body.status).toBe('scheduled');
  });

  it('does not let an amendment still to be issued hold up the next review', async () => {
    t.clock.set(londonNoon('2026-04-01'));
    const cw = bearer(caseworker);
    const { planId } = await issueFinalPlan(t.http, caseworker, { dateOfBirth: '2014-02-10', requestReceivedOn: '2026-01-05', finalIssuedOn: '2026-01-20' });
    const review = (await t.http.post(`/api/v1/plans/${planId}/reviews`).set(cw).send({ meetingOn: '2026-03-02' }).expect(201)).body;
    await t.http.post(`/api/v1/reviews/${review.id}/decision`).set(cw).send({ decision: 'amend', notifiedOn: '2026-03-20' }).expect(200);
    const next = await t.http.post(`/api/v1/plans/${planId}/reviews`).set(cw).send({ meetingOn: '2026-04-01' }).expect(201);
    expect(next.body).toMatchObject({ status: 'held', cycleStartsOn: '2026-03-20' });
    expect((await t.http.get(`/api/v1/reviews/${review.id}`).set(cw).expect(200)).body.status).toBe('amending');
  });

  it('moves the plan’s and the open review’s deadlines to a new caseworker at once, so their reminders follow', async () => {
    t.clock.set(londonNoon('2026-04-01'));
    const cw = bearer(caseworker);
    const colleague = await createUser(t.dataSource, t.http, caseworker.localAuthorityId, Role.Caseworker);
    const { planId, assessmentId } = await issueFinalPlan(t.http, caseworker, { dateOfBirth: '2015-05-05', requestReceivedOn: '2026-01-05', finalIssuedOn: '2026-01-20' });
    const review = (await t.http.post(`/api/v1/plans/${planId}/reviews`).set(cw).send({ meetingOn: '2026-05-01' }).expect(201)).body;
    const owners = () =>
      t.dataSource.query<{ case_owner_user_id: string; owner_user_id: string }[]>(`SELECT DISTINCT case_owner_user_id, owner_user_id FROM deadlines WHERE subject_id = ANY($1::uuid[])`, [[planId, review.id]]);
    expect(await owners()).toEqual([{ case_owner_user_id: caseworker.id, owner_user_id: caseworker.id }]);
    await t.http.post(`/api/v1/assessments/${assessmentId}/caseworker`).set(cw).send({ caseworkerId: colleague.id }).expect(200);
    expect(await owners()).toEqual([{ case_owner_user_id: colleague.id, owner_user_id: colleague.id }]);
    // The reminders planned for those deadlines are re-planned for the new revision.
    const [stale] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM reminders r JOIN deadlines d ON d.id = r.deadline_id WHERE d.subject_id = ANY($1::uuid[]) AND r.state = 'scheduled' AND r.deadline_revision <> d.revision`,
      [[planId, review.id]],
    );
    expect(stale.n).toBe(0);
  });

  it('not amending after all (Regs 22(4)): after the family’s 15 days it closes the amended-plan duty and gives an appealable notice', async () => {
    t.clock.set(londonNoon('2026-04-01'));
    const cw = bearer(caseworker);
    const { planId } = await issueFinalPlan(t.http, caseworker, { dateOfBirth: '2013-09-09', requestReceivedOn: '2026-01-05', finalIssuedOn: '2026-01-20' });
    const review = (await t.http.post(`/api/v1/plans/${planId}/reviews`).set(cw).send({ meetingOn: '2026-03-16' }).expect(201)).body;
    await t.http.post(`/api/v1/reviews/${review.id}/report`).set(cw).send({ issuedOn: '2026-03-20' }).expect(200);
    // Amendment notice Tuesday 31 March 2026: the family's 15 days run to 14 April; the 8 weeks to 26 May.
    await t.http.post(`/api/v1/reviews/${review.id}/decision`).set(cw).send({ decision: 'amend', notifiedOn: '2026-03-31', proposedChanges: 'More therapy.' }).expect(200);
    t.clock.set(londonNoon('2026-04-10'));
    const early = await t.http.post(`/api/v1/reviews/${review.id}/not-amending`).set(cw).send({ notifiedOn: '2026-04-10', reasons: 'The family agree the plan meets need.' }).expect(422);
    expect(early.body).toMatchObject({ code: 'representations_window_open', earliestIssueOn: '2026-04-15' });
    await t.http.post(`/api/v1/reviews/${review.id}/not-amending`).set(cw).send({ notifiedOn: '2026-04-10' }).expect(400);
    t.clock.set(londonNoon('2026-04-20'));
    const done = await t.http.post(`/api/v1/reviews/${review.id}/not-amending`).set(cw).send({ notifiedOn: '2026-04-20', reasons: 'The representations show the plan already meets need.' }).expect(200);
    expect(done.body).toMatchObject({ status: 'decided', decision: 'amend', notAmendingNotifiedOn: '2026-04-20', amendedPlanIssuedOn: null });
    const byKind = (kind: string) => (done.body.deadlines as { kind: string }[]).filter((d) => d.kind === kind);
    expect(byKind('amended_plan')).toEqual([expect.objectContaining({ dueOn: '2026-05-26', status: 'met', completedOn: '2026-04-20', regulation: 'SEND Regulations 2014, regs 22(3) and 22(4)' })]);
    expect(byKind('amendment_representations')).toEqual([expect.objectContaining({ dueOn: '2026-04-14', status: 'met' })]);
    // 20 April 2026 + 2 months = Saturday 20 June 2026: Monday 22 June.
    expect(done.body.decisionNotices).toEqual([expect.objectContaining({ decision: 'not_to_amend', notifiedOn: '2026-04-20', appealDeadline: '2026-06-22' })]);
    await t.http.post(`/api/v1/reviews/${review.id}/not-amending`).set(cw).send({ notifiedOn: '2026-04-20', reasons: 'again' }).expect(409);
    const appeal = await t.http.post('/api/v1/appeals').set(cw).send({ subjectType: 'review', subjectId: review.id, decision: 'not_to_amend', noticeOn: '2026-04-20' }).expect(201);
    expect(appeal.body).toMatchObject({ decision: 'not_to_amend', appealDeadline: '2026-06-22' });
  });
});
