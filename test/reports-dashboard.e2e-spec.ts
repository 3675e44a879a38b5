import { Role } from '@app/core';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createOrganisation, createUser, TestLocalAuthority, TestUser } from './support/factories';
import { londonNoon } from './support/london';

/**
 * The managers' dashboard data (GET /reports/dashboard) against a hand count. Today is 2026-09-15; the default period
 * is 2025-09-16 to 2026-09-15 and the timeliness series the 24 months October 2024 to September 2026.
 *
 * LA D, caseworker A (team North) and B (team South); every child has a setting (URN 123456), so SEN2 lists only the
 * imported plans' missing need types.
 *  - T1 (A): request 2026-01-05, final 2026-05-25: day 140, within 20 weeks, with the 20-week exceptions flag.
 *  - T2 (A): request 2025-11-03, final 2026-05-20: day 198 (20 to 52 weeks).
 *  - T3 (B): request 2026-02-02, final 2026-07-01: day 149 (20 to 52 weeks).
 *  - T4 (A): request 2026-07-01, no decision: awaiting decision on day 76 (past 6 weeks): at risk, 64 days left.
 *  - T5 (B): request 2026-06-01, assessing, health advice asked of Org H on 2026-07-01 (due 2026-08-12), not in:
 *    at risk on day 106 (34 days left); Org H's advice is late.
 */
describe('reports: the managers’ dashboard (e2e)', () => {
  const TODAY = '2026-09-15';
  let t: TestApp;
  let la: TestLocalAuthority;
  let manager: TestUser;
  let cwA: TestUser;
  let cwB: TestUser;
  let analyst: TestUser;
  let orgH: string;
  const id: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon(TODAY) });
    la = await createLocalAuthority(t.dataSource);
    manager = await createUser(t.dataSource, t.http, la.id, Role.Manager);
    cwA = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    cwB = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    await t.dataSource.query(`UPDATE users SET team = CASE WHEN id = $1 THEN 'North' ELSE 'South' END WHERE id IN ($1, $2)`, [cwA.id, cwB.id]);
    analyst = await createUser(t.dataSource, t.http, (await createLocalAuthority(t.dataSource, 'DfE (dashboard analysts)')).id, Role.NationalAnalyst);
    orgH = await createOrganisation(t.dataSource, la.id, 'nhs_body', 'Org H');
    const m = bearer(manager);
    const child = async (name: string) =>
      (await t.http.post('/api/v1/children').set(m).send({ givenName: 'Dash', familyName: name, dateOfBirth: '2015-03-01', sex: 'F', ethnicity: 'WBRI', postcode: 'SW1A 1AA', uln: '1234567890', settingUrn: '123456' }).expect(201)).body.id as string;
    const lines = [
      { ref: 'T1', childId: await child('One'), requestReceivedOn: '2026-01-05', requestSource: 'parent', decisionToAssess: { decision: 'assess', decidedOn: '2026-02-04' }, exceptions: [{ ground: 'personal_circumstances', startsOn: '2026-02-10', endsOn: '2026-02-20', reason: 'Illness' }], decisionToIssue: { decision: 'issue', decidedOn: '2026-04-30' }, draftIssuedOn: '2026-05-05', finalIssuedOn: '2026-05-25' },
      { ref: 'T2', childId: await child('Two'), requestReceivedOn: '2025-11-03', requestSource: 'parent', decisionToAssess: { decision: 'assess', decidedOn: '2025-12-01' }, decisionToIssue: { decision: 'issue', decidedOn: '2026-04-01' }, draftIssuedOn: '2026-04-10', finalIssuedOn: '2026-05-20' },
      { ref: 'T3', childId: await child('Three'), requestReceivedOn: '2026-02-02', requestSource: 'school', decisionToAssess: { decision: 'assess', decidedOn: '2026-03-02' }, decisionToIssue: { decision: 'issue', decidedOn: '2026-05-01' }, draftIssuedOn: '2026-05-05', finalIssuedOn: '2026-07-01' },
      { ref: 'T4', childId: await child('Four'), requestReceivedOn: '2026-07-01', requestSource: 'parent' },
      { ref: 'T5', childId: await child('Five'), requestReceivedOn: '2026-06-01', requestSource: 'parent', decisionToAssess: { decision: 'assess', decidedOn: '2026-07-01' } },
    ];
    const imported = await t.http.post('/api/v1/assessments/import').set(m).set('content-type', 'application/x-ndjson').send(lines.map(({ ref, ...line }) => JSON.stringify({ externalReference: ref, ...line })).join('\n')).expect(200);
    expect(imported.body).toMatchObject({ imported: 5, rejected: 0 });
    for (const [i, r] of (imported.body.results as { assessmentId: string }[]).entries()) id[`T${i + 1}`] = r.assessmentId;
    for (const [key, cw] of [['T1', cwA], ['T2', cwA], ['T3', cwB], ['T4', cwA], ['T5', cwB]] as const) {
      await t.http.post(`/api/v1/assessments/${id[key]}/caseworker`).set(m).send({ caseworkerId: cw.id }).expect(200);
    }
    await t.http.post(`/api/v1/assessments/${id.T5}/advice-requests`).set(bearer(cwB)).send({ discipline: 'health', requestedOn: '2026-07-01', assigneeOrganisationId: orgH }).expect(201);
  }, 120_000);
  afterAll(() => t.close());

  const dashboard = (user: TestUser, query = '') => t.http.get(`/api/v1/reports/dashboard${query}`).set(bearer(user));
  const month = (body: { timeliness: { months: { month: string }[] } }, m: string) => body.timeliness.months.find((x) => x.month === m);

  it('answers every figure of the dashboard for the LA, by hand count', async () => {
    const { body } = await dashboard(manager).expect(200);
    expect(body).toMatchObject({ asOf: TODAY, scope: 'local_authority', from: '2025-09-16', to: TODAY, team: null, caseworkerId: null });
    expect(body.timeliness).toMatchObject({ within20WeeksMaxDays: 140, within52WeeksMaxDays: 364 });
    expect(body.timeliness.months.map((m: { month: string }) => m.month)).toEqual(Array.from({ length: 24 }, (_, i) => `${2024 + Math.floor((9 + i) / 12)}-${String(((9 + i) % 12) + 1).padStart(2, '0')}`));
    expect(month(body, '2026-05')).toEqual({ month: '2026-05', plansIssued: 2, within20Weeks: 1, percentWithin20Weeks: 50, from20To52Weeks: 1, over52Weeks: 0, excludingExceptions: { plansIssued: 1, within20Weeks: 0, percentWithin20Weeks: 0 } });
    expect(month(body, '2026-07')).toEqual({ month: '2026-07', plansIssued: 1, within20Weeks: 0, percentWithin20Weeks: 0, from20To52Weeks: 1, over52Weeks: 0, excludingExceptions: { plansIssued: 1, within20Weeks: 0, percentWithin20Weeks: 0 } });
    expect(month(body, '2026-06')).toMatchObject({ plansIssued: 0, percentWithin20Weeks: null });
    expect(body.timeliness.months.reduce((n: number, m: { plansIssued: number }) => n + m.plansIssued, 0)).toBe(3);
    expect(body.caseloadByStage).toEqual([
      { stage: 'awaiting_decision', count: 1 },
      { stage: 'assessing', count: 1 },
      { stage: 'drafting', count: 0 },
      { stage: 'draft_issued', count: 0 },
      { stage: 'plan_maintained', count: 0 },
    ]);
    expect(body.casesAtRisk.count).toBe(2);
    expect(body.casesAtRisk.cases.map((c: { assessmentId: string; daysLeft: number }) => [c.assessmentId, c.daysLeft])).toEqual([
      [id.T5, 34],
      [id.T4, 64],
    ]);
    expect(body.casesAtRisk.cases[0].reasons).toEqual(expect.arrayContaining(['no_draft_after_week_14', 'advice_outstanding_after_week_12']));
    expect(body.casesAtRisk.cases[1].reasons).toEqual(['decision_to_assess_overdue']);
    expect(body.plansAtRisk).toEqual({ count: 0, plans: [] });
    expect(body.adviceLateByProvider).toEqual([{ organisationId: orgH, name: 'Org H', dueInPeriod: 1, lateInPeriod: 1, overdueNow: 1 }]);
    expect(body.reviews).toEqual({ due: 0, held: 0, decided: 0, decidedWithin4Weeks: 0, percentWithin4Weeks: null, overdue: 0, dfePercentWithin4Weeks: null });
    // Appealable decisions in the period: T1, T2 and T3's final plans; no appeal.
    expect(body.appeals).toMatchObject({ lodged: 0, appealableDecisions: 3, appealRate: 0, percentFoundForAppellant: null });
    expect(body.ceasedPlansByReason.every((r: { plans: number }) => r.plans === 0)).toBe(true);
    // SEN2 for 21 January 2027: T1, T2, T3 are active plans without content: no SEN2 need type (3 errors).
    expect(body).toMatchObject({ sen2CensusDate: '2027-01-21', sen2ErrorCount: 3 });
    const validation = await t.http.get('/api/v1/reports/sen2/validation?censusDate=2027-01-21').set(bearer(manager)).expect(200);
    expect(validation.body.errors).toHaveLength(body.sen2ErrorCount);
  });

  it('filters the case figures by team and by caseworker', async () => {
    const north = (await dashboard(manager, '?team=North').expect(200)).body;
    expect(month(north, '2026-05')).toMatchObject({ plansIssued: 2, within20Weeks: 1 });
    expect(month(north, '2026-07')).toMatchObject({ plansIssued: 0 });
    expect(north.caseloadByStage.slice(0, 2)).toEqual([
      { stage: 'awaiting_decision', count: 1 },
      { stage: 'assessing', count: 0 },
    ]);
    expect(north.casesAtRisk.cases.map((c: { assessmentId: string }) => c.assessmentId)).toEqual([id.T4]);
    expect(north.casesAtRisk.count).toBe(1);
    expect(north.adviceLateByProvider).toEqual([]);
    expect(north.filteredFigures).toEqual(['timeliness', 'caseloadByStage', 'casesAtRisk', 'plansAtRisk', 'adviceLateByProvider']);
    // The LA's figures stay whole.
    expect(north.appeals.appealableDecisions).toBe(3);

    const b = (await dashboard(manager, `?caseworkerId=${cwB.id}`).expect(200)).body;
    expect(month(b, '2026-07')).toMatchObject({ plansIssued: 1 });
    expect(month(b, '2026-05')).toMatchObject({ plansIssued: 0 });
    expect(b.caseloadByStage.slice(0, 2)).toEqual([
      { stage: 'awaiting_decision', count: 0 },
      { stage: 'assessing', count: 1 },
    ]);
    expect(b.casesAtRisk).toMatchObject({ count: 1 });
    expect(b.adviceLateByProvider).toHaveLength(1);

    // A period: from 2026-06-01 the May plans leave the appealable decisions, the 24 months stay (they end with `to`).
    const june = (await dashboard(manager, '?from=2026-06-01&to=2026-09-15').expect(200)).body;
    expect(june.appeals.appealableDecisions).toBe(1);
    expect(month(june, '2026-05')).toMatchObject({ plansIssued: 2 });
    await dashboard(manager, '?from=2026-09-15&to=2026-06-01').expect(400);
    await dashboard(manager, '?caseworkerId=nope').expect(400);
  });

  it('gives national analysts every LA, unfiltered, and refuses everyone else national figures', async () => {
    const { body } = await dashboard(analyst, '?scope=national').expect(200);
    expect(body.scope).toBe('national');
    expect(month(body, '2026-05')).toMatchObject({ plansIssued: 2 });
    expect(body.casesAtRisk).toEqual({ count: 2 });
    expect(body.sen2ErrorCount).toBeNull();
    const mine = body.byLocalAuthority.find((l: { localAuthorityId: string }) => l.localAuthorityId === la.id);
    expect(mine).toMatchObject({ code: la.code, open: 2, atRisk: 2, plansAtRisk: 0 });
    expect(JSON.stringify(body)).not.toContain(id.T4);
    await dashboard(analyst, '?scope=national&team=North').expect(400);
    await dashboard(analyst).expect(403);
    await dashboard(manager, '?scope=national').expect(403);
    await dashboard(cwA).expect(403);
    // Another LA's manager sees none of D's cases.
    const other = (await dashboard(await createUser(t.dataSource, t.http, (await createLocalAuthority(t.dataSource)).id, Role.Manager)).expect(200)).body;
    expect(other).toMatchObject({ casesAtRisk: { count: 0, cases: [] }, adviceLateByProvider: [], sen2ErrorCount: 0 });
    expect(month(other, '2026-05')).toMatchObject({ plansIssued: 0 });
  });

  it('downloads every table as CSV, the same figures as the JSON', async () => {
    const csv = await dashboard(manager, '?format=csv&table=timeliness').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('month,plans_issued,within_20_weeks,percent_within_20_weeks,from_20_to_52_weeks,over_52_weeks,excluding_exceptions_plans_issued,excluding_exceptions_within_20_weeks,excluding_exceptions_percent');
    expect(lines).toHaveLength(25);
    expect(lines).toContain('2026-05,2,1,50,1,0,1,0,0');
    const advice = await dashboard(manager, '?format=csv&table=advice_late').expect(200);
    expect(advice.text.trim().split('\r\n')).toEqual(['organisation_id,organisation,due_in_period,late_in_period,overdue_now', `${orgH},Org H,1,1,1`]);
    const risk = await dashboard(manager, '?format=csv&table=cases_at_risk').expect(200);
    expect(risk.text.trim().split('\r\n')).toHaveLength(3);
    for (const table of ['caseload', 'plans_at_risk', 'reviews', 'appeals', 'ceased_plans']) await dashboard(manager, `?format=csv&table=${table}`).expect(200);
    await dashboard(manager, '?format=csv&table=nope').expect(400);
    const [row] = await t.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM audit_events WHERE actor_user_id = $1 AND action = 'report.dashboard'`, [manager.id]);
    expect(Number(row.n)).toBeGreaterThanOrEqual(5);
  });

  describe('the scorecard', () => {
    const PERIOD = 'from=2025-09-16&to=2026-09-15';
    const row = (body: { measures: { measure: string }[] }, measure: string) => body.measures.find((m) => m.measure === measure) as Record<string, unknown>;

    it('judges each measure against the LA’s targets: hand-counted values, red/amber/green, and a red one asks for commentary', async () => {
      const m = bearer(manager);
      await t.http.put('/api/v1/reports/scorecard/targets/timeliness_20_weeks').set(m).send({ target: 60, amber: 50 }).expect(200);
      await t.http.put('/api/v1/reports/scorecard/targets/timeliness_20_weeks_excl').set(m).send({ target: 60, amber: 0 }).expect(200);
      await t.http.put('/api/v1/reports/scorecard/targets/decisions_to_assess_6_weeks').set(m).send({ target: 90, amber: 80 }).expect(200);
      const appeal = await t.http.put('/api/v1/reports/scorecard/targets/appeal_rate').set(m).send({ target: 5, amber: 10 }).expect(200);
      expect(appeal.body).toMatchObject({ measure: 'appeal_rate', target: 5, amber: 10, updatedById: manager.id });
      // Setting the same again changes nothing; a threshold on the wrong side of the target is refused.
      await t.http.put('/api/v1/reports/scorecard/targets/appeal_rate').set(m).send({ target: 5, amber: 10 }).expect(200);
      expect((await t.http.get('/api/v1/reports/scorecard/targets').set(m).expect(200)).body).toHaveLength(4);
      const wrong = await t.http.put('/api/v1/reports/scorecard/targets/timeliness_20_weeks').set(m).send({ target: 60, amber: 70 }).expect(400);
      expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'amber' })]);
      await t.http.put('/api/v1/reports/scorecard/targets/nope').set(m).send({ target: 60, amber: 50 }).expect(404);
      await t.http.put('/api/v1/reports/scorecard/targets/appeal_rate').set(m).send({ target: 500, amber: 10 }).expect(400);

      const { body } = await t.http.get(`/api/v1/reports/scorecard?${PERIOD}`).set(m).expect(200);
      expect(body).toMatchObject({ from: '2025-09-16', to: '2026-09-15', previousFrom: '2024-09-16', previousTo: '2025-09-15' });
      // T1, T2, T3 issued: T1 within 20 weeks (33.3%); without T1 (exceptions) none (0%).
      expect(row(body, 'timeliness_20_weeks')).toMatchObject({ value: 33.3, previousValue: null, trend: 'no_data', target: 60, amber: 50, rag: 'red', commentaryRequired: true, commentary: null });
      expect(row(body, 'timeliness_20_weeks_excl')).toMatchObject({ value: 0, rag: 'amber', commentaryRequired: false });
      // T1, T2, T3 and T5 decided within 6 weeks (T4 is undecided, not in the share).
      expect(row(body, 'decisions_to_assess_6_weeks')).toMatchObject({ value: 100, rag: 'green' });
      expect(row(body, 'appeal_rate')).toMatchObject({ value: 0, rag: 'green', direction: 'lower_is_better' });
      expect(row(body, 'reviews_4_weeks_dfe')).toMatchObject({ value: null, rag: 'no_data' });
      expect(row(body, 'amended_plans_8_weeks')).toMatchObject({ value: null, rag: 'no_data', target: null });

      // The trend: from May the decisions (T5; T4 undecided) against the 138 days before (T1, T3): 100 and 100.
      const may = (await t.http.get('/api/v1/reports/scorecard?from=2026-05-01&to=2026-09-15').set(m).expect(200)).body;
      expect(may).toMatchObject({ previousFrom: '2025-12-14', previousTo: '2026-04-30' });
      expect(row(may, 'decisions_to_assess_6_weeks')).toMatchObject({ value: 100, previousValue: 100, trend: 'unchanged' });
    });

    it('keeps every owner’s commentary with its history; a replay adds nothing', async () => {
      const m = bearer(manager);
      const commentary = { measure: 'timeliness_20_weeks', periodFrom: '2025-09-16', periodTo: '2026-09-15', owner: 'Head of SEN, J. Smith', action: 'Two more EP sessions a week', dueOn: '2026-12-31' };
      const first = await t.http.post('/api/v1/reports/scorecard/commentary').set(m).send(commentary).expect(201);
      expect(first.body).toMatchObject({ ...commentary, ragAtTime: 'red', createdById: manager.id });
      const replay = await t.http.post('/api/v1/reports/scorecard/commentary').set(m).send(commentary).expect(200);
      expect(replay.body.id).toBe(first.body.id);
      const { body } = await t.http.get(`/api/v1/reports/scorecard?${PERIOD}`).set(m).expect(200);
      expect(row(body, 'timeliness_20_weeks')).toMatchObject({ rag: 'red', commentaryRequired: false, commentary: { id: first.body.id, owner: 'Head of SEN, J. Smith' } });
      const second = await t.http.post('/api/v1/reports/scorecard/commentary').set(m).send({ ...commentary, action: 'Agency caseworkers until March', dueOn: '2027-03-31' }).expect(201);
      const history = await t.http.get('/api/v1/reports/scorecard/commentary?measure=timeliness_20_weeks').set(m).expect(200);
      expect(history.body.map((c: { id: string }) => c.id)).toEqual([second.body.id, first.body.id]);
      expect((await t.http.get(`/api/v1/reports/scorecard?${PERIOD}`).set(m).expect(200)).body.measures.find((x: { measure: string }) => x.measure === 'timeliness_20_weeks').commentary.id).toBe(second.body.id);
      await t.http.post('/api/v1/reports/scorecard/commentary').set(m).send({ ...commentary, measure: 'nope' }).expect(400);
      await t.http.post('/api/v1/reports/scorecard/commentary').set(m).send({ ...commentary, owner: '' }).expect(400);
      const [audited] = await t.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM audit_events WHERE actor_user_id = $1 AND action IN ('scorecard.commentary_added', 'scorecard.target_set')`, [manager.id]);
      expect(Number(audited.n)).toBe(2 + 5); // two commentaries; five targets set (one twice)
    });

    it('is the LA’s own: other LAs see none of it, analysts and caseworkers are refused', async () => {
      const other = await createUser(t.dataSource, t.http, (await createLocalAuthority(t.dataSource)).id, Role.Manager);
      expect((await t.http.get('/api/v1/reports/scorecard/targets').set(bearer(other)).expect(200)).body).toEqual([]);
      expect((await t.http.get('/api/v1/reports/scorecard/commentary').set(bearer(other)).expect(200)).body).toEqual([]);
      for (const user of [analyst, cwA]) {
        await t.http.get(`/api/v1/reports/scorecard?${PERIOD}`).set(bearer(user)).expect(403);
        await t.http.put('/api/v1/reports/scorecard/targets/appeal_rate').set(bearer(user)).send({ target: 5, amber: 10 }).expect(403);
      }
    });
  });
});
