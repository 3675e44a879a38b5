import { Role } from '@app/core';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createUser, TestUser } from './support/factories';
import { londonNoon } from './support/london';
import { writePlanSections } from './support/issued-plan';
import { seekAdviceForDraft } from './support/advice-before-draft';

/**
 * Issue 24, point 12: appeals and ceasing under double clicks, replays and records entered after the fact. Dates by
 * hand: a plan issued 1 May 2026; a cease notified Monday 1 June 2026; 1 August 2026 (a Saturday, in August) is
 * extended to the first working day after 31 August: Tuesday 1 September 2026 (HESC r20(1)(c), r12(3)(a)).
 */
describe('appeals and ceasing under double clicks and replays (e2e)', () => {
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

  /** Request 5 January 2026, final plan 1 May 2026; the family and the school consulted on a cease in May. */
  async function planToCease(givenName: string): Promise<string> {
    at('2026-05-01');
    const child = await post('/children', { givenName, familyName: 'Integrity', dateOfBirth: '2016-03-14' }).expect(201);
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
    return planId;
  }

  it('one live appeal per decision: three registrations at once make one appeal, the others a 409 naming it', async () => {
    const planId = await planToCease('Triple');
    at('2026-06-01');
    await post(`/plans/${planId}/cease`, { reason: 2, notifiedOn: '2026-06-01' }).expect(200);
    at('2026-06-10');
    const body = { subjectType: 'plan', subjectId: planId, decision: 'cease', noticeOn: '2026-06-01' };
    const answers = await Promise.all([post('/appeals', body), post('/appeals', body), post('/appeals', body)]);
    const created = answers.filter((r) => r.status === 201);
    const refused = answers.filter((r) => r.status === 409);
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(2);
    for (const r of refused) expect(r.body).toMatchObject({ code: 'appeal_already_registered', existingAppealId: created[0].body.id });
    expect(created[0].body.appealDeadline).toBe('2026-09-01');
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM appeals WHERE plan_id = $1`, [planId]);
    expect(n).toBe(1);
    // Withdrawn, it is no longer live: the plan ceases after its deadline, and a new appeal could be registered.
    at('2026-06-20');
    await post(`/appeals/${created[0].body.id}/outcome`, { outcome: 'withdrawn', decidedOn: '2026-06-20' }).expect(200);
    const cessation = await get(`/plans/${planId}/cessation`);
    expect(cessation.body).toMatchObject({ status: 'ceasing', ceasesOn: '2026-09-02' });
  });

  it('Idempotency-Key: a replay repeats the first answer and creates nothing; the key with another request is a 422', async () => {
    const planId = await planToCease('Replay');
    at('2026-06-01');
    await post(`/plans/${planId}/cease`, { reason: 2, notifiedOn: '2026-06-01' }).expect(200);
    at('2026-06-10');
    const body = { subjectType: 'plan', subjectId: planId, decision: 'cease', noticeOn: '2026-06-01' };
    const key = { 'Idempotency-Key': `replay-${planId}` };
    const answers = await Promise.all([post('/appeals', body, key), post('/appeals', body, key), post('/appeals', body, key)]);
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((r) => r.body.id)).size).toBe(1);
    const again = await post('/appeals', body, key).expect(201);
    expect(again.body.id).toBe(answers[0].body.id);
    const reused = await post('/appeals', { ...body, noticeOn: '2026-06-02' }, key).expect(422);
    expect(reused.body).toMatchObject({ code: 'idempotency_key_reused' });
    await post('/appeals', body, { 'Idempotency-Key': 'has spaces' }).expect(400);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM appeals WHERE plan_id = $1`, [planId]);
    expect(n).toBe(1);
  });

  it('an order is recorded once: replays create no new duty, deadline or reminder', async () => {
    const planId = await planToCease('Ordered');
    at('2026-06-01');
    await post(`/plans/${planId}/cease`, { reason: 2, notifiedOn: '2026-06-01' }).expect(200);
    at('2026-06-10');
    const appeal = await post('/appeals', { subjectType: 'plan', subjectId: planId, decision: 'cease', noticeOn: '2026-06-01' }).expect(201);
    await post(`/appeals/${appeal.body.id}/lodged`, { lodgedOn: '2026-06-10' }).expect(200);
    at('2026-10-15');
    const order = { kind: 'continue_plan', orderedOn: '2026-10-15' };
    const first = await post(`/appeals/${appeal.body.id}/orders`, order).expect(201);
    for (let i = 0; i < 5; i += 1) {
      const replay = await post(`/appeals/${appeal.body.id}/orders`, order).expect(201);
      expect(replay.body.orders).toEqual(first.body.orders);
    }
    const [counts] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM appeal_orders WHERE appeal_id = $1) AS orders,
              (SELECT count(*)::int FROM appeal_order_duties WHERE appeal_id = $1) AS duties,
              (SELECT count(*)::int FROM deadlines WHERE subject_id = $1) AS deadlines`,
      [appeal.body.id],
    );
    expect(counts).toEqual({ orders: 1, duties: 1, deadlines: 2 });
    expect((await get(`/plans/${planId}`)).body.status).toBe('issued');
  });

  it('records entered after the fact: a cease past its deadline ceases at once; an appeal lodged in time restores it; an order to continue always does', async () => {
    const planId = await planToCease('Late');
    at('2026-10-01');
    const ceased = await post(`/plans/${planId}/cease`, { reason: 2, notifiedOn: '2026-06-01' }).expect(200);
    expect(ceased.body).toMatchObject({ status: 'ceased', cessationStatus: 'ceased', appealDeadline: '2026-09-01', ceasedOn: '2026-09-02' });
    // The appeal against that cease can still be registered, and its lodging on 28 August (in time) recorded now.
    const appeal = await post('/appeals', { subjectType: 'plan', subjectId: planId, decision: 'cease', noticeOn: '2026-06-01' }).expect(201);
    expect((await get(`/plans/${planId}`)).body.status).toBe('ceased');
    await post(`/appeals/${appeal.body.id}/lodged`, { lodgedOn: '2026-08-28' }).expect(200);
    const restored = await get(`/plans/${planId}/cessation`);
    expect(restored.body).toMatchObject({ status: 'ceasing', cessationStatus: 'ceasing', appealLodged: true, ceasesOn: null, ceasedOn: null });
    const audit = await t.dataSource.query(`SELECT action FROM audit_events WHERE entity_id = $1 AND action = 'plan.cease_reopened'`, [planId]);
    expect(audit).toHaveLength(1);
    at('2026-11-02');
    await post(`/appeals/${appeal.body.id}/orders`, { kind: 'continue_plan', orderedOn: '2026-11-02' }).expect(201);
    expect((await get(`/plans/${planId}`)).body.status).toBe('issued');
  });

  it('an appeal lodged after the deadline does not hold the plan; an order to continue still restores it', async () => {
    const planId = await planToCease('LateAppeal');
    at('2026-06-01');
    await post(`/plans/${planId}/cease`, { reason: 2, notifiedOn: '2026-06-01' }).expect(200);
    at('2026-09-03');
    const appeal = await post('/appeals', { subjectType: 'plan', subjectId: planId, decision: 'cease', noticeOn: '2026-06-01' }).expect(201);
    await post(`/appeals/${appeal.body.id}/lodged`, { lodgedOn: '2026-09-02' }).expect(200);
    expect((await get(`/plans/${planId}/cessation`)).body).toMatchObject({ status: 'ceased', ceasedOn: '2026-09-02' });
    at('2026-12-01');
    await post(`/appeals/${appeal.body.id}/orders`, { kind: 'continue_plan', orderedOn: '2026-12-01' }).expect(201);
    expect((await get(`/plans/${planId}`)).body.status).toBe('issued');
  });

  it('under 18 a plan is never ceased for higher education, employment or not engaging (Regs 29(1)); 18 or over it may be', async () => {
    const planId = await planToCease('Younger');
    at('2026-06-01');
    for (const reason of [3, 4, 6]) {
      const refused = await post(`/plans/${planId}/cease`, { reason, notifiedOn: '2026-06-01' }).expect(422);
      expect(refused.body).toMatchObject({ code: 'cease_reason_not_for_under_18', rule: 'SEND Regulations 2014, reg 29', reason, age: 10 });
    }
    expect((await get(`/plans/${planId}`)).body.status).toBe('issued');
    await post(`/plans/${planId}/cease`, { reason: 2, notifiedOn: '2026-06-01' }).expect(200);
  });

  it('records statutory mediation on the appeal as the LA\'s deadlines, with citations and reminders to the case owner', async () => {
    const planId = await planToCease('Mediated');
    at('2026-06-01');
    await post(`/plans/${planId}/cease`, { reason: 2, notifiedOn: '2026-06-01' }).expect(200);
    at('2026-06-10');
    const appeal = await post('/appeals', { subjectType: 'plan', subjectId: planId, decision: 'cease', noticeOn: '2026-06-01' }).expect(201);
    // Told Wednesday 10 June 2026: arrange by Friday 10 July; health body by Monday 15 June (11, 12, 15 June).
    const m = await post(`/appeals/${appeal.body.id}/mediation`, { adviserContactedOn: '2026-06-08', mediationRequestedOn: '2026-06-10', healthInIssue: true }).expect(200);
    const keyed = Object.fromEntries((m.body.deadlines as { key: string }[]).map((d) => [d.key, d]));
    expect(keyed['mediation:arrange']).toMatchObject({ kind: 'mediation', dueOn: '2026-07-10', status: 'open' });
    expect(keyed['mediation:health_body']).toMatchObject({ kind: 'mediation', dueOn: '2026-06-15', status: 'open' });
    expect(m.body.mediation).toMatchObject({ healthInIssue: true, healthBodyToldOn: null });
    const reminders = await t.dataSource.query(
      `SELECT DISTINCT d.key, COALESCE(d.owner_user_id, d.case_owner_user_id) AS owner FROM reminders r JOIN deadlines d ON d.id = r.deadline_id WHERE d.subject_id = $1 AND d.kind = 'mediation' ORDER BY d.key`,
      [appeal.body.id],
    );
    expect(reminders).toEqual([
      { key: 'mediation:arrange', owner: caseworker.id },
      { key: 'mediation:health_body', owner: caseworker.id },
    ]);
    at('2026-06-12');
    const told = await post(`/appeals/${appeal.body.id}/mediation`, { healthBodyToldOn: '2026-06-12' }).expect(200);
    expect((told.body.deadlines as { key: string }[]).find((d) => d.key === 'mediation:health_body')).toMatchObject({ status: 'met', completedOn: '2026-06-12' });
  });

  it('an order to continue and amend is one order: the plan is maintained at once and the amended plan due in 5 weeks; remit gives 2 weeks', async () => {
    const planId = await planToCease('Amended');
    at('2026-06-01');
    await post(`/plans/${planId}/cease`, { reason: 2, notifiedOn: '2026-06-01' }).expect(200);
    at('2026-06-10');
    const appeal = await post('/appeals', { subjectType: 'plan', subjectId: planId, decision: 'cease', noticeOn: '2026-06-01' }).expect(201);
    await post(`/appeals/${appeal.body.id}/lodged`, { lodgedOn: '2026-06-10' }).expect(200);
    at('2026-10-15');
    const ordered = await post(`/appeals/${appeal.body.id}/orders`, { kind: 'continue_and_amend', orderedOn: '2026-10-15' }).expect(201);
    expect(ordered.body.orders).toHaveLength(1);
    expect(ordered.body.orders[0].duties).toEqual([
      expect.objectContaining({ duty: 'maintain_plan', dueOn: '2026-10-15', status: 'met' }),
      expect.objectContaining({ duty: 'amended_plan', dueOn: '2026-11-19', status: 'open' }),
    ]);
    expect((await get(`/plans/${planId}`)).body.status).toBe('issued');
    // A refusal to assess remitted to the LA: its reconsidered decision within 2 weeks.
    const child = await post('/children', { givenName: 'Remitted', familyName: 'Integrity', dateOfBirth: '2016-03-14' }).expect(201);
    const a = await post('/assessments', { childId: child.body.id, requestReceivedOn: '2026-09-01', requestSource: 'parent' }).expect(201);
    await post(`/assessments/${a.body.id}/decision-to-assess`, { decision: 'refuse', decidedOn: '2026-09-20' }).expect(200);
    const refusal = await post('/appeals', { subjectType: 'assessment', subjectId: a.body.id, decision: 'refuse_to_assess', noticeOn: '2026-09-20' }).expect(201);
    const remitted = await post(`/appeals/${refusal.body.id}/orders`, { kind: 'remit', orderedOn: '2026-10-15', concession: true }).expect(201);
    expect(remitted.body.orders[0].duties).toEqual([expect.objectContaining({ duty: 'reconsider', dueOn: '2026-10-29', status: 'open' })]);
  });

  it('the app role cannot DELETE from tables the code never deletes from', async () => {
    for (const table of ['appeals', 'appeal_orders', 'plans', 'plan_cessations', 'children', 'assessments']) {
      await expect(t.dataSource.query(`DELETE FROM ${table} WHERE false`)).rejects.toThrow(`permission denied for table ${table}`);
    }
    for (const table of ['deadlines', 'reminders', 'idempotency_keys', 'family_contacts']) {
      await expect(t.dataSource.query(`DELETE FROM ${table} WHERE false`)).resolves.toBeDefined();
    }
  });
});
