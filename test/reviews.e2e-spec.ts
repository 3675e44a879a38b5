import { INestApplicationContext } from '@nestjs/common';
import { Role } from '@app/core';
import { ReminderPagerService } from '@app/reminders';
import { ReviewsService } from '@app/reviews';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createOrganisation, createUser, TestUser } from './support/factories';
import { issueFinalPlan } from './support/issued-plan';
import { londonNoon } from './support/london';
import { flattenText, inspectPdf } from './support/pdf-inspect';
import { waitFor } from './support/wait';
import { startTestWorker } from './support/worker';

interface Deadline {
  kind: string;
  dueOn: string;
  status: string;
  completedOn: string | null;
  regulation: string;
}
const byKind = (deadlines: Deadline[], kind: string) => deadlines.filter((d) => d.kind === kind);

// supertest reads the body as bytes.
const binary = (res: unknown, cb: (err: Error | null, body: unknown) => void) => {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
};

/**
 * A plan's whole annual cycle through the API: the review opened ahead of time by the worker (caseworker and SENCO
 * told), the meeting scheduled and held, the decision to amend, the family's 15 days, the amended final plan as a
 * new version with its PDF and section diff; then the next review period, a phase transfer and a shorter interval.
 * Every date is checked against statutory-rules.md section 4.
 */
describe('reviews, amendments and phase transfers (e2e)', () => {
  let t: TestApp;
  let worker: INestApplicationContext | null = null;
  let caseworker: TestUser;
  let senco: TestUser;
  let other: TestUser;
  let planId: string;
  let reviewId: string;

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-04-01') });
    const la = await createLocalAuthority(t.dataSource);
    const elsewhere = await createLocalAuthority(t.dataSource);
    const school = await createOrganisation(t.dataSource, la.id, 'school');
    await t.dataSource.query(`UPDATE organisations SET urn = '654321' WHERE id = $1`, [school]);
    caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    senco = await createUser(t.dataSource, t.http, la.id, Role.Professional, { organisationId: school });
    other = await createUser(t.dataSource, t.http, elsewhere.id, Role.Caseworker);
    // Born 10 May 2013: Year 9 in 2026/27 (age 13 on 31 August 2026).
    ({ planId } = await issueFinalPlan(t.http, caseworker, { dateOfBirth: '2013-05-10', requestReceivedOn: '2026-01-05', finalIssuedOn: '2026-04-01', placement: { name: 'Demo Secondary School', urn: '654321' } }));
  });
  afterAll(async () => {
    await worker?.close();
    await t.close();
  });

  it('opens the first review period with the final plan: the last day of the 12 months starting with its issue (CFA s44(1))', async () => {
    const plan = await t.http.get(`/api/v1/plans/${planId}`).set(bearer(caseworker)).expect(200);
    expect(plan.body).toMatchObject({ status: 'issued', finalIssuedOn: '2026-04-01', nextReviewDueOn: '2027-03-31' });
    expect(plan.body.deadlines).toEqual([expect.objectContaining({ kind: 'review_due', dueOn: '2027-03-31', status: 'open', completedOn: null, regulation: 'Children and Families Act 2014, s44(1)' })]);
  });

  it('refuses a review of a plan not yet issued, and hides reviews from another LA', async () => {
    const cw = bearer(caseworker);
    const child = await t.http.post('/api/v1/children').set(cw).send({ givenName: 'Draft', familyName: 'Only', dateOfBirth: '2015-01-01' }).expect(201);
    const a = await t.http.post('/api/v1/assessments').set(cw).send({ childId: child.body.id, requestReceivedOn: '2026-01-05', requestSource: 'parent' }).expect(201);
    await t.http.post(`/api/v1/assessments/${a.body.id}/decision-to-assess`).set(cw).send({ decision: 'assess', decidedOn: '2026-01-06' }).expect(200);
    const decided = await t.http.post(`/api/v1/assessments/${a.body.id}/decision-to-issue`).set(cw).send({ decision: 'issue', decidedOn: '2026-01-07' }).expect(200);
    const refused = await t.http.post(`/api/v1/plans/${decided.body.planId}/reviews`).set(cw).send({ meetingOn: '2026-05-01' }).expect(409);
    expect(refused.body).toMatchObject({ code: 'plan_not_issued' });
    await t.http.post(`/api/v1/plans/${planId}/reviews`).set(bearer(other)).send({ meetingOn: '2026-05-01' }).expect(404);
    await t.http.get(`/api/v1/plans/${planId}/reviews`).set(bearer(other)).expect(404);
    await t.http.put(`/api/v1/plans/${planId}/phase-transfer`).set(bearer(other)).send({ kind: 'primary_to_secondary', transferOn: '2027-09-01' }).expect(404);
  });

  it('has the worker open the review 10 weeks before its last day and tell the caseworker and the school’s SENCO', async () => {
    t.clock.set(londonNoon('2027-01-19')); // 71 days before 31 March 2027: not yet
    const reviews = t.app.get(ReviewsService);
    expect(await reviews.daily()).toMatchObject({ opened: 0 });
    t.clock.set(londonNoon('2027-01-20')); // 70 days before: opened, by the worker's job at start
    worker = await startTestWorker(t.config, t.clock);
    await waitFor(async () => (await t.http.get(`/api/v1/plans/${planId}/reviews`).set(bearer(caseworker))).body.length === 1, 'the worker to open the review');
    const [opened] = (await t.http.get(`/api/v1/plans/${planId}/reviews`).set(bearer(caseworker)).expect(200)).body;
    expect(opened).toMatchObject({ status: 'opened', cycleStartsOn: '2026-04-01', cycleDueOn: '2027-03-31', meetingOn: null, deadlines: [] });
    reviewId = opened.id;
    // Idempotent: passes run at once, or again, open nothing more and send nothing twice.
    const again = await Promise.all([reviews.daily(), reviews.daily()]);
    expect(again.map((w) => [w.opened, w.failed])).toEqual([
      [0, 0],
      [0, 0],
    ]);
    const cwInbox = await t.http.get('/api/v1/notifications').set(bearer(caseworker)).expect(200);
    expect(cwInbox.body.items.filter((n: { kind: string }) => n.kind === 'review_due_soon')).toEqual([expect.objectContaining({ subjectType: 'plan', subjectId: planId, deadlineKind: 'review_due', dueOn: '2027-03-31' })]);
    const schoolInbox = await t.http.get('/api/v1/notifications').set(bearer(senco)).expect(200);
    expect(schoolInbox.body.items.filter((n: { kind: string }) => n.kind === 'review_due_soon')).toHaveLength(1);
  });

  it('schedules the meeting on the opened review: invitations due 2 weeks before it; Year 9 flags preparation for adulthood', async () => {
    const scheduled = await t.http.post(`/api/v1/plans/${planId}/reviews`).set(bearer(caseworker)).send({ meetingOn: '2027-03-01' }).expect(201);
    expect(scheduled.body).toMatchObject({ id: reviewId, planId, meetingOn: '2027-03-01', status: 'scheduled', decision: null, yearGroup: 9, preparingForAdulthood: true });
    // Notice of the meeting (Regs 20(3)) and the advice circulated (Regs 20(4)): two duties, both 2 weeks before.
    expect(scheduled.body.deadlines).toEqual([
      expect.objectContaining({ kind: 'review_invitations', dueOn: '2027-02-15', status: 'open', regulation: 'SEND Regulations 2014, regs 20(3) and 21(3)' }),
      expect.objectContaining({ kind: 'review_advice_circulation', dueOn: '2027-02-15', status: 'open', regulation: 'SEND Regulations 2014, regs 20(4) and 21(4)' }),
    ]);
    const again = await t.http.post(`/api/v1/plans/${planId}/reviews`).set(bearer(caseworker)).send({ meetingOn: '2027-03-02' }).expect(409);
    expect(again.body).toMatchObject({ code: 'review_in_progress', reviewId });
    const early = await t.http.post(`/api/v1/reviews/${reviewId}/decision`).set(bearer(caseworker)).send({ decision: 'maintain', notifiedOn: '2027-01-20' }).expect(409);
    expect(early.body.code).toBe('review_step_out_of_order');
  });

  it('plans the reminders of every review deadline once', async () => {
    const rows = await t.dataSource.query<{ kind: string; stage: string; n: string }[]>(
      `SELECT d.kind, r.stage, count(*) AS n FROM reminders r JOIN deadlines d ON d.id = r.deadline_id WHERE d.subject_id = $1 GROUP BY d.kind, r.stage ORDER BY r.stage`,
      [reviewId],
    );
    expect(rows.map((r) => [r.kind, r.stage, Number(r.n)]).sort()).toEqual([
      ['review_advice_circulation', 'due_soon', 1],
      ['review_advice_circulation', 'due_today', 1],
      ['review_advice_circulation', 'overdue', 1],
      ['review_invitations', 'due_soon', 1],
      ['review_invitations', 'due_today', 1],
      ['review_invitations', 'overdue', 1],
    ]);
  });

  it('reminds the caseworker of the invitations once, 5 days before, however often the sweep runs', async () => {
    t.clock.set(londonNoon('2027-02-10'));
    const pager = worker!.get(ReminderPagerService);
    const settle = async () => {
      await pager.pageIn();
      await waitFor(async () => {
        const [{ due }] = await t.dataSource.query(`SELECT count(*)::int AS due FROM reminders WHERE state = 'scheduled' AND send_at <= $1`, [t.clock.now()]);
        return due === 0;
      }, 'the reminders due to be delivered');
    };
    await Promise.all([settle(), settle()]);
    await settle();
    const sent = await t.dataSource.query(`SELECT recipient_user_id, kind, subject_type FROM notifications WHERE subject_id = $1 AND deadline_kind = 'review_invitations'`, [reviewId]);
    expect(sent).toEqual([{ recipient_user_id: caseworker.id, kind: 'deadline_due_soon', subject_type: 'review' }]);
  });

  it('records invitations, then counts the meeting as held on its day: report 2 weeks, decision 4 weeks after (Regs 20, 22)', async () => {
    t.clock.set(londonNoon('2027-02-10'));
    const invited = await t.http.post(`/api/v1/reviews/${reviewId}/invitations`).set(bearer(caseworker)).send({ sentOn: '2027-02-10', adviceCirculatedOn: '2027-02-10' }).expect(200);
    expect(byKind(invited.body.deadlines, 'review_invitations')).toEqual([expect.objectContaining({ status: 'met', completedOn: '2027-02-10' })]);
    expect(byKind(invited.body.deadlines, 'review_advice_circulation')).toEqual([expect.objectContaining({ status: 'met', completedOn: '2027-02-10' })]);
    expect(invited.body.adviceCirculatedOn).toBe('2027-02-10');
    const stale = await t.http.post(`/api/v1/reviews/${reviewId}/report`).set(bearer(caseworker)).set('if-match', '"1"').send({ issuedOn: '2027-02-10' }).expect(412);
    expect(stale.body.status).toBe(412);
    t.clock.set(londonNoon('2027-03-01'));
    expect(await t.app.get(ReviewsService).daily()).toMatchObject({ held: 1 });
    const held = await t.http.get(`/api/v1/reviews/${reviewId}`).set(bearer(caseworker)).expect(200);
    expect(held.body).toMatchObject({ status: 'held', heldOn: '2027-03-01' });
    // Postponed after the pass counted it as held: moved to a later day, it is scheduled again.
    const moved = await t.http.put(`/api/v1/reviews/${reviewId}/meeting`).set(bearer(caseworker)).send({ meetingOn: '2027-03-03' }).expect(200);
    expect(moved.body).toMatchObject({ status: 'scheduled', heldOn: null, meetingOn: '2027-03-03' });
    await t.http.put(`/api/v1/reviews/${reviewId}/meeting`).set(bearer(caseworker)).send({ meetingOn: '2027-03-01' }).expect(200);
    expect(byKind(held.body.deadlines, 'review_report')).toEqual([expect.objectContaining({ dueOn: '2027-03-15', status: 'open' })]);
    expect(byKind(held.body.deadlines, 'review_decision')).toEqual([expect.objectContaining({ dueOn: '2027-03-29', status: 'open', regulation: 'SEND Regulations 2014, regs 20(10) and 22(2)' })]);
  });

  it('decides to amend: the review is complete, the next 12 months start on the notice; 15 days for the family and 8 weeks for the amended plan', async () => {
    t.clock.set(londonNoon('2027-03-20'));
    const cw = bearer(caseworker);
    const wrong = await t.http.post(`/api/v1/reviews/${reviewId}/decision`).set(cw).send({ decision: 'amend', notifiedOn: '2027-02-28' }).expect(422);
    expect(wrong.body.errors ?? wrong.body.detail).toBeTruthy();
    await t.http.post(`/api/v1/reviews/${reviewId}/decision`).set(cw).send({ decision: 'amend', notifiedOn: '2027-03-21' }).expect(422); // in the future
    const decided = await t.http.post(`/api/v1/reviews/${reviewId}/decision`).set(cw).send({ decision: 'amend', notifiedOn: '2027-03-20', proposedChanges: 'Add speech and language therapy to section F.' }).expect(200);
    expect(decided.body).toMatchObject({ status: 'amending', decision: 'amend', notifiedOn: '2027-03-20', earliestAmendedPlanOn: '2027-04-04' });
    const d = decided.body.deadlines as Deadline[];
    expect(byKind(d, 'review_decision')).toEqual([expect.objectContaining({ status: 'met', completedOn: '2027-03-20' })]);
    // No report recorded: the decision leaves it missing (overdue since 15 March), never met by the decision.
    expect(byKind(d, 'review_report')).toEqual([expect.objectContaining({ status: 'overdue', completedOn: null })]);
    expect(byKind(d, 'amendment_representations')).toEqual([expect.objectContaining({ dueOn: '2027-04-03', status: 'open' })]);
    expect(byKind(d, 'amended_plan')).toEqual([expect.objectContaining({ dueOn: '2027-05-15', status: 'open', regulation: 'SEND Regulations 2014, reg 22(3)' })]);
    const plan = await t.http.get(`/api/v1/plans/${planId}`).set(cw).expect(200);
    expect(plan.body.nextReviewDueOn).toBe('2028-03-19');
    expect(plan.body.deadlines.map((x: Deadline) => [x.dueOn, x.status, x.completedOn])).toEqual([
      ['2027-03-31', 'met', '2027-03-20'],
      ['2028-03-19', 'open', null],
    ]);
  });

  it('refuses the amended plan inside the family’s 15 days, then issues it once their representations are in: a new version, its PDF and the diff', async () => {
    const cw = bearer(caseworker);
    t.clock.set(londonNoon('2027-03-30'));
    const early = await t.http.post(`/api/v1/reviews/${reviewId}/amended-plan`).set(cw).send({ issuedOn: '2027-03-30' }).expect(422);
    expect(early.body).toMatchObject({ code: 'representations_window_open', earliestIssueOn: '2027-04-04', rule: 'SEND Regulations 2014, reg 22(2)(c)' });
    await t.http.post(`/api/v1/reviews/${reviewId}/representations`).set(cw).send({ receivedOn: '2027-03-28' }).expect(200);
    const plan = await t.http.get(`/api/v1/plans/${planId}`).set(cw).expect(200);
    await t.http
      .put(`/api/v1/plans/${planId}/sections/F`)
      .set(cw)
      .set('if-match', plan.headers.etag as string)
      .send({ text: 'Provision', items: [{ id: 'p1', description: 'Phonics', frequency: 'daily', duration: '1 year', deliveredBy: 'Teacher', outcomeIds: ['o1'] }, { id: 'p2', description: 'Speech and language therapy', frequency: 'weekly', duration: '1 year', deliveredBy: 'NHS therapist', outcomeIds: ['o1'] }] })
      .expect(200);
    const issued = await t.http.post(`/api/v1/reviews/${reviewId}/amended-plan`).set(cw).send({ issuedOn: '2027-03-30' }).expect(200);
    expect(issued.body).toMatchObject({ status: 'amended', amendedPlanIssuedOn: '2027-03-30', amendedPlanVersion: 3 });
    expect(issued.body.changedSections.map((c: { section: string }) => c.section)).toEqual(['F']);
    expect(byKind(issued.body.deadlines, 'amended_plan')).toEqual([expect.objectContaining({ status: 'met', completedOn: '2027-03-30' })]);
    expect(byKind(issued.body.deadlines, 'amendment_representations')).toEqual([expect.objectContaining({ status: 'met', completedOn: '2027-03-28' })]);
    const versions = await t.http.get(`/api/v1/plans/${planId}/versions`).set(cw).expect(200);
    expect(versions.body.map((v: { stage: string; issuedOn: string }) => [v.stage, v.issuedOn])).toEqual([
      ['draft', '2026-01-05'],
      ['final', '2026-04-01'],
      ['amended', '2027-03-30'],
    ]);
    await waitFor(async () => (await t.http.get(`/api/v1/plans/${planId}/pdf?version=3`).set(cw)).status === 200, 'the amended plan’s PDF');
    const pdf = await t.http.get(`/api/v1/plans/${planId}/pdf?version=3`).set(cw).buffer(true).parse(binary).expect(200);
    const text = flattenText((await inspectPdf(pdf.body as Buffer)).text);
    expect(text).toContain('Amended plan issued: 30 March 2027');
    expect(text).toContain('Speech and language therapy');
  });

  it('keeps the history when the next review is arranged, and lists the plan’s reviews', async () => {
    const cw = bearer(caseworker);
    const next = await t.http.post(`/api/v1/plans/${planId}/reviews`).set(cw).send({ meetingOn: '2027-03-30' }).expect(201);
    expect(next.body).toMatchObject({ status: 'held', cycleStartsOn: '2027-03-20', cycleDueOn: '2028-03-19', heldOn: '2027-03-30' });
    expect(next.body.deadlines.map((d: Deadline) => [d.kind, d.dueOn])).toEqual([
      ['review_report', '2027-04-13'],
      ['review_decision', '2027-04-27'],
    ]);
    const maintained = await t.http.post(`/api/v1/reviews/${next.body.id}/decision`).set(cw).send({ decision: 'maintain', notifiedOn: '2027-03-30' }).expect(200);
    expect(maintained.body.status).toBe('decided');
    const list = await t.http.get(`/api/v1/plans/${planId}/reviews`).set(cw).expect(200);
    expect(list.body.map((r: { id: string; status: string }) => r.status)).toEqual(['amended', 'decided']);
    const plan = await t.http.get(`/api/v1/plans/${planId}`).set(cw).expect(200);
    expect(plan.body.nextReviewDueOn).toBe('2028-03-29');
    expect(plan.body.deadlines.map((x: Deadline) => x.status)).toEqual(['met', 'met', 'open']);
  });

  it('records a phase transfer: before 31 March of the transfer year for secondary to post-16 (Regs 18), listed by year with the year group', async () => {
    const cw = bearer(caseworker);
    const set = await t.http.put(`/api/v1/plans/${planId}/phase-transfer`).set(cw).send({ kind: 'secondary_to_post16', transferOn: '2029-09-03' }).expect(200);
    expect(byKind(set.body.deadlines, 'phase_transfer')).toEqual([expect.objectContaining({ dueOn: '2029-03-30', status: 'open', regulation: 'SEND Regulations 2014, reg 18: before 31 March of the year of transfer' })]);
    const list = await t.http.get('/api/v1/plans?phaseTransferYear=2029').set(cw).expect(200);
    expect(list.body).toEqual([
      expect.objectContaining({ planId, kind: 'secondary_to_post16', transferOn: '2029-09-03', yearGroup: 11, yearGroupLabel: 'Year 11', yearGroupOverridden: false, stage: 'no_review', placement: 'Demo Secondary School', deadline: expect.objectContaining({ dueOn: '2029-03-30' }) }),
    ]);
    expect((await t.http.get('/api/v1/plans?phaseTransferYear=2028').set(cw).expect(200)).body).toEqual([]);
    expect((await t.http.get('/api/v1/plans?phaseTransferYear=2029').set(bearer(other)).expect(200)).body).toEqual([]);
    await t.http.get('/api/v1/plans?phaseTransferYear=twenty').set(cw).expect(400);
    await t.http.get('/api/v1/plans').set(cw).expect(400);
    // A post-16 to post-16 move: 5 months before, month ends clamped (31 July -> 28 February); an override of the year group.
    const moved = await t.http.put(`/api/v1/plans/${planId}/phase-transfer`).set(cw).send({ kind: 'post16_to_post16', transferOn: '2029-07-31', yearGroup: 12 }).expect(200);
    expect(byKind(moved.body.deadlines, 'phase_transfer')).toEqual([expect.objectContaining({ dueOn: '2029-02-28' })]);
    expect((await t.http.get('/api/v1/plans?phaseTransferYear=2029').set(cw).expect(200)).body[0]).toMatchObject({ yearGroup: 12, yearGroupOverridden: true });
    await t.http.put(`/api/v1/plans/${planId}/phase-transfer`).set(cw).send({ kind: 'primary_to_university', transferOn: '2029-07-31' }).expect(400);
  });

  it('takes a shorter review interval for the period in progress (guidance for under-5s) and audits it', async () => {
    const cw = bearer(caseworker);
    const six = await t.http.put(`/api/v1/plans/${planId}/review-interval`).set(cw).send({ months: 6 }).expect(200);
    expect(six.body.nextReviewDueOn).toBe('2027-09-29');
    const due = byKind(six.body.deadlines, 'review_due');
    expect(due.map((d: Deadline) => d.dueOn)).toEqual(['2027-03-31', '2028-03-19', '2027-09-29']); // history keeps its 12 months
    await t.http.put(`/api/v1/plans/${planId}/review-interval`).set(cw).send({ months: 13 }).expect(400);
    const audit = await t.dataSource.query<{ action: string }[]>(`SELECT action FROM audit_events WHERE entity_id = $1 AND action LIKE 'plan.%' ORDER BY id`, [planId]);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['plan.amended_issued', 'plan.phase_transfer_set', 'plan.review_interval_set', 'plan.reviews_read']));
  });

  it('computes, on the daily pass, the schedule of a plan issued before reviews existed (as the migration leaves it)', async () => {
    t.clock.set(londonNoon('2027-04-01'));
    const { planId: older } = await issueFinalPlan(t.http, caseworker, { dateOfBirth: '2016-02-29', requestReceivedOn: '2027-01-04', finalIssuedOn: '2027-03-01' });
    // What the migration writes: a placeholder period, no deadlines yet, the plan's old next review date.
    await t.dataSource.query(`UPDATE review_schedules SET deadlines_synced = false, current_cycle_due_on = first_issued_on WHERE plan_id = $1`, [older]);
    await t.dataSource.query(`DELETE FROM deadlines WHERE subject_id = $1`, [older]);
    expect((await t.http.get(`/api/v1/plans/${older}`).set(bearer(caseworker)).expect(200)).body.deadlines).toEqual([expect.objectContaining({ dueOn: '2028-02-29' })]); // computed on read
    expect(await t.app.get(ReviewsService).daily()).toMatchObject({ synced: 1, opened: 0 });
    const [row] = await t.dataSource.query(`SELECT current_cycle_due_on::text AS due, deadlines_synced FROM review_schedules WHERE plan_id = $1`, [older]);
    expect(row).toEqual({ due: '2028-02-29', deadlines_synced: true }); // 1 March 2027 -> 29 February 2028
    const [deadline] = await t.dataSource.query(`SELECT kind, due_on::text AS due FROM deadlines WHERE subject_id = $1`, [older]);
    expect(deadline).toEqual({ kind: 'review_due', due: '2028-02-29' });
  });
});
