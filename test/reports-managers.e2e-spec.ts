import { Discipline, Role } from '@app/core';
import { addDays } from '@app/statutory-clock';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createOrganisation, createUser, TestLocalAuthority, TestUser } from './support/factories';
import { londonNoon } from './support/london';
import { seekAdviceForDraft } from './support/advice-before-draft';

/**
 * Managers' reports against hand counts. Cases go in through the API (the import, then live commands); every
 * expected figure below was counted by hand from the day offsets written next to each case, not by running SQL.
 * Today is 2026-11-22 throughout, except where the freshness test walks a live case through 2026.
 */
describe('managers reports: timeliness by team and caseworker, national scope, exception rates, risk (e2e)', () => {
  const TODAY = '2026-11-22';
  let t: TestApp;
  let laA: TestLocalAuthority;
  let laB: TestLocalAuthority;
  let laR: TestLocalAuthority;
  let managerA: TestUser;
  let managerB: TestUser;
  let managerR: TestUser;
  let adminA: TestUser;
  let analyst: TestUser;
  let cwNorth: TestUser;
  let cwSouth: TestUser;
  let cwNoTeam: TestUser;
  let cwR1: TestUser;
  let cwR2: TestUser;
  const risk: Record<string, string> = {};

  let n = 0;
  const child = () => ({ givenName: 'Manager', familyName: `Report ${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[n++ % 26]}`, dateOfBirth: '2015-01-01' });
  const exception = (requestReceivedOn: string) => ({ ground: 'personal_circumstances', startsOn: addDays(requestReceivedOn, 10), endsOn: addDays(requestReceivedOn, 20), reason: 'Bereavement' });

  /** A case issued `days` after the request: decided on day `decidedDay` (30 unless given), draft 20 days before the final. */
  const issued = (ref: string, requestReceivedOn: string, days: number, extra: { excepted?: boolean; decidedDay?: number } = {}) => ({
    externalReference: ref,
    child: child(),
    requestReceivedOn,
    requestSource: 'parent',
    decisionToAssess: { decision: 'assess', decidedOn: addDays(requestReceivedOn, extra.decidedDay ?? 30) },
    decisionToIssue: { decision: 'issue', decidedOn: addDays(requestReceivedOn, days - 25) },
    draftIssuedOn: addDays(requestReceivedOn, days - 20),
    finalIssuedOn: addDays(requestReceivedOn, days),
    ...(extra.excepted ? { exceptions: [exception(requestReceivedOn)] } : {}),
  });

  async function load(user: TestUser, lines: object[]): Promise<string[]> {
    const response = await t.http.post('/api/v1/assessments/import').set(bearer(user)).set('content-type', 'application/x-ndjson').send(lines.map((l) => JSON.stringify(l)).join('\n')).expect(200);
    expect(response.body).toMatchObject({ imported: lines.length, rejected: 0 });
    return (response.body.results as { assessmentId: string }[]).map((r) => r.assessmentId);
  }

  async function assign(user: TestUser, assessmentId: string, caseworker: TestUser) {
    await t.http.post(`/api/v1/assessments/${assessmentId}/caseworker`).set(bearer(user)).send({ caseworkerId: caseworker.id }).expect(200);
  }

  async function setTeam(user: TestUser, team: string) {
    const current = await t.http.get(`/api/v1/users/${user.id}`).set(bearer(adminA)).expect(200);
    await t.http.patch(`/api/v1/users/${user.id}`).set(bearer(adminA)).set('if-match', current.headers.etag ?? `"${current.body.version}"`).send({ team }).expect(200);
  }

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon(TODAY) });
    laA = await createLocalAuthority(t.dataSource);
    laB = await createLocalAuthority(t.dataSource);
    laR = await createLocalAuthority(t.dataSource);
    const dfe = await createLocalAuthority(t.dataSource, 'Department for Education (analysts)');
    managerA = await createUser(t.dataSource, t.http, laA.id, Role.Manager);
    managerB = await createUser(t.dataSource, t.http, laB.id, Role.Manager);
    managerR = await createUser(t.dataSource, t.http, laR.id, Role.Manager);
    adminA = await createUser(t.dataSource, t.http, laA.id, Role.LaAdmin);
    analyst = await createUser(t.dataSource, t.http, dfe.id, Role.NationalAnalyst);
    cwNorth = await createUser(t.dataSource, t.http, laA.id, Role.Caseworker);
    cwSouth = await createUser(t.dataSource, t.http, laA.id, Role.Caseworker);
    cwNoTeam = await createUser(t.dataSource, t.http, laA.id, Role.Caseworker);
    cwR1 = await createUser(t.dataSource, t.http, laR.id, Role.Caseworker);
    cwR2 = await createUser(t.dataSource, t.http, laR.id, Role.Caseworker);
    await setTeam(cwNorth, 'North');
    await setTeam(cwSouth, 'South');

    // LA A. Days from request to final plan, band, exceptions flag, caseworker:
    const ids = await load(managerA, [
      issued('A-1', '2026-01-05', 140), // final 2026-05-25, within 20 weeks, North
      issued('A-2', '2026-01-05', 141), // final 2026-05-26, 20-52 weeks, North
      issued('A-3', '2025-02-02', 411, { decidedDay: 50 }), // final 2026-03-20, over 52 weeks, South (decided 2025)
      issued('A-4', '2026-02-02', 133, { excepted: true }), // final 2026-06-15, within, excepted, South
      issued('A-5', '2026-01-12', 189, { excepted: true }), // final 2026-07-20, 20-52, excepted, South
      issued('A-6', '2026-01-12', 79, { excepted: true }), // final 2026-04-01, within, excepted, South
      issued('A-7', '2026-03-02', 130, { decidedDay: 45 }), // final 2026-07-10, within, no team; decided late (day 45)
      // Decisions not to issue: day 100 (within 16 weeks) and day 120 (late).
      { externalReference: 'A-8', child: child(), requestReceivedOn: '2026-02-02', requestSource: 'parent', decisionToAssess: { decision: 'assess', decidedOn: '2026-03-04' }, decisionToIssue: { decision: 'not_issue', decidedOn: addDays('2026-02-02', 100) } },
      { externalReference: 'A-9', child: child(), requestReceivedOn: '2026-01-05', requestSource: 'parent', decisionToAssess: { decision: 'assess', decidedOn: '2026-02-04' }, decisionToIssue: { decision: 'not_issue', decidedOn: addDays('2026-01-05', 120) } },
    ]);
    const owners = [cwNorth, cwNorth, cwSouth, cwSouth, cwSouth, cwSouth, cwNoTeam, cwNorth, cwNorth];
    for (const [i, id] of ids.entries()) await assign(managerA, id, owners[i]);

    // LA B marks every one of its 10 plans as an exception (all within 20 weeks: day 100).
    await load(managerB, Array.from({ length: 10 }, (_, i) => issued(`B-${i}`, addDays('2026-01-05', i), 100, { excepted: true })));

    // LA R: open cases for the risk report, as of today (day = days since the request).
    const day = (d: number) => addDays(TODAY, -d);
    const assessed = (ref: string, d: number, more: object) => ({ externalReference: ref, child: child(), requestReceivedOn: day(d), requestSource: 'parent', decisionToAssess: { decision: 'assess', decidedOn: addDays(day(d), 30) }, ...more });
    const riskIds = await load(managerR, [
      { externalReference: 'R-1', child: child(), requestReceivedOn: day(43), requestSource: 'parent' }, // day 43, no decision: at risk
      { externalReference: 'R-2', child: child(), requestReceivedOn: day(42), requestSource: 'parent' }, // day 42, no decision: on track
      assessed('R-3', 85, { adviceRequests: [{ discipline: 'health', requestedOn: addDays(day(85), 31) }] }), // advice outstanding after week 12
      assessed('R-4', 85, { adviceRequests: [{ discipline: 'health', requestedOn: addDays(day(85), 31), receivedOn: addDays(day(85), 60) }] }), // advice in: on track
      assessed('R-5', 120, { adviceRequests: [{ discipline: 'psychology', requestedOn: addDays(day(120), 31) }] }), // advice out, no draft, no decision
      assessed('R-6', 150, { adviceRequests: [{ discipline: 'health', requestedOn: addDays(day(150), 31), receivedOn: addDays(day(150), 60) }] }), // past 20 weeks
      assessed('R-7', 100, { decisionToIssue: { decision: 'issue', decidedOn: addDays(day(100), 90) } }), // drafting, no draft after week 14
    ]);
    const riskOwners = [cwR1, cwR2, cwR1, cwR2, cwR1, cwR2, cwR2];
    for (const [i, id] of riskIds.entries()) {
      risk[`R-${i + 1}`] = id;
      await assign(managerR, id, riskOwners[i]);
    }
  }, 60_000);
  afterAll(() => t.close());

  const timeliness = (user: TestUser, query: string) => t.http.get(`/api/v1/reports/timeliness?${query}`).set(bearer(user));

  it('counts LA A by hand for whole months (summary), with teams and caseworkers', async () => {
    const response = await timeliness(managerA, 'from=2026-01-01&to=2026-10-31').expect(200);
    expect(response.body).toMatchObject({
      scope: 'local_authority',
      plansIssued: 7,
      within20Weeks: 4,
      percentWithin20Weeks: 57.1,
      excludingExceptions: { plansIssued: 4, within20Weeks: 2, percentWithin20Weeks: 50 }, // A-1..A-3, A-7; within
      withExceptions: 3,
      from20To52Weeks: 2,
      over52Weeks: 1,
      averageWeeksToIssue: 25, // (140+141+411+133+189+79+130) / 7 = 174.7 days = 24.96 weeks
      decisionsWithin6Weeks: { decided: 8, onTime: 7, percentOnTime: 87.5 }, // decided in 2026: all but A-3; A-7 late
      noPlanNoticesWithin16Weeks: { decided: 2, onTime: 1, percentOnTime: 50 },
    });
    expect(response.body.byLocalAuthority).toBeUndefined();
    expect(response.body.byMonth.map((m: { month: string; plansIssued: number }) => [m.month, m.plansIssued])).toEqual([
      ['2026-03', 1],
      ['2026-04', 1],
      ['2026-05', 2],
      ['2026-06', 1],
      ['2026-07', 2],
    ]);
    const teams = Object.fromEntries(response.body.byTeam.map((r: { team: string | null }) => [r.team ?? 'none', r]));
    expect(teams.North).toMatchObject({ plansIssued: 2, within20Weeks: 1, withExceptions: 0, from20To52Weeks: 1 });
    expect(teams.South).toMatchObject({ plansIssued: 4, within20Weeks: 2, withExceptions: 3, excludingExceptions: { plansIssued: 1, within20Weeks: 0, percentWithin20Weeks: 0 }, over52Weeks: 1 });
    expect(teams.none).toMatchObject({ plansIssued: 1, within20Weeks: 1 });
    expect(response.body.byTeam.map((r: { team: string | null }) => r.team)).toEqual(['North', 'South', null]);
    const people = Object.fromEntries(response.body.byCaseworker.map((r: { caseworkerId: string }) => [r.caseworkerId, r]));
    expect(people[cwNorth.id]).toMatchObject({ plansIssued: 2, team: 'North', averageWeeksToIssue: 20.1 }); // 140.5 days
    expect(people[cwSouth.id]).toMatchObject({ plansIssued: 4, team: 'South' });
    expect(people[cwNoTeam.id]).toMatchObject({ plansIssued: 1, team: null });
  });

  it('adds partial months from the cases to whole months from the summary', async () => {
    // Mar 15-31 and Jun 1-20 partial, April and May whole.
    const mixed = await timeliness(managerA, 'from=2026-03-15&to=2026-06-20').expect(200);
    expect(mixed.body).toMatchObject({ plansIssued: 5, within20Weeks: 3, withExceptions: 2, excludingExceptions: { plansIssued: 3, within20Weeks: 1 }, from20To52Weeks: 1, over52Weeks: 1 });
    const days = await timeliness(managerA, 'from=2026-03-20&to=2026-04-01').expect(200);
    expect(days.body).toMatchObject({ plansIssued: 2, within20Weeks: 1, decisionsWithin6Weeks: { decided: 0 } });
    const may = await timeliness(managerA, 'from=2026-05-01&to=2026-05-25').expect(200);
    expect(may.body).toMatchObject({ plansIssued: 1, within20Weeks: 1 });
  });

  it('gives national analysts every LA in aggregate, and nobody else', async () => {
    const national = await timeliness(analyst, 'from=2026-01-01&to=2026-10-31&scope=national').expect(200);
    expect(national.body).toMatchObject({
      scope: 'national',
      plansIssued: 17,
      within20Weeks: 14,
      withExceptions: 13,
      excludingExceptions: { plansIssued: 4, within20Weeks: 2, percentWithin20Weeks: 50 },
      decisionsWithin6Weeks: { decided: 23, onTime: 22 }, // LA A's 8, LA B's 10 and LA R's 5 (R-3..R-7, day 30)
    });
    expect(national.body.byTeam).toBeUndefined();
    expect(national.body.byCaseworker).toBeUndefined();
    const las = Object.fromEntries(national.body.byLocalAuthority.map((l: { localAuthorityId: string }) => [l.localAuthorityId, l]));
    expect(las[laA.id]).toMatchObject({ code: laA.code, plansIssued: 7, within20Weeks: 4 });
    expect(las[laB.id]).toMatchObject({ plansIssued: 10, within20Weeks: 10, withExceptions: 10, excludingExceptions: { plansIssued: 0, percentWithin20Weeks: null } });
    expect(las[laR.id]).toMatchObject({ plansIssued: 0 });
    const csv = await timeliness(analyst, 'from=2026-01-01&to=2026-10-31&scope=national&format=csv&groupBy=local_authority').expect(200);
    const rows = csv.text.trim().split('\r\n');
    expect(rows[1]).toBe('2026-01-01..2026-10-31,17,14,82.4,4,2,50,13,2,1,18.7');
    expect(rows).toContain(`${laB.code} ${laB.name},10,10,100,0,0,,10,0,0,14.3`);

    await timeliness(managerA, 'from=2026-01-01&to=2026-10-31&scope=national').expect(403);
    await timeliness(analyst, 'from=2026-01-01&to=2026-10-31&scope=national&format=csv&groupBy=team').expect(400);
    await timeliness(managerA, 'from=2026-01-01&to=2026-10-31&format=csv&groupBy=local_authority').expect(400);
    await timeliness(analyst, 'from=2026-01-01&to=2026-10-31').expect(403);
    await t.http.get('/api/v1/reports/risk').set(bearer(analyst)).expect(403);
    await t.http.get('/api/v1/reports/risk?scope=national').set(bearer(managerA)).expect(403);
    // An LA admin cannot make anyone a national analyst.
    await t.http.post('/api/v1/users').set(bearer(adminA)).send({ email: 'x@analyst.test', displayName: 'X', role: 'national_analyst', password: 'long-enough-password' }).expect(400);
  });

  it('exports teams and caseworkers as CSV', async () => {
    const teams = await timeliness(managerA, 'from=2026-01-01&to=2026-10-31&format=csv&groupBy=team').expect(200);
    expect(teams.text.trim().split('\r\n').slice(1)).toEqual([
      '2026-01-01..2026-10-31,7,4,57.1,4,2,50,3,2,1,25',
      'North,2,1,50,2,1,50,0,1,0,20.1',
      'South,4,2,50,1,0,0,3,1,1,29', // (411+133+189+79)/4 = 203 days
      '(no team),1,1,100,1,1,100,0,0,0,18.6',
    ]);
    const people = await timeliness(managerA, 'from=2026-01-01&to=2026-10-31&format=csv&groupBy=caseworker').expect(200);
    expect(people.text.trim().split('\r\n')).toHaveLength(5);
  });

  it('flags an LA that marks every plan as an exception, nationally and against the rest of England', async () => {
    const national = await t.http.get('/api/v1/reports/exception-rates?from=2026-01-01&to=2026-10-31&scope=national').set(bearer(analyst)).expect(200);
    const groups = Object.fromEntries(national.body.groups.map((g: { key: string }) => [g.key, g]));
    expect(groups[laB.code]).toMatchObject({ plansIssued: 10, withExceptions: 10, percentWithExceptions: 100, restPercentWithExceptions: 42.9, flagged: true });
    expect(groups[laA.code]).toMatchObject({ plansIssued: 7, withExceptions: 3, percentWithExceptions: 42.9, restPercentWithExceptions: 100, flagged: false });
    expect(groups[laR.code]).toBeUndefined(); // no plans

    const mine = await t.http.get('/api/v1/reports/exception-rates?from=2026-01-01&to=2026-10-31').set(bearer(managerB)).expect(200);
    expect(mine.body.localAuthorityAgainstEngland).toEqual({ plansIssued: 10, withExceptions: 10, percentWithExceptions: 100, restPercentWithExceptions: 42.9, flagged: true });
    const teams = await t.http.get('/api/v1/reports/exception-rates?from=2026-01-01&to=2026-10-31').set(bearer(managerA)).expect(200);
    expect(teams.body.groups.map((g: { key: string | null; percentWithExceptions: number; restPercentWithExceptions: number; flagged: boolean }) => [g.key, g.percentWithExceptions, g.restPercentWithExceptions, g.flagged])).toEqual([
      ['North', 0, 60, false], // rest: 3 of 5
      ['South', 75, 0, false], // 4 plans: too few to flag
      [null, 0, 50, false], // rest: 3 of 6
    ]);
    expect(teams.body.localAuthorityAgainstEngland).toMatchObject({ percentWithExceptions: 42.9, restPercentWithExceptions: 100, flagged: false });
    const csv = await t.http.get('/api/v1/reports/exception-rates?from=2026-01-01&to=2026-10-31&format=csv').set(bearer(managerB)).expect(200);
    expect(csv.text.split('\r\n')[1]).toBe('local_authority,this local authority against the rest of England,10,10,100,42.9,true');
  });

  it('projects the open cases of LA R that will miss 20 weeks, most urgent first', async () => {
    const response = await t.http.get('/api/v1/reports/risk').set(bearer(managerR)).expect(200);
    expect(response.body).toMatchObject({ asOf: TODAY, scope: 'local_authority', open: 7, atRiskCount: 5 });
    expect(response.body.atRisk.map((c: { assessmentId: string; daysLeft: number; week: number; reasons: string[] }) => [c.assessmentId, c.daysLeft, c.week, c.reasons])).toEqual([
      [risk['R-6'], -10, 21, ['no_draft_after_week_14', 'no_decision_to_issue_after_week_16', 'final_plan_overdue']],
      [risk['R-5'], 20, 17, ['advice_outstanding_after_week_12', 'no_draft_after_week_14', 'no_decision_to_issue_after_week_16']],
      [risk['R-7'], 40, 14, ['no_draft_after_week_14']],
      [risk['R-3'], 55, 12, ['advice_outstanding_after_week_12']],
      [risk['R-1'], 97, 6, ['decision_to_assess_overdue']],
    ]);
    expect(response.body.atRisk[0]).toMatchObject({ caseworkerId: cwR2.id, twentyWeekDate: addDays(TODAY, -10), requestReceivedOn: addDays(TODAY, -150) });
    // Overdue: R-1's decision (day 42 passed); R-3's health advice (a Regs 8(1) duty) and R-5's psychology advice (the
    // CoP 9.52 expectation), due day 73; R-6's final (day 140). R-5's and R-6's no-plan notices (day 112) are warning
    // dates, never overdue (Regs 10(1)).
    expect(response.body.overdueDeadlines).toEqual([
      { kind: 'advice', count: 2, duty: 1, expectation: 1 },
      { kind: 'decision_to_assess', count: 1 },
      { kind: 'final_plan', count: 1 },
    ]);
    // Advice requested with no adviser named: nobody owns those deadlines (R-3, R-5; R-4's and R-6's advice are in).
    expect(response.body.unownedDeadlines).toEqual({ total: 2, byKind: [{ kind: 'advice', count: 2, overdue: 2 }] });
    expect(response.body.ageing).toEqual([
      { status: 'awaiting_decision', weeks0To6: 0, weeks6To12: 2, weeks12To20: 0, weeks20To52: 0, over52Weeks: 0, total: 2 },
      { status: 'assessing', weeks0To6: 0, weeks6To12: 0, weeks12To20: 3, weeks20To52: 1, over52Weeks: 0, total: 4 },
      { status: 'drafting', weeks0To6: 0, weeks6To12: 0, weeks12To20: 1, weeks20To52: 0, over52Weeks: 0, total: 1 },
    ]);
    const load = Object.fromEntries(response.body.caseload.map((c: { caseworkerId: string }) => [c.caseworkerId, c]));
    expect(load[cwR1.id]).toMatchObject({ open: 3, atRisk: 3, overdueDeadlines: 1 }); // R-1 decision (R-5's no-plan notice is a warning)
    expect(load[cwR2.id]).toMatchObject({ open: 4, atRisk: 2, overdueDeadlines: 1 }); // R-6 final
    expect(response.body.caseload.map((c: { caseworkerId: string }) => c.caseworkerId)).toEqual([cwR2.id, cwR1.id]);

    const top = await t.http.get('/api/v1/reports/risk?limit=2').set(bearer(managerR)).expect(200);
    expect(top.body).toMatchObject({ atRiskCount: 5 });
    expect(top.body.atRisk.map((c: { assessmentId: string }) => c.assessmentId)).toEqual([risk['R-6'], risk['R-5']]);
    expect(top.body.caseload.find((c: { caseworkerId: string }) => c.caseworkerId === cwR1.id)).toMatchObject({ atRisk: 3 });
    await t.http.get('/api/v1/reports/risk?limit=0').set(bearer(managerR)).expect(400);
    const csv = await t.http.get('/api/v1/reports/risk?format=csv&limit=1').set(bearer(managerR)).expect(200);
    expect(csv.text.trim().split('\r\n')).toHaveLength(6); // the CSV lists every at-risk case
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe('assessment_id,child_id,status,request_received_on,week,twenty_week_date,days_left,reasons,caseworker,team');
    expect(csv.text.split('\r\n')[1]).toContain(`${risk['R-6']},`);
    const ageing = await t.http.get('/api/v1/reports/risk?format=csv&table=ageing').set(bearer(managerR)).expect(200);
    expect(ageing.text.split('\r\n')[2]).toBe('assessing,0,0,3,1,0,4');

    const other = await t.http.get('/api/v1/reports/risk').set(bearer(managerA)).expect(200);
    expect(other.body).toMatchObject({ open: 0, atRiskCount: 0, atRisk: [], overdueDeadlines: [] });
  });

  it('gives national analysts risk per LA without any case', async () => {
    const response = await t.http.get('/api/v1/reports/risk?scope=national').set(bearer(analyst)).expect(200);
    expect(response.body).toMatchObject({ scope: 'national', open: 7, atRiskCount: 5 });
    expect(response.body.atRisk).toBeUndefined();
    expect(response.body.caseload).toBeUndefined();
    const las = Object.fromEntries(response.body.byLocalAuthority.map((l: { localAuthorityId: string }) => [l.localAuthorityId, l]));
    expect(las[laR.id]).toMatchObject({ open: 7, atRisk: 5, overdueDeadlines: 4, unownedDeadlines: 2 }); // no-plan notices are warnings
    expect(las[laA.id]).toMatchObject({ open: 0, atRisk: 0, overdueDeadlines: 0 });
    const csv = await t.http.get('/api/v1/reports/risk?scope=national&format=csv').set(bearer(analyst)).expect(200);
    expect(csv.text).toContain(`${laR.code},${laR.name},7,5,4,2`);
  });

  it('refuses caseworkers and professionals every report', async () => {
    const organisationId = await createOrganisation(t.dataSource, [laA.id]);
    const professional = await createUser(t.dataSource, t.http, laA.id, Role.Professional, { discipline: Discipline.Health, organisationId });
    for (const user of [cwNorth, professional]) {
      await timeliness(user, 'from=2026-01-01&to=2026-10-31').expect(403);
      await t.http.get('/api/v1/reports/risk').set(bearer(user)).expect(403);
      await t.http.get('/api/v1/reports/exception-rates?from=2026-01-01&to=2026-10-31').set(bearer(user)).expect(403);
    }
    await t.http.get('/api/v1/reports/risk?table=secrets').set(bearer(managerA)).expect(400);
    await t.http.get('/api/v1/reports/exception-rates?from=2026-10-31&to=2026-01-01').set(bearer(managerA)).expect(400);
  });

  it('audits every report read', async () => {
    const [row] = await t.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM audit_events WHERE actor_user_id = $1 AND action = 'report.risk'`, [managerR.id]);
    expect(Number(row.n)).toBeGreaterThanOrEqual(1);
  });

  it('keeps the trigger-maintained summary equal to a rebuild from the cases', async () => {
    const snapshot = () =>
      t.dataSource.query<Record<string, unknown>[]>(
        `SELECT local_authority_id, measure, month, exceptions_apply, cases, on_time, band_20_to_52_weeks, band_over_52_weeks, total_days
           FROM report_timeliness_monthly WHERE cases <> 0 ORDER BY 1, 2, 3, 4`,
      );
    const kept = await snapshot();
    expect(kept.length).toBeGreaterThan(10);
    await t.dataSource.query(`SELECT report_timeliness_rebuild()`);
    expect(await snapshot()).toEqual(kept);
  });

  it('counts a plan issued through the live API at once (freshness)', async () => {
    const cw = bearer(cwNorth);
    const before = await timeliness(managerA, 'from=2026-09-01&to=2026-09-30').expect(200);
    expect(before.body.plansIssued).toBe(0);
    t.clock.set(londonNoon('2026-06-01'));
    const kid = await t.http.post('/api/v1/children').set(cw).send(child()).expect(201);
    const assessment = await t.http.post('/api/v1/assessments').set(cw).send({ childId: kid.body.id, requestReceivedOn: '2026-06-01', requestSource: 'parent' }).expect(201);
    const id = assessment.body.id as string;
    t.clock.set(londonNoon('2026-06-20'));
    await t.http.post(`/api/v1/assessments/${id}/decision-to-assess`).set(cw).send({ decision: 'assess', decidedOn: '2026-06-20' }).expect(200);
    t.clock.set(londonNoon('2026-08-01'));
    const decided = await t.http.post(`/api/v1/assessments/${id}/decision-to-issue`).set(cw).send({ decision: 'issue', decidedOn: '2026-08-01' }).expect(200);
    const planId = decided.body.planId as string;
    const sections: [string, unknown][] = [
      ['A', { text: 'Views' }],
      ['B', { text: 'Needs', items: [{ id: 'n1', area: 'cognition_and_learning', description: 'Reading' }] }],
      ['E', { text: 'Outcomes', items: [{ id: 'o1', description: 'Reads fluently', needIds: ['n1'] }] }],
      ['F', { text: 'Provision', items: [{ id: 'p1', description: 'Phonics', frequency: 'daily', duration: '1 year', deliveredBy: 'Teacher', outcomeIds: ['o1'] }] }],
    ];
    const write = async (code: string, body: unknown) => {
      const plan = await t.http.get(`/api/v1/plans/${planId}`).set(cw).expect(200);
      await t.http.put(`/api/v1/plans/${planId}/sections/${code}`).set(cw).set('if-match', plan.headers.etag).send(body as object).expect(200);
    };
    for (const [code, body] of sections) await write(code, body);
    t.clock.set(londonNoon('2026-08-10'));
    await seekAdviceForDraft(t.http, cw, id);
    await t.http.post(`/api/v1/assessments/${id}/draft-plan`).set(cw).send({ issuedOn: '2026-08-10' }).expect(200);
    await write('I', { text: '', items: [{ name: 'Demo Primary School', type: 'Mainstream primary' }] }); // a placement only in the final
    t.clock.set(londonNoon('2026-09-01'));
    await t.http.post(`/api/v1/assessments/${id}/final-plan`).set(cw).send({ issuedOn: '2026-09-01' }).expect(200);
    t.clock.set(londonNoon(TODAY));

    // Day 92: within 20 weeks. September is a whole month (summary); 1 September alone is a partial one (cases).
    const month = await timeliness(managerA, 'from=2026-09-01&to=2026-09-30').expect(200);
    expect(month.body).toMatchObject({ plansIssued: 1, within20Weeks: 1, averageWeeksToIssue: 13.1 });
    const day = await timeliness(managerA, 'from=2026-09-01&to=2026-09-01').expect(200);
    expect(day.body).toMatchObject({ plansIssued: 1, within20Weeks: 1 });
    const year = await timeliness(managerA, 'from=2026-01-01&to=2026-10-31').expect(200);
    expect(year.body).toMatchObject({ plansIssued: 8, within20Weeks: 5, decisionsWithin6Weeks: { decided: 9, onTime: 8 } });
    expect(year.body.byTeam[0]).toMatchObject({ team: 'North', plansIssued: 3 });
    const national = await timeliness(analyst, 'from=2026-01-01&to=2026-10-31&scope=national').expect(200);
    expect(national.body.plansIssued).toBe(18);
  });
});
