import { Role } from '@app/core';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createUser, TestUser } from './support/factories';
import { familySignIn } from './support/family';
import { londonNoon } from './support/london';
import { writePlanSections } from './support/issued-plan';
import { seekAdviceForDraft } from './support/advice-before-draft';

/**
 * Tribunal health and social care recommendations (issue 24 point 9, issue 28 point 3; the SEND (First-tier Tribunal
 * Recommendations Power) Regulations 2017): recorded on an appeal's order, each body's written answer due within 5
 * weeks of the decision (verify), a deadline of the appeal reminding its owner once, met by the answer. Dates by hand:
 * an order to continue a plan on Thursday 15 October 2026; 5 weeks later is Thursday 19 November 2026.
 */
describe('Tribunal health and social care recommendations (e2e)', () => {
  let t: TestApp;
  let caseworker: TestUser;
  const at = (date: string) => t.clock.set(londonNoon(date));
  const post = (path: string, body: object, headers: Record<string, string> = {}) => {
    const req = t.http.post(`/api/v1${path}`).set(bearer(caseworker));
    for (const [k, v] of Object.entries(headers)) req.set(k, v);
    return req.send(body);
  };
  const get = (path: string) => t.http.get(`/api/v1${path}`).set(bearer(caseworker)).expect(200);

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-05-01') });
    const la = await createLocalAuthority(t.dataSource);
    caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
  });
  afterAll(async () => {
    await t.close();
  });

  const writePlan = (planId: string, withPlacement: boolean) => writePlanSections(t.http, bearer(caseworker), planId, withPlacement);

  /** A plan issued 1 May 2026, its cease notified 1 June 2026 and appealed (lodged 10 June). */
  async function lodgedAppeal(givenName: string): Promise<{ appealId: string; assessmentId: string; planId: string; childId: string }> {
    at('2026-05-01');
    const child = await post('/children', { givenName, familyName: 'Recommended', dateOfBirth: '2016-03-14' }).expect(201);
    const a = await post('/assessments', { childId: child.body.id, requestReceivedOn: '2026-01-05', requestSource: 'parent' }).expect(201);
    await post(`/assessments/${a.body.id}/decision-to-assess`, { decision: 'assess', decidedOn: '2026-02-02' }).expect(200);
    const decided = await post(`/assessments/${a.body.id}/decision-to-issue`, { decision: 'issue', decidedOn: '2026-03-20' }).expect(200);
    const planId = decided.body.planId as string;
    await writePlan(planId, false);
    await seekAdviceForDraft(t.http, bearer(caseworker), a.body.id);
    await post(`/assessments/${a.body.id}/draft-plan`, { issuedOn: '2026-04-10' }).expect(200);
    await writePlan(planId, true);
    await post(`/assessments/${a.body.id}/final-plan`, { issuedOn: '2026-05-01' }).expect(200);
    at('2026-05-25');
    await post(`/plans/${planId}/cease/consultations`, { consultee: 'family', consultedOn: '2026-05-20' }).expect(201);
    await post(`/plans/${planId}/cease/consultations`, { consultee: 'institution', consultedOn: '2026-05-21' }).expect(201);
    at('2026-06-01');
    await post(`/plans/${planId}/cease`, { reason: 2, notifiedOn: '2026-06-01' }).expect(200);
    at('2026-06-10');
    const appeal = await post('/appeals', { subjectType: 'plan', subjectId: planId, decision: 'cease', noticeOn: '2026-06-01' }).expect(201);
    await post(`/appeals/${appeal.body.id}/lodged`, { lodgedOn: '2026-06-10' }).expect(200);
    return { appealId: appeal.body.id as string, assessmentId: a.body.id as string, planId, childId: child.body.id as string };
  }

  const health = { kind: 'health', body: 'NHS North Integrated Care Board', text: 'Provide a sensory assessment by an occupational therapist.' };
  const social = { kind: 'social_care', body: 'Northshire children’s social care', text: 'Assess the need for short breaks.' };

  it('recorded with the order: each answer due 5 weeks after the decision, a deadline of the case owned by its caseworker, reminded once; replays do not double', async () => {
    const { appealId, assessmentId, planId, childId } = await lodgedAppeal('Ordered');
    at('2026-10-15');
    const order = { kind: 'continue_plan', orderedOn: '2026-10-15', recommendations: [health, social] };
    const first = await post(`/appeals/${appealId}/orders`, order).expect(201);
    expect(first.body.recommendations).toHaveLength(2);
    for (const r of first.body.recommendations) {
      expect(r).toMatchObject({ decidedOn: '2026-10-15', answerDueOn: '2026-11-19', status: 'open', answer: null, orderId: first.body.orders[0].id });
      expect(r.regulation).toMatch(/Recommendations Power\) Regs 2017/);
      expect(r.explanation).toContain('19 November 2026');
    }
    expect(first.body.recommendations.map((r: { kind: string; body: string }) => [r.kind, r.body])).toEqual([['health', health.body], ['social_care', social.body]]);
    expect(first.body.deadlines.filter((d: { kind: string }) => d.kind === 'recommendation_answer')).toHaveLength(2);

    // Replays: the order again, and each recommendation again by its own endpoint, with and without an Idempotency-Key.
    await post(`/appeals/${appealId}/orders`, order).expect(201);
    const orderId = first.body.orders[0].id as string;
    for (let i = 0; i < 3; i += 1) {
      const again = await post(`/appeals/${appealId}/orders/${orderId}/recommendations`, health, { 'Idempotency-Key': `rec-${appealId}` }).expect(201);
      expect(again.body.recommendations).toHaveLength(2);
      await post(`/appeals/${appealId}/orders/${orderId}/recommendations`, social).expect(201);
    }
    const rows = await t.dataSource.query<{ key: string; owner_user_id: string; assessment_id: string; due_on: string; state: string }[]>(
      `SELECT key, owner_user_id, assessment_id, to_char(due_on, 'YYYY-MM-DD') AS due_on, state FROM deadlines WHERE subject_id = $1 AND kind = 'recommendation_answer' ORDER BY key`,
      [appealId],
    );
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatchObject({ owner_user_id: caseworker.id, assessment_id: assessmentId, due_on: '2026-11-19', state: 'open' });
    // Reminders: planned for each deadline, each stage exactly once.
    const reminders = await t.dataSource.query<{ deadline_id: string; stage: string; n: number }[]>(
      `SELECT r.deadline_id, r.stage, count(*)::int AS n FROM reminders r JOIN deadlines d ON d.id = r.deadline_id WHERE d.subject_id = $1 AND d.kind = 'recommendation_answer' GROUP BY r.deadline_id, r.stage`,
      [appealId],
    );
    expect(new Set(reminders.map((r) => r.deadline_id)).size).toBe(2);
    for (const r of reminders) expect(r.n).toBe(1);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM appeal_recommendations WHERE appeal_id = $1`, [appealId]);
    expect(n).toBe(2);

    // The health body answers in time: met; the social care body late: late.
    at('2026-11-20');
    const [h, s] = first.body.recommendations as { id: string }[];
    const answered = await post(`/appeals/${appealId}/recommendations/${h.id}/answer`, { text: 'We will commission the assessment by January.', answeredOn: '2026-11-18', answeredBy: 'Dr A Khan, Designated Clinical Officer' }).expect(200);
    expect(answered.body.recommendations[0]).toMatchObject({ status: 'met', answer: { text: 'We will commission the assessment by January.', answeredOn: '2026-11-18', answeredBy: 'Dr A Khan, Designated Clinical Officer' } });
    expect(answered.body.recommendations[1].status).toBe('overdue');
    const late = await post(`/appeals/${appealId}/recommendations/${s.id}/answer`, { text: 'Short breaks assessment booked.', answeredOn: '2026-11-20', answeredBy: 'Head of service' }).expect(200);
    expect(late.body.recommendations[1]).toMatchObject({ status: 'late' });
    const states = await t.dataSource.query<{ state: string; completed_on: string }[]>(`SELECT state, to_char(completed_on, 'YYYY-MM-DD') AS completed_on FROM deadlines WHERE subject_id = $1 AND kind = 'recommendation_answer' ORDER BY completed_on`, [appealId]);
    expect(states).toEqual([{ state: 'completed', completed_on: '2026-11-18' }, { state: 'completed', completed_on: '2026-11-20' }]);
    // The answer before the decision or in the future is refused.
    await post(`/appeals/${appealId}/recommendations/${h.id}/answer`, { text: 'x', answeredOn: '2026-10-14', answeredBy: 'x' }).expect(422);
    await post(`/appeals/${appealId}/recommendations/${h.id}/answer`, { text: 'x', answeredOn: '2026-12-01', answeredBy: 'x' }).expect(422);
    // GET shows the same.
    const view = await get(`/appeals/${appealId}`);
    expect(view.body.recommendations.map((r: { status: string }) => r.status)).toEqual(['met', 'late']);
    // The family's plan view says it in plain English.
    await post(`/children/${childId}/family-access`, { email: 'recommended.parent@family.example', name: 'Parent', relationship: 'parent' }).expect(201);
    const token = await familySignIn(t.http, t.dataSource, 'recommended.parent@family.example');
    const family = await t.http.get(`/api/v1/family/plans/${planId}`).set({ authorization: `Bearer ${token}` }).expect(200);
    expect(family.body.tribunalRecommendations).toEqual([
      expect.objectContaining({ about: 'Health', body: health.body, text: health.text, decidedOn: '2026-10-15', answerDueOn: '2026-11-19', status: 'met', answer: expect.objectContaining({ answeredOn: '2026-11-18' }) }),
      expect.objectContaining({ about: 'Social care', body: social.body, status: 'late' }),
    ]);
    expect(family.body.tribunalRecommendations[0].description).toContain('answered in writing on 18 November 2026');
  });

  it('bad input is a 400; a concession carries no recommendation (422); an unknown order or recommendation is a 404', async () => {
    const { appealId } = await lodgedAppeal('Conceded');
    at('2026-07-01');
    await post(`/appeals/${appealId}/orders`, { kind: 'continue_plan', orderedOn: '2026-07-01', concession: true, recommendations: [{ kind: 'education', body: 'x', text: 'y' }] }).expect(400);
    const refused = await post(`/appeals/${appealId}/orders`, { kind: 'continue_plan', orderedOn: '2026-07-01', concession: true, recommendations: [health] }).expect(422);
    expect(refused.body.code).toBe('appeal_recommendation_not_applicable');
    const conceded = await post(`/appeals/${appealId}/orders`, { kind: 'continue_plan', orderedOn: '2026-07-01', concession: true }).expect(201);
    await post(`/appeals/${appealId}/orders/${conceded.body.orders[0].id}/recommendations`, health).expect(422);
    await post(`/appeals/${appealId}/orders/00000000-0000-4000-8000-000000000000/recommendations`, health).expect(404);
    await post(`/appeals/${appealId}/recommendations/00000000-0000-4000-8000-000000000000/answer`, { text: 'x', answeredOn: '2026-07-01', answeredBy: 'x' }).expect(404);
    await post(`/appeals/${appealId}/orders/${conceded.body.orders[0].id}/recommendations`, { kind: 'health', body: '', text: 'y' }).expect(400);
  });
});
