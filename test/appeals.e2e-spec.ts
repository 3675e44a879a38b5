import { Role } from '@app/core';
import { PlanCeasingService } from '@app/plans';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createUser, TestUser } from './support/factories';
import { londonNoon } from './support/london';
import { writePlanSections } from './support/issued-plan';
import { seekAdviceForDraft } from './support/advice-before-draft';

/**
 * Disagreements and endings (statutory-rules.md sections 5 and 6): a refused case through appeal and an order to
 * assess to an issued plan on the SAME case; ceasing a plan with its appeal deadline passing; an order to continue.
 * Every date is worked out by hand in the comments.
 */
describe('appeals, orders and ceasing (e2e)', () => {
  let t: TestApp;
  let caseworker: TestUser;
  let manager: TestUser;
  let other: TestUser;
  const at = (date: string) => t.clock.set(londonNoon(date));
  const post = (path: string, body: object, user: TestUser = caseworker) => t.http.post(`/api/v1${path}`).set(bearer(user)).send(body);

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-01-05') });
    const la = await createLocalAuthority(t.dataSource);
    const otherLa = await createLocalAuthority(t.dataSource);
    caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    manager = await createUser(t.dataSource, t.http, la.id, Role.Manager);
    other = await createUser(t.dataSource, t.http, otherLa.id, Role.Caseworker);
  });
  afterAll(async () => {
    await t.close();
  });

  async function newCase(givenName: string, dateOfBirth = '2016-03-14'): Promise<string> {
    const child = await post('/children', { givenName, familyName: 'Appellant', dateOfBirth }).expect(201);
    const a = await post('/assessments', { childId: child.body.id, requestReceivedOn: '2026-01-05', requestSource: 'parent' }).expect(201);
    return a.body.id as string;
  }

  const writePlan = (planId: string, withPlacement: boolean) => writePlanSections(t.http, bearer(caseworker), planId, withPlacement);

  /** A case to an issued plan: request 5 Jan 2026, final plan 1 May 2026. */
  async function issuedPlan(givenName: string, dateOfBirth?: string): Promise<{ assessmentId: string; planId: string }> {
    at('2026-05-01');
    const assessmentId = await newCase(givenName, dateOfBirth);
    await post(`/assessments/${assessmentId}/decision-to-assess`, { decision: 'assess', decidedOn: '2026-02-02' }).expect(200);
    const decided = await post(`/assessments/${assessmentId}/decision-to-issue`, { decision: 'issue', decidedOn: '2026-03-20' }).expect(200);
    await writePlan(decided.body.planId, false);
    await seekAdviceForDraft(t.http, bearer(caseworker), assessmentId);
    await post(`/assessments/${assessmentId}/draft-plan`, { issuedOn: '2026-04-10' }).expect(200);
    await writePlan(decided.body.planId, true);
    await post(`/assessments/${assessmentId}/final-plan`, { issuedOn: '2026-05-01' }).expect(200);
    return { assessmentId, planId: decided.body.planId };
  }

  describe('a refused case through appeal and an order to assess, to an issued plan on the same case', () => {
    let assessmentId: string;
    let appealId: string;

    it('registers the appeal on the original case with the family deadline (notice + 2 months)', async () => {
      at('2026-02-10');
      assessmentId = await newCase('Refused');
      const refused = await post(`/assessments/${assessmentId}/decision-to-assess`, { decision: 'refuse', decidedOn: '2026-02-10' }).expect(200);
      // The case carries the refusal's notice: its appeal deadline and the mediation information (Regs 5(3)).
      expect(refused.body.decisionNotices).toEqual([expect.objectContaining({ decision: 'refuse_to_assess', notifiedOn: '2026-02-10', appealDeadline: '2026-04-10', mediationAdviceRequired: true })]);
      expect(refused.body.decisionNotices[0].text).toMatch(/right to appeal/);
      // The notice cannot predate the decision; a decision the case never made is refused.
      await post('/appeals', { subjectType: 'assessment', subjectId: assessmentId, decision: 'refuse_to_assess', noticeOn: '2026-02-09' }).expect(422);
      await post('/appeals', { subjectType: 'assessment', subjectId: assessmentId, decision: 'not_to_issue', noticeOn: '2026-02-10' }).expect(422);
      at('2026-02-20');
      const created = await post('/appeals', { subjectType: 'assessment', subjectId: assessmentId, decision: 'refuse_to_assess', noticeOn: '2026-02-10' }).expect(201);
      appealId = created.body.id;
      // 10 February 2026 + 2 months = Friday 10 April 2026, a working day (Easter Monday was 6 April).
      expect(created.body).toMatchObject({ assessmentId, subjectId: assessmentId, appealDeadline: '2026-04-10', status: 'notified', lodgedOn: null, mediationCertificateOn: null });
      expect(created.body.deadlines).toEqual([expect.objectContaining({ kind: 'appeal', dueOn: '2026-04-10', status: 'open' })]);
      // Another LA never sees it (404, not 403).
      await t.http.get(`/api/v1/appeals/${appealId}`).set(bearer(other)).expect(404);
      await post('/appeals', { subjectType: 'assessment', subjectId: assessmentId, decision: 'refuse_to_assess', noticeOn: '2026-02-10' }, other).expect(404);
    });

    it('mediation: guidance dates, and a certificate moves the deadline to certificate + 1 month', async () => {
      at('2026-02-25');
      const mediation = await post(`/appeals/${appealId}/mediation`, { adviserContactedOn: '2026-02-25' }).expect(200);
      // Wednesday 25 February + 3 working days = Monday 2 March 2026 (guidance).
      expect(mediation.body).toMatchObject({ status: 'mediation', mediation: { certificateIfNoMediationBy: '2026-03-02', mediationAdviceRequired: true } });
      at('2026-03-20');
      const cert = await post(`/appeals/${appealId}/mediation-certificate`, { issuedOn: '2026-03-20' }).expect(200);
      // Later of 10 April (notice + 2 months) and 20 April (certificate + 1 month, a Monday): 20 April 2026.
      expect(cert.body).toMatchObject({ appealDeadline: '2026-04-20', mediationCertificateOn: '2026-03-20' });
      at('2026-04-01');
      const lodged = await post(`/appeals/${appealId}/lodged`, { lodgedOn: '2026-04-01' }).expect(200);
      expect(lodged.body).toMatchObject({ status: 'lodged', lodgedInTime: true });
      expect(lodged.body.deadlines[0]).toMatchObject({ kind: 'appeal', dueOn: '2026-04-20', status: 'met', completedOn: '2026-04-01' });
      const live = await t.http.get('/api/v1/appeals').set(bearer(manager)).expect(200);
      expect(live.body.map((a: { id: string; status: string }) => [a.id, a.status])).toContainEqual([appealId, 'lodged']);
    });

    it('an order to assess reopens the same case with the order’s limits (Regs 44(2))', async () => {
      at('2026-07-01');
      // An order that does not answer this decision is refused.
      await post(`/appeals/${appealId}/orders`, { kind: 'continue_plan', orderedOn: '2026-07-01' }).expect(422);
      const ordered = await post(`/appeals/${appealId}/orders`, { kind: 'assess', orderedOn: '2026-07-01' }).expect(201);
      expect(ordered.body).toMatchObject({ outcome: 'upheld', outcomeOn: '2026-07-01', status: 'decided' });
      const duties = ordered.body.orders[0].duties.map((d: { duty: string; dueOn: string; status: string }) => [d.duty, d.dueOn, d.status]);
      // 1 July 2026 + 2 weeks = 15 July; + 10 weeks = 9 September; + 14 weeks = 7 October.
      expect(duties).toEqual([
        ['notify_assess', '2026-07-15', 'open'],
        ['no_plan_notice', '2026-09-09', 'open'],
        ['final_plan', '2026-10-07', 'open'],
      ]);
      const a = await t.http.get(`/api/v1/assessments/${assessmentId}`).set(bearer(caseworker)).expect(200);
      expect(a.body).toMatchObject({ id: assessmentId, status: 'assessing', requestReceivedOn: '2026-01-05', decisionToAssess: 'refuse', decisionToAssessOn: '2026-02-10' });
      // The case's own 20 weeks stay as history (never owed after the refusal); its 6 weeks were met by the refusal.
      const own = Object.fromEntries(a.body.deadlines.map((d: { kind: string; status: string }) => [d.kind, d.status]));
      expect(own).toMatchObject({ decision_to_assess: 'met', final_plan: 'not_applicable' });
      // The duties are deadlines of the case, owned by its caseworker: reminders are planned from them.
      const rows = await t.dataSource.query<{ kind: string; due_on: string; owner_user_id: string; assessment_id: string }[]>(
        `SELECT kind, to_char(due_on, 'YYYY-MM-DD') AS due_on, owner_user_id, assessment_id FROM deadlines WHERE subject_id = $1 AND kind = 'order_compliance' ORDER BY due_on`,
        [appealId],
      );
      expect(rows).toEqual([
        { kind: 'order_compliance', due_on: '2026-07-15', owner_user_id: caseworker.id, assessment_id: assessmentId },
        { kind: 'order_compliance', due_on: '2026-09-09', owner_user_id: caseworker.id, assessment_id: assessmentId },
        { kind: 'order_compliance', due_on: '2026-10-07', owner_user_id: caseworker.id, assessment_id: assessmentId },
      ]);
      const reminders = await t.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM reminders r JOIN deadlines d ON d.id = r.deadline_id WHERE d.subject_id = $1`, [appealId]);
      expect(Number(reminders[0].n)).toBeGreaterThan(0);
      // A second order on a decided case with a different outcome is refused; a second refusal-era command too.
      await post(`/assessments/${assessmentId}/decision-to-assess`, { decision: 'assess', decidedOn: '2026-07-02' }).expect(409);
    });

    it('the case goes on to an issued plan; each duty is met from the case’s own steps', async () => {
      at('2026-07-08');
      const orderId = (await t.http.get(`/api/v1/appeals/${appealId}`).set(bearer(caseworker)).expect(200)).body.orders[0].id;
      await post(`/appeals/${appealId}/orders/${orderId}/compliance`, { duty: 'notify_assess', doneOn: '2026-07-08' }).expect(200);
      await post(`/appeals/${appealId}/orders/${orderId}/compliance`, { duty: 'draft_plan', doneOn: '2026-07-08' }).expect(422);
      at('2026-09-01');
      // Not before the order: the reopened case's steps run from it.
      await post(`/assessments/${assessmentId}/decision-to-issue`, { decision: 'issue', decidedOn: '2026-06-30' }).expect(422);
      const decided = await post(`/assessments/${assessmentId}/decision-to-issue`, { decision: 'issue', decidedOn: '2026-08-03' }).expect(200);
      await writePlan(decided.body.planId, false);
      await seekAdviceForDraft(t.http, bearer(caseworker), assessmentId);
      await post(`/assessments/${assessmentId}/draft-plan`, { issuedOn: '2026-08-10' }).expect(200);
      await writePlan(decided.body.planId, true);
      await post(`/assessments/${assessmentId}/representations`, { receivedOn: '2026-08-12' }).expect(200);
      await post(`/assessments/${assessmentId}/final-plan`, { issuedOn: '2026-09-01' }).expect(200);
      const appeal = await t.http.get(`/api/v1/appeals/${appealId}`).set(bearer(caseworker)).expect(200);
      expect(appeal.body.orders[0].duties.map((d: { duty: string; status: string; completedOn: string | null }) => [d.duty, d.status, d.completedOn])).toEqual([
        ['notify_assess', 'met', '2026-07-08'],
        ['no_plan_notice', 'not_applicable', null],
        ['final_plan', 'met', '2026-09-01'],
      ]);
      const a = await t.http.get(`/api/v1/assessments/${assessmentId}`).set(bearer(caseworker)).expect(200);
      expect(a.body).toMatchObject({ id: assessmentId, status: 'plan_issued', requestReceivedOn: '2026-01-05', decisionToAssess: 'refuse', finalIssuedOn: '2026-09-01', planId: decided.body.planId });
      // One case for the child: no new assessment, no new day 0.
      const cases = await t.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM assessments WHERE child_id = $1`, [a.body.childId]);
      expect(Number(cases[0].n)).toBe(1);
      // Timeliness counts it from its original day 0: 5 January to 1 September 2026 is 239 days, over 20 weeks.
      const report = await t.http.get('/api/v1/reports/timeliness?from=2026-09-01&to=2026-09-01').set(bearer(manager)).expect(200);
      expect(report.body).toMatchObject({ plansIssued: 1, within20Weeks: 0 });
    });
  });

  describe('ceasing a plan (CFA s45; Regs 29-31)', () => {
    it('is refused without the consultations, then ceasing until the appeal deadline, then ceased the day after', async () => {
      const { planId } = await issuedPlan('Ceasing');
      at('2026-06-01');
      const refused = await post(`/plans/${planId}/cease`, { reason: 2, notifiedOn: '2026-06-01' }).expect(422);
      expect(refused.body).toMatchObject({ code: 'cease_consultation_missing' });
      await post(`/plans/${planId}/cease`, { reason: 10, notifiedOn: '2026-06-01' }).expect(400);
      await post(`/plans/${planId}/cease/consultations`, { consultee: 'family', consultedOn: '2026-05-20' }).expect(201);
      await post(`/plans/${planId}/cease/consultations`, { consultee: 'institution', name: 'Demo Primary School', consultedOn: '2026-05-21' }).expect(201);
      const ceasing = await post(`/plans/${planId}/cease`, { reason: 2, notifiedOn: '2026-06-01' }).expect(200);
      // 1 June 2026 + 2 months = Saturday 1 August 2026, in August: the appeal is in time on the first working day after
      // 31 August (a bank holiday in 2026), Tuesday 1 September (HESC r12(3)(a)); maintained through it, ceased on 2 September.
      expect(ceasing.body).toMatchObject({ status: 'ceasing', reason: 2, reasonText: 'needs met without an EHC plan', appealDeadline: '2026-09-01', ceasesOn: '2026-09-02', ceasedOn: null });
      expect(ceasing.body.notice.text).toContain('Tuesday 1 September 2026');
      await post(`/plans/${planId}/cease`, { reason: 2, notifiedOn: '2026-06-01' }).expect(409);
      const ceasingService = t.app.get(PlanCeasingService);
      at('2026-08-04');
      await ceasingService.closeDue();
      expect((await t.http.get(`/api/v1/plans/${planId}`).set(bearer(caseworker)).expect(200)).body.status).toBe('ceasing');
      at('2026-09-01');
      await ceasingService.closeDue();
      expect((await t.http.get(`/api/v1/plans/${planId}`).set(bearer(caseworker)).expect(200)).body.status).toBe('ceasing');
      at('2026-09-02');
      expect((await ceasingService.closeDue()).ceased).toBeGreaterThanOrEqual(1);
      expect((await ceasingService.closeDue()).ceased).toBe(0); // idempotent
      const plan = await t.http.get(`/api/v1/plans/${planId}/cessation`).set(bearer(caseworker)).expect(200);
      expect(plan.body).toMatchObject({ status: 'ceased', cessationStatus: 'ceased', ceasedOn: '2026-09-02' });
    });

    it('records Regs 30 for a young person of 18 or over', async () => {
      const { planId } = await issuedPlan('Adult', '2007-03-01');
      at('2026-06-01');
      await post(`/plans/${planId}/cease/consultations`, { consultee: 'family', consultedOn: '2026-05-20' }).expect(201);
      await post(`/plans/${planId}/cease/consultations`, { consultee: 'institution', consultedOn: '2026-05-21' }).expect(201);
      const refused = await post(`/plans/${planId}/cease`, { reason: 4, notifiedOn: '2026-06-01' }).expect(422);
      expect(refused.body).toMatchObject({ code: 'cease_regs30_conditions_missing' });
      const ok = await post(`/plans/${planId}/cease`, { reason: 4, notifiedOn: '2026-06-01', regs30: { educationOrTrainingOutcomesAchieved: true, youngPersonWishes: 'Wants to start an apprenticeship' } }).expect(200);
      expect(ok.body).toMatchObject({ youngPersonOver18: true, regs30: { educationOrTrainingOutcomesAchieved: true } });
    });

    it('an appeal against the cease holds the plan; an order to continue undoes the cease', async () => {
      const { planId } = await issuedPlan('Continued');
      at('2026-06-01');
      await post(`/plans/${planId}/cease/consultations`, { consultee: 'family', consultedOn: '2026-05-20' }).expect(201);
      await post(`/plans/${planId}/cease/consultations`, { consultee: 'institution', consultedOn: '2026-05-21' }).expect(201);
      await post(`/plans/${planId}/cease`, { reason: 9, notifiedOn: '2026-06-01' }).expect(200);
      at('2026-06-10');
      const appeal = await post('/appeals', { subjectType: 'plan', subjectId: planId, decision: 'cease', noticeOn: '2026-06-01' }).expect(201);
      expect(appeal.body.appealDeadline).toBe('2026-09-01');
      // A certificate on 5 August: 5 September 2026 is a Saturday, so Monday 7 September, later than 1 September: the
      // plan is maintained until then.
      at('2026-08-05');
      await post(`/appeals/${appeal.body.id}/mediation-certificate`, { issuedOn: '2026-08-05' }).expect(200);
      let cessation = await t.http.get(`/api/v1/plans/${planId}/cessation`).set(bearer(caseworker)).expect(200);
      expect(cessation.body).toMatchObject({ appealDeadline: '2026-09-07', ceasesOn: '2026-09-08' });
      at('2026-08-20');
      await post(`/appeals/${appeal.body.id}/lodged`, { lodgedOn: '2026-08-20' }).expect(200);
      at('2026-09-10');
      await t.app.get(PlanCeasingService).closeDue();
      cessation = await t.http.get(`/api/v1/plans/${planId}/cessation`).set(bearer(caseworker)).expect(200);
      expect(cessation.body).toMatchObject({ status: 'ceasing', appealLodged: true, ceasesOn: null });
      at('2026-10-15');
      const ordered = await post(`/appeals/${appeal.body.id}/orders`, { kind: 'continue_plan', orderedOn: '2026-10-15' }).expect(201);
      expect(ordered.body.orders[0].duties).toEqual([expect.objectContaining({ duty: 'maintain_plan', dueOn: '2026-10-15', status: 'met', completedOn: '2026-10-15' })]);
      const plan = await t.http.get(`/api/v1/plans/${planId}`).set(bearer(caseworker)).expect(200);
      expect(plan.body.status).toBe('issued');
      cessation = await t.http.get(`/api/v1/plans/${planId}/cessation`).set(bearer(caseworker)).expect(200);
      expect(cessation.body).toMatchObject({ cessationStatus: 'withdrawn', withdrawnOn: '2026-10-15' });
    });

    it('reaches a review through the reviews context: one that does not exist (or is another LA\'s) is a 404', async () => {
      const res = await post('/appeals', { subjectType: 'review', subjectId: '00000000-0000-4000-8000-000000000001', decision: 'not_to_amend', noticeOn: '2026-06-01' }).expect(404);
      expect(res.body).toMatchObject({ status: 404 });
    });
  });
  it('answers every appeal with its ETag, takes it back as If-Match, and reads * as any version (as every optional If-Match does)', async () => {
    at('2026-02-20');
    const assessmentId = await newCase('Etag');
    await post(`/assessments/${assessmentId}/decision-to-assess`, { decision: 'refuse', decidedOn: '2026-02-10' }).expect(200);
    const created = await post('/appeals', { subjectType: 'assessment', subjectId: assessmentId, decision: 'refuse_to_assess', noticeOn: '2026-02-10' }).expect(201);
    expect(created.headers.etag).toBe(`"${created.body.version}"`);
    const read = await t.http.get(`/api/v1/appeals/${created.body.id}`).set(bearer(caseworker)).expect(200);
    expect(read.headers.etag).toBe(created.headers.etag);
    const contacted = await t.http.post(`/api/v1/appeals/${created.body.id}/mediation`).set(bearer(caseworker)).set('if-match', read.headers.etag).send({ adviserContactedOn: '2026-02-11' }).expect(200);
    expect(contacted.headers.etag).toBe(`"${contacted.body.version}"`);
    expect(contacted.body.version).toBeGreaterThan(created.body.version);
    // The ETag read before the change is stale now: 412. `*` is any version, as for an assessment's steps.
    await t.http.post(`/api/v1/appeals/${created.body.id}/mediation`).set(bearer(caseworker)).set('if-match', read.headers.etag).send({ mediationRequestedOn: '2026-02-12' }).expect(412);
    await t.http.post(`/api/v1/appeals/${created.body.id}/mediation`).set(bearer(caseworker)).set('if-match', '*').send({ mediationRequestedOn: '2026-02-12' }).expect(200);
    await t.http.post(`/api/v1/appeals/${created.body.id}/mediation`).set(bearer(caseworker)).set('if-match', 'seven').send({ mediationRequestedOn: '2026-02-12' }).expect(400);
  });
});
