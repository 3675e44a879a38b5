import { Discipline, Role } from '@app/core';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createOrganisation, createUser, TestUser } from './support/factories';
import { londonNoon } from './support/london';
import { seekAdviceForDraft } from './support/advice-before-draft';

interface DeadlineBody {
  kind: string;
  dueOn: string;
  status: string;
  completedOn: string | null;
  regulation: string;
  managementTargetOn: string | null;
  adviceRequestId: string | null;
  explanation: string;
}

describe('the EHC needs assessment workflow (e2e)', () => {
  let t: TestApp;
  let caseworker: TestUser;
  let otherCaseworker: TestUser;
  let manager: TestUser;
  let professional: TestUser;
  let strangerProfessional: TestUser;
  let childId: string;

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-01-20') });
    const la = await createLocalAuthority(t.dataSource);
    const otherLa = await createLocalAuthority(t.dataSource);
    const trust = await createOrganisation(t.dataSource, [la.id]);
    const otherTrust = await createOrganisation(t.dataSource, [otherLa.id]);
    caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    otherCaseworker = await createUser(t.dataSource, t.http, otherLa.id, Role.Caseworker);
    manager = await createUser(t.dataSource, t.http, la.id, Role.Manager);
    professional = await createUser(t.dataSource, t.http, la.id, Role.Professional, { discipline: Discipline.Health, organisationId: trust });
    strangerProfessional = await createUser(t.dataSource, t.http, otherLa.id, Role.Professional, { discipline: Discipline.Health, organisationId: otherTrust });
    const child = await t.http.post('/api/v1/children').set(bearer(caseworker)).send({ givenName: 'Ada', familyName: 'Clock', dateOfBirth: '2016-06-01' }).expect(201);
    childId = child.body.id;
  });
  afterAll(() => t.close());

  const at = (date: string) => t.clock.set(londonNoon(date));
  const deadline = (body: { deadlines: DeadlineBody[] }, kind: string) => body.deadlines.find((d) => d.kind === kind)!;
  /** The plan content the quality checks require before a draft (A, B, E, F) and, for the final, a placement (I). */
  async function writePlan(planId: string, withPlacement: boolean) {
    const sections: [string, unknown][] = [
      ['A', { text: 'Ada’s views' }],
      ['B', { text: 'Needs', items: [{ id: 'n1', area: 'cognition_and_learning', description: 'Reading' }] }],
      ['E', { text: 'Outcomes', items: [{ id: 'o1', description: 'Reads fluently', needIds: ['n1'] }] }],
      ['F', { text: 'Provision', items: [{ id: 'p1', description: 'Phonics', frequency: 'daily', duration: '1 year', deliveredBy: 'Teacher', outcomeIds: ['o1'] }] }],
      ...(withPlacement ? ([['I', { text: '', items: [{ name: 'Demo Primary School', type: 'Mainstream primary' }] }]] as [string, unknown][]) : []),
    ];
    for (const [code, body] of sections) {
      const plan = await t.http.get(`/api/v1/plans/${planId}`).set(bearer(caseworker)).expect(200);
      await t.http.put(`/api/v1/plans/${planId}/sections/${code}`).set(bearer(caseworker)).set('if-match', plan.headers.etag).send(body as object).expect(200);
    }
  }

  async function newAssessment(requestReceivedOn: string, user = caseworker) {
    const response = await t.http.post('/api/v1/assessments').set(bearer(user)).send({ childId, requestReceivedOn, requestSource: 'parent' }).expect(201);
    return response.body as { id: string; status: string; deadlines: DeadlineBody[]; exceptionsApply: boolean };
  }

  it('computes the statutory dates from the request (statutory-rules.md example)', async () => {
    at('2026-01-20');
    const assessment = await newAssessment('2026-01-05');
    expect(assessment.status).toBe('awaiting_decision');
    expect(deadline(assessment, 'decision_to_assess')).toMatchObject({ dueOn: '2026-02-16', status: 'open', completedOn: null, regulation: expect.stringContaining('5(1)') });
    expect(deadline(assessment, 'no_plan_notice')).toMatchObject({ dueOn: '2026-04-27', status: 'open' });
    expect(deadline(assessment, 'final_plan')).toMatchObject({ dueOn: '2026-05-25', status: 'open', regulation: expect.stringContaining('13(2)') });
    expect(deadline(assessment, 'final_plan').explanation).toContain('5 January 2026');
    expect(assessment.exceptionsApply).toBe(false);
  });

  it('runs request -> assess -> advice -> issue -> draft -> final, with every deadline met', async () => {
    at('2026-01-20');
    const { id } = await newAssessment('2026-01-05');
    at('2026-02-10');
    const assessing = await t.http.post(`/api/v1/assessments/${id}/decision-to-assess`).set(bearer(caseworker)).send({ decision: 'assess', decidedOn: '2026-02-10' }).expect(200);
    expect(assessing.body.status).toBe('assessing');
    expect(deadline(assessing.body, 'decision_to_assess')).toMatchObject({ status: 'met', completedOn: '2026-02-10' });

    const advice = await t.http.post(`/api/v1/assessments/${id}/advice-requests`).set(bearer(caseworker)).send({ discipline: 'health', requestedOn: '2026-02-10', assigneeEmail: professional.email, question: 'Health needs?' }).expect(201);
    expect(advice.body).toMatchObject({ dueOn: '2026-03-24', status: 'requested', deadlineStatus: 'open', child: { givenName: 'Ada', familyName: 'Clock', dateOfBirth: '2016-06-01' } });

    // The professional sees it in their inbox, and only the little they need.
    const inbox = await t.http.get('/api/v1/advice-requests').set(bearer(professional)).expect(200);
    expect(inbox.body.items.map((r: { id: string }) => r.id)).toContain(advice.body.id);
    await t.http.get(`/api/v1/advice-requests/${advice.body.id}`).set(bearer(strangerProfessional)).expect(404);
    await t.http.get(`/api/v1/assessments/${id}`).set(bearer(professional)).expect(403); // professionals have no assessment endpoints
    await t.http.get(`/api/v1/children/${childId}`).set(bearer(professional)).expect(404);

    at('2026-03-20');
    const submitted = await t.http
      .post(`/api/v1/advice-requests/${advice.body.id}/submission`)
      .set(bearer(professional))
      .send({ summary: 'Needs SALT', needs: [{ area: 'communication_and_interaction', description: 'Delayed speech' }], outcomes: [{ description: 'Speaks in sentences' }], provision: [{ description: 'SALT', frequency: 'weekly', duration: '12 months', deliveredBy: 'NHS SALT' }] })
      .expect(201);
    expect(submitted.body).toMatchObject({ status: 'received', receivedOn: '2026-03-20', deadlineStatus: 'met' });
    await t.http.post(`/api/v1/advice-requests/${advice.body.id}/submission`).set(bearer(professional)).send({ summary: 'again', needs: [], outcomes: [], provision: [] }).expect(409);

    at('2026-03-30');
    const drafting = await t.http.post(`/api/v1/assessments/${id}/decision-to-issue`).set(bearer(caseworker)).send({ decision: 'issue', decidedOn: '2026-03-30' }).expect(200);
    await writePlan(drafting.body.planId, false);
    expect(drafting.body.status).toBe('drafting');
    expect(deadline(drafting.body, 'no_plan_notice').status).toBe('not_applicable');
    expect(deadline(drafting.body, 'advice')).toMatchObject({ status: 'met', completedOn: '2026-03-20', adviceRequestId: advice.body.id });

    at('2026-04-13');
    // Only the health advice was sought: the other Regs 6(1)(a)-(e) kinds are named with their letters (issue 24, point 13).
    const unadvised = await t.http.post(`/api/v1/assessments/${id}/draft-plan`).set(bearer(caseworker)).send({ issuedOn: '2026-04-13' }).expect(422);
    expect(unadvised.body).toMatchObject({ code: 'advice_not_sought', rule: expect.stringContaining('6(1)') });
    expect(unadvised.body.missing.map((k: { discipline: string; regulation: string }) => `${k.discipline} ${k.regulation}`)).toEqual([
      'parent SEND Regulations 2014, reg 6(1)(a)',
      'education SEND Regulations 2014, reg 6(1)(b)',
      'psychology SEND Regulations 2014, reg 6(1)(d)',
      'social_care SEND Regulations 2014, reg 6(1)(e)',
    ]);
    expect(await seekAdviceForDraft(t.http, bearer(caseworker), id, '2026-04-13')).toEqual(['parent', 'education', 'psychology', 'social_care']);
    const draft = await t.http.post(`/api/v1/assessments/${id}/draft-plan`).set(bearer(caseworker)).send({ issuedOn: '2026-04-13' }).expect(200);
    expect(draft.body.draftAdvice).toBeNull();
    expect(draft.body.adviceBeforeDraft).toEqual({ notSought: [], outstanding: [] });
    expect(draft.body.status).toBe('draft_issued');
    expect(deadline(draft.body, 'draft_representations')).toMatchObject({ dueOn: '2026-04-27', status: 'open' });
    expect(draft.body.earliestFinalPlanOn).toBe('2026-04-28');

    // Inside the parent's 15 days, with no representations recorded: refused, citing reg 13(1).
    at('2026-04-20');
    await writePlan(drafting.body.planId, true);
    const early = await t.http.post(`/api/v1/assessments/${id}/final-plan`).set(bearer(caseworker)).send({ issuedOn: '2026-04-20' }).expect(422);
    expect(early.body).toMatchObject({ code: 'inside_representations_window', rule: expect.stringContaining('13(1)'), earliestIssueOn: '2026-04-28' });

    at('2026-05-11');
    const final = await t.http.post(`/api/v1/assessments/${id}/final-plan`).set(bearer(caseworker)).send({ issuedOn: '2026-05-11' }).expect(200);
    expect(final.body.status).toBe('plan_issued');
    expect(deadline(final.body, 'final_plan')).toMatchObject({ status: 'met', completedOn: '2026-05-11' });

    const timeline = await t.http.get(`/api/v1/assessments/${id}/timeline`).set(bearer(manager)).expect(200);
    expect(timeline.body.map((e: { action: string }) => e.action)).toEqual([
      'assessment.created',
      'assessment.decision_to_assess',
      'advice.requested',
      'advice.submitted',
      'plan.created', // the plan's events belong to the case's story, written in the same transaction
      'assessment.decision_to_issue',
      'advice.reused',
      'advice.reused',
      'advice.reused',
      'advice.reused',
      'plan.draft_issued',
      'assessment.draft_issued',
      'plan.final_issued',
      'assessment.final_issued',
    ]);
    expect(timeline.body[0]).toMatchObject({ actorUserId: caseworker.id, actorName: expect.any(String), summary: expect.stringContaining('2026-01-05') });
  });

  it('lets representations open the way to an earlier final plan', async () => {
    at('2026-01-20');
    const { id } = await newAssessment('2026-01-06');
    await t.http.post(`/api/v1/assessments/${id}/decision-to-assess`).set(bearer(caseworker)).send({ decision: 'assess', decidedOn: '2026-01-10' }).expect(200);
    at('2026-03-02');
    const issuing = await t.http.post(`/api/v1/assessments/${id}/decision-to-issue`).set(bearer(caseworker)).send({ decision: 'issue', decidedOn: '2026-02-20' }).expect(200);
    await writePlan(issuing.body.planId, false);
    await seekAdviceForDraft(t.http, bearer(caseworker), id);
    await t.http.post(`/api/v1/assessments/${id}/draft-plan`).set(bearer(caseworker)).send({ issuedOn: '2026-02-23' }).expect(200);
    const reps = await t.http.post(`/api/v1/assessments/${id}/representations`).set(bearer(caseworker)).send({ receivedOn: '2026-02-27' }).expect(200);
    expect(deadline(reps.body, 'draft_representations')).toMatchObject({ status: 'met', completedOn: '2026-02-27' });
    expect(reps.body.earliestFinalPlanOn).toBe('2026-02-27');
    await writePlan(issuing.body.planId, true);
    await t.http.post(`/api/v1/assessments/${id}/final-plan`).set(bearer(caseworker)).send({ issuedOn: '2026-03-02' }).expect(200);
  });

  it('refuses steps out of order with a 409 that states the rule', async () => {
    at('2026-01-20');
    const { id } = await newAssessment('2026-01-05');
    const final = await t.http.post(`/api/v1/assessments/${id}/final-plan`).set(bearer(caseworker)).send({ issuedOn: '2026-01-20' }).expect(409);
    expect(final.body).toMatchObject({ code: 'invalid_transition', currentStatus: 'awaiting_decision', rule: expect.any(String) });
    await t.http.post(`/api/v1/assessments/${id}/decision-to-issue`).set(bearer(caseworker)).send({ decision: 'issue', decidedOn: '2026-01-20' }).expect(409);
    await t.http.post(`/api/v1/assessments/${id}/decision-to-assess`).set(bearer(caseworker)).send({ decision: 'assess', decidedOn: '2026-01-19' }).expect(200);
    const twice = await t.http.post(`/api/v1/assessments/${id}/decision-to-assess`).set(bearer(caseworker)).send({ decision: 'refuse', decidedOn: '2026-01-20' }).expect(409);
    expect(twice.body.detail).toContain('decision to assess');
  });

  it('refuses dates in the future, before the previous step, or impossible', async () => {
    at('2026-01-20');
    const future = await t.http.post('/api/v1/assessments').set(bearer(caseworker)).send({ childId, requestReceivedOn: '2026-01-21', requestSource: 'school' }).expect(422);
    expect(future.body).toMatchObject({ code: 'date_in_future', field: 'requestReceivedOn' });
    const { id } = await newAssessment('2026-01-05');
    const before = await t.http.post(`/api/v1/assessments/${id}/decision-to-assess`).set(bearer(caseworker)).send({ decision: 'assess', decidedOn: '2026-01-04' }).expect(422);
    expect(before.body).toMatchObject({ code: 'date_before_previous_step', field: 'decidedOn' });
    const impossible = await t.http.post(`/api/v1/assessments/${id}/decision-to-assess`).set(bearer(caseworker)).send({ decision: 'assess', decidedOn: '2026-02-30' }).expect(400);
    expect(impossible.body.errors[0].field).toBe('decidedOn');
    await t.http.post('/api/v1/assessments').set(bearer(caseworker)).send({ childId, requestReceivedOn: '2026-01-05', requestSource: 'aunt' }).expect(400);
    const view = await t.http.get(`/api/v1/assessments/${id}`).set(bearer(caseworker)).expect(200);
    expect(view.body.status).toBe('awaiting_decision');
  });

  it('records a late decision as late and a missed one as overdue', async () => {
    at('2026-01-20');
    const late = await newAssessment('2025-11-03');
    const lateView = await t.http.post(`/api/v1/assessments/${late.id}/decision-to-assess`).set(bearer(caseworker)).send({ decision: 'assess', decidedOn: '2026-01-19' }).expect(200);
    expect(deadline(lateView.body, 'decision_to_assess')).toMatchObject({ dueOn: '2025-12-15', status: 'late', completedOn: '2026-01-19' });
    const missed = await newAssessment('2025-11-03');
    expect(deadline(missed, 'decision_to_assess')).toMatchObject({ dueOn: '2025-12-15', status: 'overdue' });
  });

  it('keeps the statutory date when an exception is recorded, adds a management target and sets the DfE flag', async () => {
    at('2026-06-01');
    const { id } = await newAssessment('2026-05-04');
    await t.http.post(`/api/v1/assessments/${id}/decision-to-assess`).set(bearer(caseworker)).send({ decision: 'assess', decidedOn: '2026-05-20' }).expect(200);
    at('2026-07-16');
    const school = await t.http.post(`/api/v1/assessments/${id}/advice-requests`).set(bearer(caseworker)).send({ discipline: 'education', requestedOn: '2026-07-16' }).expect(201);
    at('2026-09-10');
    const withException = await t.http
      .post(`/api/v1/assessments/${id}/exceptions`)
      .set(bearer(caseworker))
      .send({ ground: 'institution_closure', adviceRequestId: school.body.id, closureStartsOn: '2026-07-22', reopensOn: '2026-09-03', reason: 'School closed for the summer while its advice was due' })
      .expect(201);
    expect(withException.body.exceptionsApply).toBe(true);
    expect(withException.body.exceptions).toHaveLength(1);
    expect(withException.body.exceptions[0]).toMatchObject({ adviceRequestId: school.body.id, closureStartsOn: '2026-07-22', reopensOn: '2026-09-03', startsOn: '2026-07-22', endsOn: '2026-09-02', underOldRule: false });
    const final = deadline(withException.body, 'final_plan');
    expect(final.dueOn).toBe('2026-09-21');
    expect(final.managementTargetOn).toBe('2026-11-03'); // + the 43 days the school was closed
    const audit = await t.http.get(`/api/v1/audit?entityType=assessment&entityId=${id}`).set(bearer(manager)).expect(200);
    expect(audit.body.items.find((e: { action: string }) => e.action === 'assessment.exception_recorded')).toMatchObject({ actorUserId: caseworker.id });

    const bad = await t.http.post(`/api/v1/assessments/${id}/exceptions`).set(bearer(caseworker)).send({ ground: 'absence_from_area', startsOn: '2026-08-01', endsOn: '2026-07-01', reason: 'Away' }).expect(422);
    expect(bad.body.code).toBe('exception_ends_before_start');
    await t.http.post(`/api/v1/assessments/${id}/exceptions`).set(bearer(caseworker)).send({ ground: 'waiting_list', startsOn: '2026-08-01', reason: 'Busy' }).expect(400);
    await t.http.post(`/api/v1/assessments/${id}/exceptions`).set(bearer(caseworker)).send({ ground: 'personal_circumstances', reason: 'No dates' }).expect(400);
    const tooShort = await t.http.post(`/api/v1/assessments/${id}/exceptions`).set(bearer(caseworker)).send({ ground: 'absence_from_area', startsOn: '2026-08-01', endsOn: '2026-08-14', reason: 'On holiday' }).expect(422);
    expect(tooShort.body).toMatchObject({ code: 'exception_period_too_short', rule: expect.stringContaining('5(4)') });
  });

  it('refuses a closure that is not tied to an educational advice request made in the window (a holiday alone is never an exception)', async () => {
    at('2026-06-01');
    const { id } = await newAssessment('2026-05-04');
    await t.http.post(`/api/v1/assessments/${id}/decision-to-assess`).set(bearer(caseworker)).send({ decision: 'assess', decidedOn: '2026-05-20' }).expect(200);
    const early = await t.http.post(`/api/v1/assessments/${id}/advice-requests`).set(bearer(caseworker)).send({ discipline: 'education', requestedOn: '2026-06-01' }).expect(201);
    at('2026-07-16');
    const health = await t.http.post(`/api/v1/assessments/${id}/advice-requests`).set(bearer(caseworker)).send({ discipline: 'health', requestedOn: '2026-07-16', assigneeEmail: professional.email }).expect(201);
    const inWindow = await t.http.post(`/api/v1/assessments/${id}/advice-requests`).set(bearer(caseworker)).send({ discipline: 'education', requestedOn: '2026-07-16' }).expect(201);
    at('2026-09-30');
    const summer = { closureStartsOn: '2026-07-22', reopensOn: '2026-09-03', reason: 'Summer holiday' };
    const refused = async (body: object, field: string) => {
      const response = await t.http.post(`/api/v1/assessments/${id}/exceptions`).set(bearer(caseworker)).send(body).expect(422);
      expect(response.body).toMatchObject({ code: 'closure_exception_not_qualified', field, rule: expect.stringContaining('5(4)(a)') });
      return response.body as { detail: string };
    };
    // The old shape: a closure period alone.
    expect((await refused({ ground: 'institution_closure', startsOn: '2026-07-22', endsOn: '2026-09-02', reason: 'Summer holiday' }, 'adviceRequestId')).detail).toContain('a holiday alone is never an exception');
    // Asked more than a week before the closure.
    expect((await refused({ ground: 'institution_closure', adviceRequestId: early.body.id, ...summer }, 'adviceRequestId')).detail).toContain('one week before');
    // Not educational advice.
    expect((await refused({ ground: 'early_years_closure', adviceRequestId: health.body.id, ...summer }, 'adviceRequestId')).detail).toContain('educational advice');
    // A closure of less than 4 continuous weeks.
    await refused({ ground: 'institution_closure', adviceRequestId: inWindow.body.id, closureStartsOn: '2026-07-22', reopensOn: '2026-08-12', reason: 'Short' }, 'reopensOn');
    // Another assessment's request.
    const other = await newAssessment('2026-05-04');
    await t.http.post(`/api/v1/assessments/${other.id}/decision-to-assess`).set(bearer(caseworker)).send({ decision: 'assess', decidedOn: '2026-05-20' }).expect(200);
    await refused({ ground: 'institution_closure', adviceRequestId: '00000000-0000-4000-8000-000000000000', ...summer }, 'adviceRequestId');
    await t.http.post(`/api/v1/assessments/${other.id}/exceptions`).set(bearer(caseworker)).send({ ground: 'institution_closure', adviceRequestId: inWindow.body.id, ...summer }).expect(422);

    const view = await t.http.get(`/api/v1/assessments/${id}`).set(bearer(caseworker)).expect(200);
    expect(view.body).toMatchObject({ exceptionsApply: false, exceptions: [] });
    expect(deadline(view.body, 'final_plan')).toMatchObject({ dueOn: '2026-09-21', status: 'overdue', managementTargetOn: null });
  });

  it('keeps a historic closure imported under the old rule, with its flag, and lists it for review', async () => {
    at('2026-09-30');
    const line = { childId, requestReceivedOn: '2025-04-01', requestSource: 'parent', decisionToAssess: { decision: 'assess', decidedOn: '2025-05-01' }, exceptions: [{ ground: 'institution_closure', startsOn: '2025-07-23', endsOn: '2025-09-02', reason: 'Summer closure (old system)' }], decisionToIssue: { decision: 'issue', decidedOn: '2025-06-20' }, draftIssuedOn: '2025-07-01', finalIssuedOn: '2025-09-30' };
    const imported = await t.http.post('/api/v1/assessments/import').set(bearer(manager)).set('content-type', 'application/x-ndjson').send(JSON.stringify(line)).expect(200);
    const importedId = imported.body.results[0].assessmentId as string;
    const view = await t.http.get(`/api/v1/assessments/${importedId}`).set(bearer(caseworker)).expect(200);
    expect(view.body.exceptionsApply).toBe(true);
    expect(view.body.exceptions[0]).toMatchObject({ ground: 'institution_closure', underOldRule: true, adviceRequestId: null });
    const review = await t.http.get('/api/v1/assessments?exceptionsToReview=true&limit=200').set(bearer(manager)).expect(200);
    expect(review.body.items.map((a: { id: string }) => a.id)).toEqual([importedId]);
  });

  it('excuses no late refusal to assess (Regs 4(1)/5(1)), while a late decision to assess may be excused', async () => {
    at('2026-03-30');
    const refusedCase = await newAssessment('2026-01-05');
    const assessedCase = await newAssessment('2026-01-05');
    for (const { id } of [refusedCase, assessedCase]) {
      await t.http.post(`/api/v1/assessments/${id}/exceptions`).set(bearer(caseworker)).send({ ground: 'absence_from_area', startsOn: '2026-01-20', endsOn: '2026-03-01', reason: 'Family abroad' }).expect(201);
    }
    const refused = await t.http.post(`/api/v1/assessments/${refusedCase.id}/decision-to-assess`).set(bearer(caseworker)).send({ decision: 'refuse', decidedOn: '2026-03-20' }).expect(200);
    expect(deadline(refused.body, 'decision_to_assess')).toMatchObject({ status: 'late', managementTargetOn: null, exceptionIds: [] });
    expect(refused.body.exceptionsApply).toBe(false);
    const assessed = await t.http.post(`/api/v1/assessments/${assessedCase.id}/decision-to-assess`).set(bearer(caseworker)).send({ decision: 'assess', decidedOn: '2026-03-20' }).expect(200);
    expect(deadline(assessed.body, 'decision_to_assess')).toMatchObject({ status: 'late', managementTargetOn: '2026-03-29' });
  });

  it('gives the family’s own advice no deadline, and says whom each advice deadline binds (Regs 8(1) or CoP 9.52)', async () => {
    at('2026-02-10');
    const { id } = await newAssessment('2026-01-05');
    await t.http.post(`/api/v1/assessments/${id}/decision-to-assess`).set(bearer(caseworker)).send({ decision: 'assess', decidedOn: '2026-02-10' }).expect(200);
    const family = await t.http.post(`/api/v1/assessments/${id}/advice-requests`).set(bearer(caseworker)).send({ discipline: 'parent', requestedOn: '2026-02-10' }).expect(201);
    const health = await t.http.post(`/api/v1/assessments/${id}/advice-requests`).set(bearer(caseworker)).send({ discipline: 'health', requestedOn: '2026-02-10', assigneeEmail: professional.email }).expect(201);
    const school = await t.http.post(`/api/v1/assessments/${id}/advice-requests`).set(bearer(caseworker)).send({ discipline: 'education', requestedOn: '2026-02-10' }).expect(201);
    expect(health.body).toMatchObject({ dueOn: '2026-03-24', regulation: 'SEND Regulations 2014, reg 8(1)', statutory: true });
    expect(school.body).toMatchObject({ dueOn: '2026-03-24', regulation: 'SEND Code of Practice 2015, para 9.52', statutory: false });
    at('2026-04-20');
    const view = await t.http.get(`/api/v1/assessments/${id}`).set(bearer(caseworker)).expect(200);
    const adviceFor = (requestId: string) => view.body.deadlines.find((d: DeadlineBody) => d.adviceRequestId === requestId);
    expect(adviceFor(family.body.id)).toBeUndefined();
    expect(adviceFor(health.body.id)).toMatchObject({ status: 'overdue', regulation: expect.stringContaining('reg 8(1)'), statutory: true });
    expect(adviceFor(school.body.id)).toMatchObject({ status: 'overdue', regulation: expect.stringContaining('9.52'), statutory: false });
    expect(view.body.adviceRequests.find((r: { id: string }) => r.id === family.body.id)).toMatchObject({ dueOn: null });
    const familyView = await t.http.get(`/api/v1/advice-requests/${family.body.id}`).set(bearer(caseworker)).expect(200);
    expect(familyView.body).toMatchObject({ dueOn: null, deadlineStatus: 'not_applicable', statutory: false });
    const overdue = await t.http.get(`/api/v1/advice-requests?assessmentId=${id}&overdue=true`).set(bearer(caseworker)).expect(200);
    expect(overdue.body.items.map((r: { id: string }) => r.id).sort()).toEqual([health.body.id, school.body.id].sort());
  });

  it('treats the no-plan notice as a warning date on an open case, never an overdue duty (Regs 10(1))', async () => {
    at('2026-02-10');
    const { id } = await newAssessment('2026-01-05');
    await t.http.post(`/api/v1/assessments/${id}/decision-to-assess`).set(bearer(caseworker)).send({ decision: 'assess', decidedOn: '2026-02-10' }).expect(200);
    at('2026-05-01'); // day 116: past the 16 weeks (27 April), before the 20 weeks (25 May)
    const view = await t.http.get(`/api/v1/assessments/${id}`).set(bearer(caseworker)).expect(200);
    expect(deadline(view.body, 'no_plan_notice')).toMatchObject({ dueOn: '2026-04-27', status: 'open', warning: true });
    expect(deadline(view.body, 'no_plan_notice').explanation).toContain('warning');
    const list = await t.http.get(`/api/v1/assessments?childId=${childId}&status=assessing&limit=200`).set(bearer(caseworker)).expect(200);
    expect(list.body.items.find((a: { id: string }) => a.id === id)).toMatchObject({ overdueDeadlines: 0, nextDeadline: { kind: 'no_plan_notice', dueOn: '2026-04-27', status: 'open' } });
    const risk = await t.http.get('/api/v1/reports/risk').set(bearer(manager)).expect(200);
    expect(risk.body.overdueDeadlines.map((k: { kind: string }) => k.kind)).not.toContain('no_plan_notice');
    const overdueList = await t.http.get('/api/v1/assessments?overdue=true&limit=200').set(bearer(caseworker)).expect(200);
    expect(overdueList.body.items.map((a: { id: string }) => a.id)).not.toContain(id);
    // A decision not to issue after the date is late.
    const notIssuing = await t.http.post(`/api/v1/assessments/${id}/decision-to-issue`).set(bearer(caseworker)).send({ decision: 'not_issue', decidedOn: '2026-04-30' }).expect(200);
    expect(deadline(notIssuing.body, 'no_plan_notice')).toMatchObject({ status: 'late', completedOn: '2026-04-30', warning: false });
  });

  it('meets the limits on the day the family is notified, and counts the 15 days from a posted draft’s service', async () => {
    at('2026-02-17');
    const { id } = await newAssessment('2026-01-05');
    const decided = await t.http.post(`/api/v1/assessments/${id}/decision-to-assess`).set(bearer(caseworker)).send({ decision: 'assess', decidedOn: '2026-02-16', notifiedOn: '2026-02-17' }).expect(200);
    expect(decided.body).toMatchObject({ decisionToAssessOn: '2026-02-16', decisionToAssessNotifiedOn: '2026-02-17' });
    expect(deadline(decided.body, 'decision_to_assess')).toMatchObject({ status: 'late', completedOn: '2026-02-17' });
    const early = await t.http.post(`/api/v1/assessments/${id}/decision-to-issue`).set(bearer(caseworker)).send({ decision: 'issue', decidedOn: '2026-02-17', notifiedOn: '2026-02-16' }).expect(422);
    expect(early.body).toMatchObject({ code: 'date_before_previous_step', field: 'notifiedOn' });
    const issuing = await t.http.post(`/api/v1/assessments/${id}/decision-to-issue`).set(bearer(caseworker)).send({ decision: 'issue', decidedOn: '2026-02-17' }).expect(200);
    await writePlan(issuing.body.planId, false);
    at('2026-05-08');
    await seekAdviceForDraft(t.http, bearer(caseworker), id);
    const draft = await t.http.post(`/api/v1/assessments/${id}/draft-plan`).set(bearer(caseworker)).send({ issuedOn: '2026-05-06', servedOn: '2026-05-08' }).expect(200);
    expect(draft.body).toMatchObject({ draftIssuedOn: '2026-05-06', draftServedOn: '2026-05-08', earliestFinalPlanOn: '2026-05-23' });
    expect(deadline(draft.body, 'draft_representations')).toMatchObject({ dueOn: '2026-05-22' });
    await writePlan(issuing.body.planId, true);
    at('2026-05-26');
    await t.http.post(`/api/v1/assessments/${id}/final-plan`).set(bearer(caseworker)).send({ issuedOn: '2026-05-22' }).expect(422);
    const final = await t.http.post(`/api/v1/assessments/${id}/final-plan`).set(bearer(caseworker)).send({ issuedOn: '2026-05-25', notifiedOn: '2026-05-26' }).expect(200);
    expect(final.body).toMatchObject({ finalIssuedOn: '2026-05-25', finalNotifiedOn: '2026-05-26' });
    expect(deadline(final.body, 'final_plan')).toMatchObject({ dueOn: '2026-05-25', status: 'late', completedOn: '2026-05-26' });
  });

  it('records what the representations asked for, and consults a requested school before it is named (CFA s39, CoP 9.83)', async () => {
    at('2026-02-17');
    const { id } = await newAssessment('2026-01-05');
    await t.http.post(`/api/v1/assessments/${id}/decision-to-assess`).set(bearer(caseworker)).send({ decision: 'assess', decidedOn: '2026-02-10' }).expect(200);
    const issuing = await t.http.post(`/api/v1/assessments/${id}/decision-to-issue`).set(bearer(caseworker)).send({ decision: 'issue', decidedOn: '2026-02-17' }).expect(200);
    await writePlan(issuing.body.planId, false);
    at('2026-04-20');
    await seekAdviceForDraft(t.http, bearer(caseworker), id);
    await t.http.post(`/api/v1/assessments/${id}/draft-plan`).set(bearer(caseworker)).send({ issuedOn: '2026-04-20' }).expect(200);
    await writePlan(issuing.body.planId, true);
    at('2026-04-24');
    const reps = await t.http.post(`/api/v1/assessments/${id}/representations`).set(bearer(caseworker)).send({ receivedOn: '2026-04-24', meetingRequested: true, schoolRequested: 'Demo Primary School' }).expect(200);
    expect(reps.body).toMatchObject({ representationsReceivedOn: '2026-04-24', representationsMeetingRequested: true, representationsSchoolRequested: 'Demo Primary School', earliestFinalPlanOn: '2026-04-24' });
    const notConsulted = await t.http.post(`/api/v1/assessments/${id}/final-plan`).set(bearer(caseworker)).send({ issuedOn: '2026-04-24' }).expect(422);
    expect(notConsulted.body).toMatchObject({ code: 'school_not_consulted', rule: expect.stringContaining('s39') });
    // Only one of the LA's own organisation records may be named: another LA's, or an unknown id, is a 404 (not a 500).
    for (const organisationId of [await createOrganisation(t.dataSource, (await createLocalAuthority(t.dataSource)).id, 'school'), '00000000-0000-4000-8000-000000000000']) {
      await t.http.post(`/api/v1/assessments/${id}/school-consultations`).set(bearer(caseworker)).send({ schoolName: 'Elsewhere School', organisationId, consultedOn: '2026-04-24' }).expect(404);
    }
    const consulted = await t.http.post(`/api/v1/assessments/${id}/school-consultations`).set(bearer(caseworker)).send({ schoolName: 'Demo Primary School', consultedOn: '2026-04-24' }).expect(201);
    const consultation = consulted.body.schoolConsultations[0];
    expect(consultation).toMatchObject({ schoolName: 'Demo Primary School', consultedOn: '2026-04-24', responseDueOn: '2026-05-09', respondedOn: null });
    expect(consulted.body.deadlines.find((d: DeadlineBody) => d.kind === 'school_consultation')).toMatchObject({ dueOn: '2026-05-09', status: 'open', statutory: false });
    at('2026-05-01');
    const answered = await t.http.post(`/api/v1/assessments/${id}/school-consultations/${consultation.id}/response`).set(bearer(caseworker)).send({ respondedOn: '2026-04-30', response: 'agrees' }).expect(200);
    expect(answered.body.schoolConsultations[0]).toMatchObject({ respondedOn: '2026-04-30', response: 'agrees' });
    await t.http.post(`/api/v1/assessments/${id}/school-consultations/${consultation.id}/response`).set(bearer(caseworker)).send({ respondedOn: '2026-04-30', response: 'agrees' }).expect(409);
    const final = await t.http.post(`/api/v1/assessments/${id}/final-plan`).set(bearer(caseworker)).send({ issuedOn: '2026-05-01' }).expect(200);
    expect(final.body.status).toBe('plan_issued');
  });

  it('withdraws an open assessment and makes its open steps not applicable', async () => {
    at('2026-02-01');
    const { id } = await newAssessment('2026-01-05');
    await t.http.post(`/api/v1/assessments/${id}/decision-to-assess`).set(bearer(caseworker)).send({ decision: 'assess', decidedOn: '2026-01-20' }).expect(200);
    const advice = await t.http.post(`/api/v1/assessments/${id}/advice-requests`).set(bearer(caseworker)).send({ discipline: 'psychology', requestedOn: '2026-01-21' }).expect(201);
    const withdrawn = await t.http.post(`/api/v1/assessments/${id}/withdraw`).set(bearer(caseworker)).send({ withdrawnOn: '2026-02-01', reason: 'moved_away' }).expect(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    expect(deadline(withdrawn.body, 'final_plan').status).toBe('not_applicable');
    expect(withdrawn.body.deadlines.find((d: DeadlineBody) => d.adviceRequestId === advice.body.id).status).toBe('not_applicable');
    await t.http.post(`/api/v1/assessments/${id}/withdraw`).set(bearer(caseworker)).send({ withdrawnOn: '2026-02-01', reason: 'moved_away' }).expect(409);
    await t.http.post(`/api/v1/advice-requests/${advice.body.id}/received`).set(bearer(caseworker)).send({ receivedOn: '2026-02-01' }).expect(409);
  });

  it('lists assessments by status, caseworker, overdue and due-before, with cursor pagination', async () => {
    at('2026-03-01');
    const overdue = await newAssessment('2026-01-05');
    const assignee = await createUser(t.dataSource, t.http, caseworker.localAuthorityId, Role.Caseworker);
    await t.http.post(`/api/v1/assessments/${overdue.id}/caseworker`).set(bearer(caseworker)).send({ caseworkerId: assignee.id }).expect(200);

    const byCaseworker = await t.http.get(`/api/v1/assessments?caseworkerId=${assignee.id}`).set(bearer(manager)).expect(200);
    expect(byCaseworker.body.items.map((a: { id: string }) => a.id)).toEqual([overdue.id]);
    expect(byCaseworker.body.items[0]).toMatchObject({ nextDeadline: { kind: 'decision_to_assess', dueOn: '2026-02-16', status: 'overdue' }, overdueDeadlines: 1, finalPlanDueOn: '2026-05-25' });

    const overdueList = await t.http.get('/api/v1/assessments?overdue=true&limit=200').set(bearer(manager)).expect(200);
    expect(overdueList.body.items.map((a: { id: string }) => a.id)).toContain(overdue.id);
    expect(overdueList.body.items.every((a: { overdueDeadlines: number }) => a.overdueDeadlines > 0)).toBe(true);

    const dueSoon = await t.http.get('/api/v1/assessments?dueBefore=2026-02-16&status=awaiting_decision&limit=200').set(bearer(manager)).expect(200);
    expect(dueSoon.body.items.map((a: { id: string }) => a.id)).toContain(overdue.id);

    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.http.get(`/api/v1/assessments?limit=3${cursor ? `&cursor=${cursor}` : ''}`).set(bearer(manager)).expect(200);
      ids.push(...page.body.items.map((a) => a.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(overdue.id);

    const otherLa = await t.http.get('/api/v1/assessments?limit=200').set(bearer(otherCaseworker)).expect(200);
    expect(otherLa.body.items).toEqual([]);
    await t.http.get(`/api/v1/assessments/${overdue.id}`).set(bearer(otherCaseworker)).expect(404);
    await t.http.post(`/api/v1/assessments/${overdue.id}/decision-to-assess`).set(bearer(otherCaseworker)).send({ decision: 'assess', decidedOn: '2026-02-20' }).expect(404);
  });

  it('detects a stale If-Match on a command', async () => {
    at('2026-01-20');
    const { id } = await newAssessment('2026-01-05');
    const view = await t.http.get(`/api/v1/assessments/${id}`).set(bearer(caseworker)).expect(200);
    const etag = view.headers.etag as string;
    await t.http.post(`/api/v1/assessments/${id}/caseworker`).set(bearer(caseworker)).send({ caseworkerId: manager.id }).expect(200);
    await t.http.post(`/api/v1/assessments/${id}/decision-to-assess`).set(bearer(caseworker)).set('if-match', etag).send({ decision: 'assess', decidedOn: '2026-01-20' }).expect(412);
  });

  it('imports historic cases line by line, rejecting bad lines with reasons and writing nothing for them', async () => {
    at('2026-01-20');
    const lines = [
      { externalReference: 'OLD-1', child: { givenName: 'Hist', familyName: 'One', dateOfBirth: '2012-03-04', nhsNumber: '9434765919' }, requestReceivedOn: '2024-01-08', requestSource: 'parent', decisionToAssess: { decision: 'assess', decidedOn: '2024-02-12' }, adviceRequests: [{ discipline: 'psychology', requestedOn: '2024-02-13', receivedOn: '2024-04-01' }], decisionToIssue: { decision: 'issue', decidedOn: '2024-04-10' }, draftIssuedOn: '2024-04-15', finalIssuedOn: '2024-05-20' },
      { externalReference: 'OLD-2', child: { givenName: 'Hist', familyName: 'Two', dateOfBirth: '2013-03-04' }, requestReceivedOn: '2024-01-08', requestSource: 'parent', decisionToAssess: { decision: 'assess', decidedOn: '2024-02-12' }, decisionToIssue: { decision: 'issue', decidedOn: '2024-04-10' }, draftIssuedOn: '2024-04-15', finalIssuedOn: '2024-04-20' },
      '{not json',
      { externalReference: 'OLD-4', child: { givenName: 'Hist', familyName: 'Four', dateOfBirth: '2013-03-04' }, requestReceivedOn: '2024-02-30', requestSource: 'parent' },
    ];
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM assessments');
    const response = await t.http
      .post('/api/v1/assessments/import')
      .set(bearer(manager))
      .set('content-type', 'application/x-ndjson')
      .send(lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n'))
      .expect(200);
    expect(response.body).toMatchObject({ imported: 1, rejected: 3 });
    expect(response.body.results[0]).toMatchObject({ line: 1, status: 'imported', externalReference: 'OLD-1' });
    expect(response.body.results[1]).toMatchObject({ line: 2, status: 'rejected', errors: [{ code: 'inside_representations_window', rule: expect.stringContaining('13(1)') }] });
    expect(response.body.results[2]).toMatchObject({ line: 3, status: 'rejected', errors: [{ code: 'malformed_json' }] });
    expect(response.body.results[3]).toMatchObject({ line: 4, status: 'rejected', errors: [{ field: 'requestReceivedOn' }] });
    const after = await t.dataSource.query('SELECT count(*)::int AS n FROM assessments');
    expect(after[0].n - before[0].n).toBe(1);
    const [{ n: childrenTwo }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM children WHERE family_name = 'Two'`);
    expect(childrenTwo).toBe(0);

    const imported = await t.http.get(`/api/v1/assessments/${response.body.results[0].assessmentId}`).set(bearer(manager)).expect(200);
    expect(imported.body).toMatchObject({ status: 'plan_issued', imported: true, finalIssuedOn: '2024-05-20' });
    expect(deadline(imported.body, 'final_plan')).toMatchObject({ dueOn: '2024-05-27', status: 'met' });
    await t.http.post('/api/v1/assessments/import').set(bearer(caseworker)).set('content-type', 'application/x-ndjson').send('{}').expect(403);
  });
});
