import { Discipline, Role } from '@app/core';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createOrganisation, createUser, TestUser } from './support/factories';
import { londonNoon } from './support/london';
import { seekAdviceForDraft } from './support/advice-before-draft';

/**
 * A change of a plan's health commissioning body (SEND Regulations 2014, reg 16; statutory-rules.md section 9): the
 * change recorded on `PUT /plans/:id/health-body`, the new body's 15 working days to secure the health provision or ask
 * the LA to review or assess (CoP 9.163, verify), a deadline of the case reminded once, met by the new body's answer.
 * Dates by hand: a change on Monday 1 June 2026; 15 working days beginning with it end on Friday 19 June 2026.
 */
describe('a change of health commissioning body (Regs 16) (e2e)', () => {
  let t: TestApp;
  let cw: TestUser;
  let admin: TestUser;
  let oldHealth: TestUser;
  let newHealth: TestUser;
  let nhs: string;
  let otherNhs: string;
  const at = (date: string) => t.clock.set(londonNoon(date));
  const put = (who: TestUser, path: string, body: object) => t.http.put(`/api/v1${path}`).set(bearer(who)).send(body);
  const post = (who: TestUser, path: string, body: object) => t.http.post(`/api/v1${path}`).set(bearer(who)).send(body);

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-05-01') });
    const la = await createLocalAuthority(t.dataSource);
    nhs = await createOrganisation(t.dataSource, la.id, 'nhs_body');
    otherNhs = await createOrganisation(t.dataSource, la.id, 'nhs_body');
    cw = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    admin = await createUser(t.dataSource, t.http, la.id, Role.LaAdmin);
    oldHealth = await createUser(t.dataSource, t.http, la.id, Role.Professional, { discipline: Discipline.Health, organisationId: nhs });
    newHealth = await createUser(t.dataSource, t.http, la.id, Role.Professional, { discipline: Discipline.Health, organisationId: otherNhs });
  });
  afterAll(() => t.close());

  /** A plan issued on 20 April 2026 whose section G the first body agreed. */
  async function issuedPlan(): Promise<{ assessmentId: string; planId: string }> {
    at('2026-05-01');
    const child = await post(cw, '/children', { givenName: 'Moving', familyName: 'Body', dateOfBirth: '2015-01-01' }).expect(201);
    const a = await post(cw, '/assessments', { childId: child.body.id, requestReceivedOn: '2026-01-05', requestSource: 'parent' }).expect(201);
    const id = a.body.id as string;
    await post(cw, `/assessments/${id}/decision-to-assess`, { decision: 'assess', decidedOn: '2026-02-02' }).expect(200);
    const decided = await post(cw, `/assessments/${id}/decision-to-issue`, { decision: 'issue', decidedOn: '2026-03-02' }).expect(200);
    const planId = decided.body.planId as string;
    const sections: [string, object][] = [
      ['A', { text: 'Loves music.' }],
      ['B', { text: 'Needs', items: [{ id: 'n1', area: 'cognition_and_learning', description: 'Reading' }] }],
      ['E', { text: 'Outcomes', items: [{ id: 'o1', description: 'Reads fluently', needIds: ['n1'] }] }],
      ['F', { text: 'Provision', items: [{ id: 'p1', description: 'Phonics 1:1', frequency: '5 hours a week', duration: '1 year', deliveredBy: 'Teaching assistant', outcomeIds: ['o1'] }] }],
      ['G', { text: 'Health provision', items: [{ id: 'g1', description: 'Speech and language therapy', frequency: 'fortnightly', duration: '1 year', deliveredBy: 'NHS SLT', outcomeIds: ['o1'] }] }],
    ];
    for (const [code, body] of sections) {
      const plan = await t.http.get(`/api/v1/plans/${planId}`).set(bearer(cw)).expect(200);
      await t.http.put(`/api/v1/plans/${planId}/sections/${code}`).set(bearer(cw)).set('if-match', plan.headers.etag as string).send(body).expect(200);
    }
    await seekAdviceForDraft(t.http, bearer(cw), id);
    await post(cw, `/assessments/${id}/draft-plan`, { issuedOn: '2026-04-01' }).expect(200);
    const plan = await t.http.get(`/api/v1/plans/${planId}`).set(bearer(cw)).expect(200);
    await t.http.put(`/api/v1/plans/${planId}/sections/I`).set(bearer(cw)).set('if-match', plan.headers.etag as string).send({ text: '', items: [{ name: 'Demo School', urn: null, type: 'Mainstream school' }] }).expect(200);
    await post(cw, `/assessments/${id}/representations`, { receivedOn: '2026-04-02' }).expect(200);
    // Setting the first body is not a change: no duty.
    const first = await put(cw, `/plans/${planId}/health-body`, { organisationId: nhs }).expect(200);
    expect(first.body.bodyChanges).toEqual([]);
    await post(oldHealth, `/plans/${planId}/health-sign-off`, { agreedOn: '2026-04-15' }).expect(200);
    await post(cw, `/assessments/${id}/final-plan`, { issuedOn: '2026-04-20' }).expect(200);
    return { assessmentId: id, planId };
  }

  it('records the change and the new body’s 15 working days as a deadline of the case, reminded once; the new body’s answer meets it', async () => {
    const { assessmentId, planId } = await issuedPlan();
    at('2026-06-02');
    const changed = await put(cw, `/plans/${planId}/health-body`, { organisationId: otherNhs, changedOn: '2026-06-01' }).expect(200);
    expect(changed.body.healthBodyId).toBe(otherNhs);
    expect(changed.body.bodyChanges).toHaveLength(1);
    const change = changed.body.bodyChanges[0];
    expect(change).toMatchObject({ fromOrganisationId: nhs, toOrganisationId: otherNhs, changedOn: '2026-06-01', answer: null, endedOn: null });
    expect(change.deadlines).toEqual([expect.objectContaining({ kind: 'health_body_review', startsOn: '2026-06-01', dueOn: '2026-06-19', status: 'open' })]);
    expect(change.deadlines[0].regulation).toMatch(/reg 16/);
    // A replay of the same body changes nothing.
    const again = await put(cw, `/plans/${planId}/health-body`, { organisationId: otherNhs, changedOn: '2026-06-01' }).expect(200);
    expect(again.body.bodyChanges).toHaveLength(1);
    const rows = await t.dataSource.query(`SELECT owner_user_id, assessment_id, to_char(due_on, 'YYYY-MM-DD') AS due_on, state FROM deadlines WHERE subject_id = $1`, [change.id]);
    expect(rows).toEqual([{ owner_user_id: cw.id, assessment_id: assessmentId, due_on: '2026-06-19', state: 'open' }]);
    const reminders = await t.dataSource.query<{ stage: string; n: number }[]>(`SELECT r.stage, count(*)::int AS n FROM reminders r JOIN deadlines d ON d.id = r.deadline_id WHERE d.subject_id = $1 GROUP BY r.stage`, [change.id]);
    expect(reminders.length).toBeGreaterThan(0);
    for (const r of reminders) expect(r.n).toBe(1);

    // Only the new body (or the case team) answers; the old body's user cannot see it; an LA admin may not.
    at('2026-06-16');
    await post(oldHealth, `/health-body-changes/${change.id}/answer`, { answer: 'secures_provision', answeredOn: '2026-06-15' }).expect(404);
    await post(admin, `/health-body-changes/${change.id}/answer`, { answer: 'secures_provision', answeredOn: '2026-06-15' }).expect(403);
    await post(newHealth, `/health-body-changes/${change.id}/answer`, { answer: 'maybe', answeredOn: '2026-06-15' }).expect(400);
    await post(newHealth, `/health-body-changes/${change.id}/answer`, { answer: 'requests_review', answeredOn: '2026-05-31' }).expect(422);
    const answered = await post(newHealth, `/health-body-changes/${change.id}/answer`, { answer: 'requests_review', answeredOn: '2026-06-15', note: 'Cannot commission SLT at this frequency; please review.' }).expect(200);
    expect(answered.body.bodyChanges[0]).toMatchObject({ answer: 'requests_review', answeredOn: '2026-06-15', answerNote: 'Cannot commission SLT at this frequency; please review.' });
    expect(answered.body.bodyChanges[0].deadlines[0]).toMatchObject({ status: 'met', completedOn: '2026-06-15' });
    const [state] = await t.dataSource.query(`SELECT state FROM deadlines WHERE subject_id = $1`, [change.id]);
    expect(state.state).toBe('completed');
    const read = await t.http.get(`/api/v1/plans/${planId}/health-sign-off`).set(bearer(cw)).expect(200);
    expect(read.body.bodyChanges[0].answer).toBe('requests_review');
    const audit = await t.dataSource.query(`SELECT action FROM audit_events WHERE entity_id = $1 AND action IN ('plan.health_body_changed', 'plan.health_body_answered')`, [planId]);
    expect(audit.map((a: { action: string }) => a.action).sort()).toEqual(['plan.health_body_answered', 'plan.health_body_changed']);
  });

  it('a second change before the answer supersedes the first (not applicable); an unanswered change goes overdue', async () => {
    const { planId } = await issuedPlan();
    at('2026-06-02');
    await put(cw, `/plans/${planId}/health-body`, { organisationId: otherNhs, changedOn: '2026-06-01' }).expect(200);
    at('2026-06-10');
    const back = await put(cw, `/plans/${planId}/health-body`, { organisationId: nhs }).expect(200);
    expect(back.body.bodyChanges.map((c: { endedOn: string | null; deadlines: { status: string; dueOn: string }[] }) => [c.endedOn, c.deadlines[0].status, c.deadlines[0].dueOn])).toEqual([
      ['2026-06-10', 'not_applicable', '2026-06-19'],
      [null, 'open', '2026-06-30'],
    ]);
    const superseded = await post(cw, `/health-body-changes/${back.body.bodyChanges[0].id}/answer`, { answer: 'secures_provision', answeredOn: '2026-06-10' }).expect(422);
    expect(superseded.body.code).toBe('health_body_change_superseded');
    at('2026-07-01');
    const late = await t.http.get(`/api/v1/plans/${planId}/health-sign-off`).set(bearer(cw)).expect(200);
    expect(late.body.bodyChanges[1].deadlines[0].status).toBe('overdue');
    // The case team records the body's letter: late.
    const recorded = await post(cw, `/health-body-changes/${back.body.bodyChanges[1].id}/answer`, { answer: 'secures_provision', answeredOn: '2026-07-01' }).expect(200);
    expect(recorded.body.bodyChanges[1].deadlines[0].status).toBe('late');
    await put(cw, `/plans/${planId}/health-body`, { organisationId: otherNhs, changedOn: '2026-08-01' }).expect(422);
  });

  it('the plan ceasing releases an unanswered duty (not applicable): the answer is then refused', async () => {
    const { planId } = await issuedPlan();
    at('2026-06-02');
    const changed = await put(cw, `/plans/${planId}/health-body`, { organisationId: otherNhs, changedOn: '2026-06-01' }).expect(200);
    const changeId = changed.body.bodyChanges[0].id as string;
    await post(cw, `/plans/${planId}/cease/consultations`, { consultee: 'family', consultedOn: '2026-06-02' }).expect(201);
    await post(cw, `/plans/${planId}/cease/consultations`, { consultee: 'institution', consultedOn: '2026-06-02' }).expect(201);
    // Notified 3 June 2026: the family's 2 months end on 3 August, in August: extended to Tuesday 1 September 2026.
    at('2026-09-10');
    const ceased = await post(cw, `/plans/${planId}/cease`, { reason: 2, notifiedOn: '2026-06-03' }).expect(200);
    expect(ceased.body.status).toBe('ceased');
    const after = await t.http.get(`/api/v1/plans/${planId}/health-sign-off`).set(bearer(cw)).expect(200);
    expect(after.body.bodyChanges[0]).toMatchObject({ endedOn: ceased.body.ceasedOn, deadlines: [expect.objectContaining({ status: 'not_applicable' })] });
    const [row] = await t.dataSource.query(`SELECT state FROM deadlines WHERE subject_id = $1`, [changeId]);
    expect(row.state).toBe('not_applicable');
    const refused = await post(newHealth, `/health-body-changes/${changeId}/answer`, { answer: 'secures_provision', answeredOn: '2026-09-10' }).expect(422);
    expect(refused.body.code).toBe('health_body_change_superseded');
  });
});
