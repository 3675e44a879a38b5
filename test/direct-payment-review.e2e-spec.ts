import { Role } from '@app/core';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createUser, TestUser } from './support/factories';
import { issueFinalPlan } from './support/issued-plan';
import { londonNoon } from './support/london';

/**
 * Direct payments reviewed at each annual review (CFA s49; statutory-rules.md section 9): when section J holds a
 * direct payment, the review owes a direct-payment review, due by the meeting (a reminder before it), missed when the
 * review is decided without it. Dates by hand: a plan issued 2 March 2026; a meeting on Wednesday 10 February 2027.
 */
describe('direct payments reviewed at the annual review (e2e)', () => {
  let t: TestApp;
  let cw: TestUser;
  const at = (date: string) => t.clock.set(londonNoon(date));
  const post = (path: string, body: object) => t.http.post(`/api/v1${path}`).set(bearer(cw)).send(body);

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-03-02') });
    const la = await createLocalAuthority(t.dataSource);
    cw = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
  });
  afterAll(() => t.close());

  async function planWithBudget(directPayment: boolean): Promise<string> {
    at('2026-03-02');
    const { planId } = await issueFinalPlan(t.http, cw, { dateOfBirth: '2016-01-10', requestReceivedOn: '2025-10-06', finalIssuedOn: '2026-03-02' });
    const plan = await t.http.get(`/api/v1/plans/${planId}`).set(bearer(cw)).expect(200);
    await t.http
      .put(`/api/v1/plans/${planId}/sections/J`)
      .set(bearer(cw))
      .set('if-match', plan.headers.etag as string)
      .send({ text: 'Personal budget', items: [{ description: 'Transport', annualAmountPence: 120000, directPayment, provisionIds: ['p1'], monitoring: 'Termly statement' }] })
      .expect(200);
    return planId;
  }

  it('owes the direct-payment review by the meeting, reminded before it; met when recorded at the meeting', async () => {
    const planId = await planWithBudget(true);
    at('2027-01-04');
    const scheduled = await post(`/plans/${planId}/reviews`, { meetingOn: '2027-02-10' }).expect(201);
    expect(scheduled.body.directPaymentInPlan).toBe(true);
    const duty = scheduled.body.deadlines.find((d: { kind: string }) => d.kind === 'direct_payment_review');
    expect(duty).toMatchObject({ dueOn: '2027-02-10', status: 'open' });
    expect(duty.regulation).toMatch(/s49/);
    const reviewId = scheduled.body.id as string;
    const [row] = await t.dataSource.query(`SELECT id, owner_user_id, to_char(due_on, 'YYYY-MM-DD') AS due_on FROM deadlines WHERE subject_id = $1 AND kind = 'direct_payment_review'`, [reviewId]);
    expect(row).toMatchObject({ owner_user_id: cw.id, due_on: '2027-02-10' });
    const reminders = await t.dataSource.query<{ stage: string; send_on: string; n: number }[]>(
      `SELECT stage, to_char(min(send_at) AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') AS send_on, count(*)::int AS n FROM reminders WHERE deadline_id = $1 GROUP BY stage ORDER BY 2`,
      [row.id],
    );
    expect(reminders[0].stage).toBe('due_soon');
    expect(reminders[0].send_on < '2027-02-10').toBe(true);
    for (const r of reminders) expect(r.n).toBe(1);

    at('2027-02-10');
    const held = await post(`/reviews/${reviewId}/meeting-held`, { directPaymentReviewedOn: '2027-02-10', directPaymentNotes: 'Spending on transport as agreed.' }).expect(200);
    expect(held.body).toMatchObject({ directPaymentReviewedOn: '2027-02-10', directPaymentNotes: 'Spending on transport as agreed.' });
    expect(held.body.deadlines.find((d: { kind: string }) => d.kind === 'direct_payment_review')).toMatchObject({ status: 'met', completedOn: '2027-02-10' });
    at('2027-02-20');
    const decided = await post(`/reviews/${reviewId}/decision`, { decision: 'maintain', notifiedOn: '2027-02-20' }).expect(200);
    expect(decided.body.deadlines.find((d: { kind: string }) => d.kind === 'direct_payment_review').status).toBe('met');
  });

  it('a review decided without it shows the duty missed (overdue), not met or not applicable; the decision form can record it (late)', async () => {
    const planId = await planWithBudget(true);
    at('2027-01-04');
    const scheduled = await post(`/plans/${planId}/reviews`, { meetingOn: '2027-02-10' }).expect(201);
    const reviewId = scheduled.body.id as string;
    at('2027-02-20');
    const decided = await post(`/reviews/${reviewId}/decision`, { decision: 'maintain', notifiedOn: '2027-02-20' }).expect(200);
    const duty = decided.body.deadlines.find((d: { kind: string }) => d.kind === 'direct_payment_review');
    expect(duty).toMatchObject({ status: 'overdue', completedOn: null });
    expect(duty.explanation).toContain('missed');
    const [row] = await t.dataSource.query(`SELECT state FROM deadlines WHERE subject_id = $1 AND kind = 'direct_payment_review'`, [reviewId]);
    expect(row.state).toBe('open');

    // Another plan: recorded with the decision, after the meeting: late.
    const other = await planWithBudget(true);
    at('2027-01-04');
    const r2 = await post(`/plans/${other}/reviews`, { meetingOn: '2027-02-10' }).expect(201);
    at('2027-02-20');
    await post(`/reviews/${r2.body.id}/decision`, { decision: 'maintain', notifiedOn: '2027-02-20', directPaymentReviewedOn: '2027-02-21' }).expect(422);
    const late = await post(`/reviews/${r2.body.id}/decision`, { decision: 'maintain', notifiedOn: '2027-02-20', directPaymentReviewedOn: '2027-02-15' }).expect(200);
    expect(late.body.deadlines.find((d: { kind: string }) => d.kind === 'direct_payment_review').status).toBe('late');
  });

  it('owes nothing when section J holds no direct payment', async () => {
    const planId = await planWithBudget(false);
    at('2027-01-04');
    const scheduled = await post(`/plans/${planId}/reviews`, { meetingOn: '2027-02-10' }).expect(201);
    expect(scheduled.body.directPaymentInPlan).toBe(false);
    expect(scheduled.body.deadlines.map((d: { kind: string }) => d.kind)).not.toContain('direct_payment_review');
  });
});
