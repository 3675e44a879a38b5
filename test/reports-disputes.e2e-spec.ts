import { Role } from '@app/core';
import { PlanCeasingService } from '@app/plans';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createUser, TestLocalAuthority, TestUser } from './support/factories';
import { issueFinalPlan } from './support/issued-plan';
import { londonNoon } from './support/london';

/**
 * Reporting on disagreements and endings (issue 14): timeliness without disputed cases, appeals by decision type and
 * stage, ceased plans by SEN2 reason, the SEN2 named-plans cease fields. Everything is built through the API with a
 * controlled clock; every expected figure is counted by hand from the cases listed here.
 *
 * LA A (today 2 November 2026):
 *  - R: request 5 Jan, refused 10 Feb (day 36); appeal refuse_to_assess, mediation asked 25 Feb, certificate 2 Mar,
 *    lodged 1 Apr, order to assess 1 Jul (duties 15 Jul done 8 Jul, 9 Sep and 7 Oct open: 2 overdue).
 *  - N: request 5 Jan, assess 2 Feb (day 28), not to issue 20 Apr (day 105); appeal not_to_issue, mediation held 10 May,
 *    withdrawn 12 May.
 *  - P1: request 5 Jan, final 2 Mar (day 56); appeal plan_contents noticed 2 Mar, never lodged (deadline 5 May 2026:
 *    2 May is a Saturday, 4 May a bank holiday): out of time.
 *  - P2: request 2 Feb, final 1 Sep (day 211). No dispute.
 *  - P3: request 5 Jan, final 2 Mar; cease reason 2 notified 1 Apr, deadline 1 Jun, ceased 2 Jun. No appeal.
 *  - P4: request 5 Jan, final 2 Mar; cease reason 5 notified 20 Oct; appeal cease lodged 25 Oct: ceasing, held.
 * LA B:
 *  - B1: final 2 Mar; appeal plan_contents noticed 2 Mar, lodged 1 Apr, hearing listed 15 Jun.
 *  - B2: final 2 Mar; cease reason 8 (deceased) notified 1 May, deadline 1 Jul, ceased 2 Jul.
 */
describe('reports on appeals and ceased plans (e2e)', () => {
  const TODAY = '2026-11-02';
  let t: TestApp;
  let laA: TestLocalAuthority;
  let laB: TestLocalAuthority;
  let cwA: TestUser;
  let cwB: TestUser;
  let managerA: TestUser;
  let adminA: TestUser;
  let analyst: TestUser;
  const ids: Record<string, string> = {};
  const at = (date: string) => t.clock.set(londonNoon(date));
  const post = (user: TestUser, path: string, body: object) => t.http.post(`/api/v1${path}`).set(bearer(user)).send(body);
  const get = (user: TestUser, path: string) => t.http.get(`/api/v1${path}`).set(bearer(user));

  async function newCase(user: TestUser, name: string): Promise<string> {
    const child = await post(user, '/children', { givenName: name, familyName: 'Dispute', dateOfBirth: '2015-06-01' }).expect(201);
    const a = await post(user, '/assessments', { childId: child.body.id, requestReceivedOn: '2026-01-05', requestSource: 'parent' }).expect(201);
    return a.body.id as string;
  }

  async function cease(user: TestUser, planId: string, reason: number, notifiedOn: string, consulted?: string) {
    if (consulted) {
      await post(user, `/plans/${planId}/cease/consultations`, { consultee: 'family', consultedOn: consulted }).expect(201);
      await post(user, `/plans/${planId}/cease/consultations`, { consultee: 'institution', consultedOn: consulted }).expect(201);
    }
    return post(user, `/plans/${planId}/cease`, { reason, notifiedOn }).expect(200);
  }

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-03-02') });
    laA = await createLocalAuthority(t.dataSource);
    laB = await createLocalAuthority(t.dataSource);
    const dfe = await createLocalAuthority(t.dataSource, 'Department for Education (analysts)');
    cwA = await createUser(t.dataSource, t.http, laA.id, Role.Caseworker);
    cwB = await createUser(t.dataSource, t.http, laB.id, Role.Caseworker);
    managerA = await createUser(t.dataSource, t.http, laA.id, Role.Manager);
    adminA = await createUser(t.dataSource, t.http, laA.id, Role.LaAdmin);
    analyst = await createUser(t.dataSource, t.http, dfe.id, Role.NationalAnalyst);
    const plan = (user: TestUser, requestReceivedOn = '2026-01-05', finalIssuedOn = '2026-03-02') => issueFinalPlan(t.http, user, { dateOfBirth: '2015-06-01', requestReceivedOn, finalIssuedOn, placement: { name: 'Demo Primary', urn: '990001' } });

    at('2026-03-02');
    for (const name of ['P1', 'P3', 'P4']) ids[name] = (await plan(cwA)).planId;
    for (const name of ['B1', 'B2']) ids[name] = (await plan(cwB)).planId;
    ids.R = await newCase(cwA, 'R');
    await post(cwA, `/assessments/${ids.R}/decision-to-assess`, { decision: 'refuse', decidedOn: '2026-02-10' }).expect(200);
    ids.N = await newCase(cwA, 'N');
    await post(cwA, `/assessments/${ids.N}/decision-to-assess`, { decision: 'assess', decidedOn: '2026-02-02' }).expect(200);
    ids.appealR = (await post(cwA, '/appeals', { subjectType: 'assessment', subjectId: ids.R, decision: 'refuse_to_assess', noticeOn: '2026-02-10' }).expect(201)).body.id;
    await post(cwA, `/appeals/${ids.appealR}/mediation`, { mediationRequestedOn: '2026-02-25' }).expect(200);
    await post(cwA, `/appeals/${ids.appealR}/mediation-certificate`, { issuedOn: '2026-03-02' }).expect(200);
    const p1 = await post(cwA, '/appeals', { subjectType: 'plan', subjectId: ids.P1, decision: 'plan_contents', noticeOn: '2026-03-02' }).expect(201);
    expect(p1.body.appealDeadline).toBe('2026-05-05');
    ids.appealB1 = (await post(cwB, '/appeals', { subjectType: 'plan', subjectId: ids.B1, decision: 'plan_contents', noticeOn: '2026-03-02' }).expect(201)).body.id;

    at('2026-04-01');
    await post(cwA, `/appeals/${ids.appealR}/lodged`, { lodgedOn: '2026-04-01' }).expect(200);
    await post(cwB, `/appeals/${ids.appealB1}/lodged`, { lodgedOn: '2026-04-01' }).expect(200);
    await post(cwB, `/appeals/${ids.appealB1}/hearing`, { hearingOn: '2026-06-15' }).expect(200);
    expect((await cease(cwA, ids.P3, 2, '2026-04-01', '2026-03-20')).body).toMatchObject({ appealDeadline: '2026-06-01', ceasesOn: '2026-06-02' });

    at('2026-04-20');
    await post(cwA, `/assessments/${ids.N}/decision-to-issue`, { decision: 'not_issue', decidedOn: '2026-04-20' }).expect(200);
    ids.appealN = (await post(cwA, '/appeals', { subjectType: 'assessment', subjectId: ids.N, decision: 'not_to_issue', noticeOn: '2026-04-20' }).expect(201)).body.id;

    at('2026-05-01');
    expect((await cease(cwB, ids.B2, 8, '2026-05-01')).body).toMatchObject({ appealDeadline: '2026-07-01', ceasesOn: '2026-07-02' });

    at('2026-05-12');
    await post(cwA, `/appeals/${ids.appealN}/mediation`, { mediationRequestedOn: '2026-04-25', heldOn: '2026-05-10', outcome: 'agreed' }).expect(200);
    await post(cwA, `/appeals/${ids.appealN}/outcome`, { outcome: 'withdrawn', decidedOn: '2026-05-12' }).expect(200);

    at('2026-07-01');
    const ordered = await post(cwA, `/appeals/${ids.appealR}/orders`, { kind: 'assess', orderedOn: '2026-07-01' }).expect(201);
    await t.app.get(PlanCeasingService).closeDue(); // P3 ceases (2 June); B2 not yet (2 July)

    at('2026-07-08');
    await post(cwA, `/appeals/${ids.appealR}/orders/${ordered.body.orders[0].id}/compliance`, { duty: 'notify_assess', doneOn: '2026-07-08' }).expect(200);

    at('2026-07-10');
    await t.app.get(PlanCeasingService).closeDue(); // B2 ceases (2 July)

    at('2026-09-01');
    ids.P2 = (await plan(cwA, '2026-02-02', '2026-09-01')).planId;

    at('2026-10-20');
    await cease(cwA, ids.P4, 5, '2026-10-20', '2026-10-10');
    ids.appealP4 = (await post(cwA, '/appeals', { subjectType: 'plan', subjectId: ids.P4, decision: 'cease', noticeOn: '2026-10-20' }).expect(201)).body.id;
    at('2026-10-25');
    await post(cwA, `/appeals/${ids.appealP4}/lodged`, { lodgedOn: '2026-10-25' }).expect(200);

    at(TODAY);
  });
  afterAll(async () => {
    await t.close();
  });

  it('the cases stand as described', async () => {
    const status = async (user: TestUser, planId: string) => (await get(user, `/plans/${planId}/cessation`).expect(200)).body;
    expect(await status(cwA, ids.P3)).toMatchObject({ status: 'ceased', ceasedOn: '2026-06-02', reason: 2 });
    expect(await status(cwA, ids.P4)).toMatchObject({ status: 'ceasing', appealLodged: true, reason: 5 });
    expect(await status(cwB, ids.B2)).toMatchObject({ status: 'ceased', ceasedOn: '2026-07-02', reason: 8 });
  });

  describe('timeliness without disputed cases', () => {
    it('is unchanged by default (no new field), and leaves out every case with an appeal or mediation on request', async () => {
      const plain = await get(managerA, '/reports/timeliness?from=2026-01-01&to=2026-10-31').expect(200);
      // P1, P3, P4 (day 56), P2 (day 211).
      expect(plain.body).toMatchObject({ plansIssued: 4, within20Weeks: 3, from20To52Weeks: 1, decisionsWithin6Weeks: { decided: 6, onTime: 6 }, noPlanNoticesWithin16Weeks: { decided: 1, onTime: 1 } });
      expect(plain.body).not.toHaveProperty('disputedPlansExcluded');
      const explicitFalse = await get(managerA, '/reports/timeliness?from=2026-01-01&to=2026-10-31&excludeDisputed=false').expect(200);
      expect(explicitFalse.body).toEqual(plain.body);

      // Without R, N, P1 and P4: P2 and P3 remain.
      const excluded = await get(managerA, '/reports/timeliness?from=2026-01-01&to=2026-10-31&excludeDisputed=true').expect(200);
      expect(excluded.body).toMatchObject({
        plansIssued: 2,
        within20Weeks: 1,
        from20To52Weeks: 1,
        disputedPlansExcluded: 2,
        decisionsWithin6Weeks: { decided: 2, onTime: 2, undecidedPast6Weeks: 0 },
        noPlanNoticesWithin16Weeks: { decided: 0, onTime: 0 },
        excludingExceptions: { plansIssued: 2, within20Weeks: 1 },
      });
      expect(excluded.body.byMonth.map((m: { month: string; plansIssued: number }) => [m.month, m.plansIssued])).toEqual([
        ['2026-03', 1],
        ['2026-09', 1],
      ]);
      expect(excluded.body.byCaseworker.reduce((n: number, c: { plansIssued: number }) => n + c.plansIssued, 0)).toBe(2);
      // A period of partial months only gives the same answer from the live path.
      const partial = await get(managerA, '/reports/timeliness?from=2026-03-02&to=2026-03-02&excludeDisputed=true').expect(200);
      expect(partial.body).toMatchObject({ plansIssued: 1, disputedPlansExcluded: 2 });
      await get(managerA, '/reports/timeliness?from=2026-01-01&to=2026-10-31&excludeDisputed=maybe').expect(400);
      const csv = await get(managerA, '/reports/timeliness?from=2026-01-01&to=2026-10-31&excludeDisputed=true&format=csv').expect(200);
      expect(csv.text.split('\r\n')[1]).toMatch(/^2026-01-01\.\.2026-10-31,2,1,50,/);
    });

    it('nationally, across LAs (B1 is disputed, B2 is not)', async () => {
      const plain = await get(analyst, '/reports/timeliness?from=2026-01-01&to=2026-10-31&scope=national').expect(200);
      expect(plain.body).toMatchObject({ plansIssued: 6, within20Weeks: 5 });
      const excluded = await get(analyst, '/reports/timeliness?from=2026-01-01&to=2026-10-31&scope=national&excludeDisputed=true').expect(200);
      expect(excluded.body).toMatchObject({ plansIssued: 3, within20Weeks: 2, disputedPlansExcluded: 3 });
      const las = Object.fromEntries(excluded.body.byLocalAuthority.map((l: { localAuthorityId: string; plansIssued: number }) => [l.localAuthorityId, l.plansIssued]));
      expect(las).toMatchObject({ [laA.id]: 2, [laB.id]: 1 });
    });
  });

  describe('GET /reports/appeals', () => {
    it('counts appeals by decision type, mediation, lodging, outcomes and orders; live stages and overdue duties as of today', async () => {
      const report = await get(managerA, '/reports/appeals?from=2026-01-01&to=2026-12-31').expect(200);
      const zeros = { upheld: 0, partly_upheld: 0, dismissed: 0, conceded: 0, withdrawn: 0, pending: 0 };
      const noOrders = { assess: 0, make_plan: 0, amend_provision: 0, name_school: 0, continue_plan: 0, continue_and_amend: 0, remit: 0, dismissed: 0 };
      expect(report.body).toMatchObject({
        scope: 'local_authority',
        asOf: TODAY,
        registered: 4,
        wentToMediation: 2,
        mediationCertificates: 1,
        lodged: 2,
        outcomes: { ...zeros, upheld: 1, withdrawn: 1, pending: 2 },
        orders: { ...noOrders, assess: 1 },
        concessions: 0,
        live: { total: 2, notified: 0, mediation: 0, out_of_time: 1, lodged: 1, hearing_listed: 0 },
        overdueDuties: { total: 2 },
      });
      expect(report.body.byLocalAuthority).toBeUndefined();
      const byDecision = Object.fromEntries(report.body.byDecision.map((d: { decision: string }) => [d.decision, d]));
      expect(Object.keys(byDecision)).toEqual(['refuse_to_assess', 'not_to_issue', 'plan_contents', 'refuse_to_reassess', 'not_to_amend', 'cease']);
      expect(byDecision.refuse_to_assess).toEqual({ decision: 'refuse_to_assess', registered: 1, wentToMediation: 1, mediationCertificates: 1, lodged: 1, outcomes: { ...zeros, upheld: 1 }, orders: { ...noOrders, assess: 1 }, concessions: 0 });
      expect(byDecision.not_to_issue).toEqual({ decision: 'not_to_issue', registered: 1, wentToMediation: 1, mediationCertificates: 0, lodged: 0, outcomes: { ...zeros, withdrawn: 1 }, orders: noOrders, concessions: 0 });
      expect(byDecision.plan_contents).toMatchObject({ registered: 1, wentToMediation: 0, lodged: 0, outcomes: { ...zeros, pending: 1 } });
      expect(byDecision.cease).toMatchObject({ registered: 1, lodged: 1, outcomes: { ...zeros, pending: 1 } });
      expect(byDecision.not_to_amend).toMatchObject({ registered: 0, lodged: 0 });
      const duties = Object.fromEntries(report.body.overdueDuties.byDuty.map((d: { duty: string; overdue: number }) => [d.duty, d.overdue]));
      // 15 July was done on 8 July; 9 September and 7 October are open and past.
      expect(duties).toEqual({ notify_assess: 0, no_plan_notice: 1, final_plan: 1, draft_plan: 0, amended_plan: 0, maintain_plan: 0, reconsider: 0 });

      // The period selects by the decision notice: from 1 April, N (20 April) and P4 (20 October) only.
      const later = await get(managerA, '/reports/appeals?from=2026-04-01&to=2026-12-31').expect(200);
      expect(later.body).toMatchObject({ registered: 2, wentToMediation: 1, lodged: 1, orders: noOrders, live: { total: 2 } });
      await get(managerA, '/reports/appeals?from=2026-12-31&to=2026-01-01').expect(400);
      await get(managerA, '/reports/appeals?from=2026-02-30&to=2026-12-31').expect(400);
      // The LA administrator reads the same figures.
      expect((await get(adminA, '/reports/appeals?from=2026-01-01&to=2026-12-31').expect(200)).body.registered).toBe(4);
    });

    it('counts the DfE cohorts: lodged in the period, decided in the period (found for the appellant at hearing only), appealable decisions and the appeal rate', async () => {
      const report = await get(managerA, '/reports/appeals?from=2026-01-01&to=2026-12-31').expect(200);
      const byDecision = (rows: { decision: string; appeals: number }[]) => Object.fromEntries(rows.filter((r) => r.appeals > 0).map((r) => [r.decision, r.appeals]));
      // Lodged in 2026: R (1 April) and P4 (25 October).
      expect(report.body.lodgedInPeriod.total).toBe(2);
      expect(byDecision(report.body.lodgedInPeriod.byDecision)).toEqual({ refuse_to_assess: 1, cease: 1 });
      // Ended in 2026: R upheld by the order to assess (at a hearing) and N withdrawn (not at a hearing).
      expect(report.body.decidedInPeriod).toMatchObject({ total: 2, decidedAtHearing: 1, foundForAppellant: 1, percentFoundForAppellant: 100, outcomes: { upheld: 1, withdrawn: 1, dismissed: 0, pending: 0 } });
      expect(byDecision(report.body.decidedInPeriod.byDecision)).toEqual({ refuse_to_assess: 1, not_to_issue: 1 });
      // Appealable decisions notified in 2026: R refused; N not issued; P1, P3, P4 (2 March) and P2 (1 September)
      // issued; P3 and P4 ceased. 2 lodged over 8: 25%.
      expect(report.body.appealableDecisions).toEqual({ total: 8, refusalsToAssess: 1, notIssuing: 1, plansIssued: 4, plansAmended: 0, ceases: 2, notAmending: 0 });
      expect(report.body.appealRate).toBe(25);
      // From 1 April the cohorts part: registered by notice (N, P4) is 2, lodged (R, P4) 2, decided (N, R) 2.
      const later = await get(managerA, '/reports/appeals?from=2026-04-01&to=2026-12-31').expect(200);
      expect(later.body).toMatchObject({ registered: 2, lodgedInPeriod: { total: 2 }, decidedInPeriod: { total: 2 } });
      // Appealable from 1 April: N not issued (20 April), P2 issued, P3 (1 April) and P4 ceased: 4; lodged 2: 50%.
      expect(later.body.appealableDecisions).toMatchObject({ total: 4, notIssuing: 1, plansIssued: 1, ceases: 2 });
      expect(later.body.appealRate).toBe(50);
      const csv = await get(managerA, '/reports/appeals?from=2026-01-01&to=2026-12-31&format=csv').expect(200);
      expect(csv.text.split('\r\n')).toEqual(expect.arrayContaining(['lodged_in_period,all,total,2', 'decided_in_period,all,found_for_appellant,1', 'appealable_decisions,all,total,8', 'appeal_rate,all,percent_lodged_over_appealable,25']));
    });

    it('gives national analysts every LA in aggregate', async () => {
      const report = await get(analyst, '/reports/appeals?from=2026-01-01&to=2026-12-31&scope=national').expect(200);
      // B: B1 lodged; B1 and B2 issued, B2 ceased: 3 appealable decisions.
      expect(report.body).toMatchObject({ lodgedInPeriod: { total: 3 }, appealableDecisions: { total: 11 }, appealRate: 27.3 });
      expect(report.body).toMatchObject({ scope: 'national', registered: 5, lodged: 3, live: { total: 3, out_of_time: 1, lodged: 1, hearing_listed: 1 }, overdueDuties: { total: 2 } });
      const las = Object.fromEntries(report.body.byLocalAuthority.map((l: { localAuthorityId: string }) => [l.localAuthorityId, l]));
      expect(las[laA.id]).toMatchObject({ registered: 4, lodged: 2, live: 2, overdueDuties: 2 });
      expect(las[laB.id]).toMatchObject({ registered: 1, lodged: 1, live: 1, overdueDuties: 0, lodgedInPeriod: 1, appealableDecisions: 3, appealRate: 33.3 });
      expect(las[laA.id]).toMatchObject({ lodgedInPeriod: 2, appealableDecisions: 8, appealRate: 25 });
      expect(JSON.stringify(report.body)).not.toContain(ids.appealR);
    });

    it('answers CSV, one figure a row', async () => {
      const csv = await get(managerA, '/reports/appeals?from=2026-01-01&to=2026-12-31&format=csv').expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const lines = csv.text.split('\r\n');
      expect(lines[0]).toBe('section,group,item,count');
      expect(lines).toEqual(expect.arrayContaining(['registered,all,registered,4', 'registered,refuse_to_assess,lodged,1', 'outcome,not_to_issue,withdrawn,1', 'order,refuse_to_assess,assess,1', 'live,all,out_of_time,1', 'overdue_duties,all,final_plan,1']));
      const national = await get(analyst, '/reports/appeals?from=2026-01-01&to=2026-12-31&scope=national&format=csv').expect(200);
      expect(national.text).toContain(`local_authority,${laB.code} ${laB.name},registered,1`);
    });
  });

  describe('GET /reports/ceased-plans', () => {
    it('counts plans ceased in the period by SEN2 reason, and plans ceasing now', async () => {
      const report = await get(managerA, '/reports/ceased-plans?from=2026-01-01&to=2026-12-31').expect(200);
      expect(report.body).toMatchObject({ scope: 'local_authority', asOf: TODAY, ceased: { total: 1 }, ceasingNow: { total: 1, appealLodged: 1 } });
      expect(report.body.ceased.byReason).toHaveLength(9);
      expect(report.body.ceased.byReason[1]).toEqual({ reason: 2, label: 'needs met without an EHC plan', plans: 1 });
      expect(report.body.ceased.byReason.filter((r: { plans: number }) => r.plans > 0)).toHaveLength(1);
      expect(report.body.ceasingNow.byReason[4]).toEqual({ reason: 5, label: 'moved to another LA in England', plans: 1 });
      // P3 ceased on 2 June: outside a period from 1 July; ceasing now does not depend on the period.
      const later = await get(managerA, '/reports/ceased-plans?from=2026-07-01&to=2026-12-31').expect(200);
      expect(later.body).toMatchObject({ ceased: { total: 0 }, ceasingNow: { total: 1 } });
      const june = await get(managerA, '/reports/ceased-plans?from=2026-06-02&to=2026-06-02').expect(200);
      expect(june.body.ceased.total).toBe(1);
    });

    it('nationally, per LA; as CSV', async () => {
      const report = await get(analyst, '/reports/ceased-plans?from=2026-01-01&to=2026-12-31&scope=national').expect(200);
      expect(report.body).toMatchObject({ scope: 'national', ceased: { total: 2 }, ceasingNow: { total: 1 } });
      expect(report.body.ceased.byReason[7]).toEqual({ reason: 8, label: 'deceased', plans: 1 });
      const las = Object.fromEntries(report.body.byLocalAuthority.map((l: { localAuthorityId: string }) => [l.localAuthorityId, l]));
      expect(las[laA.id]).toMatchObject({ ceased: 1, ceasingNow: 1 });
      expect(las[laB.id]).toMatchObject({ ceased: 1, ceasingNow: 0 });
      const csv = await get(managerA, '/reports/ceased-plans?from=2026-01-01&to=2026-12-31&format=csv').expect(200);
      const lines = csv.text.split('\r\n');
      expect(lines[0]).toBe('section,reason,label,plans');
      expect(lines).toEqual(expect.arrayContaining(['ceased,2,needs met without an EHC plan,1', 'ceased,total,all reasons,1', 'ceasing_now,5,moved to another LA in England,1', 'ceasing_now,appeal_lodged,held by an appeal against the cease,1']));
    });
  });

  it('refuses caseworkers, managers asking for national figures and analysts asking for an LA (403)', async () => {
    for (const path of ['/reports/appeals?from=2026-01-01&to=2026-12-31', '/reports/ceased-plans?from=2026-01-01&to=2026-12-31']) {
      await get(cwA, path).expect(403);
      await get(managerA, `${path}&scope=national`).expect(403);
      await get(analyst, path).expect(403);
    }
    await get(cwA, '/reports/timeliness?from=2026-01-01&to=2026-12-31&excludeDisputed=true').expect(403);
  });

  it('audits every read with its period and scope', async () => {
    const rows = await t.dataSource.query<{ action: string; metadata: Record<string, unknown> }[]>(
      `SELECT action, metadata FROM audit_events WHERE actor_user_id = ANY($1) AND action IN ('report.appeals', 'report.ceased_plans', 'report.timeliness') ORDER BY occurred_at`,
      [[managerA.id, analyst.id]],
    );
    expect(rows.filter((r) => r.action === 'report.appeals').length).toBeGreaterThanOrEqual(4);
    expect(rows.filter((r) => r.action === 'report.ceased_plans').length).toBeGreaterThanOrEqual(4);
    expect(rows).toContainEqual(expect.objectContaining({ action: 'report.appeals', metadata: expect.objectContaining({ from: '2026-04-01', to: '2026-12-31', scope: 'local_authority' }) }));
    expect(rows).toContainEqual(expect.objectContaining({ action: 'report.ceased_plans', metadata: expect.objectContaining({ scope: 'national' }) }));
    expect(rows).toContainEqual(expect.objectContaining({ action: 'report.timeliness', metadata: expect.objectContaining({ excludeDisputed: true }) }));
  });

  describe('SEN2: ceased plans', () => {
    it('named plans carry the cease date and reason; a ceased plan is not an active plan', async () => {
      const sen2 = await get(managerA, '/reports/sen2?censusDate=2027-01-21').expect(200);
      const named = Object.fromEntries(sen2.body.modules.named_plans.map((p: { plan_id: string }) => [p.plan_id, p]));
      expect(Object.keys(named).sort()).toEqual([ids.P1, ids.P2, ids.P3, ids.P4].sort());
      expect(named[ids.P3]).toMatchObject({ cease_date: '2026-06-02', cease_reason: 2 });
      // Ceasing (maintained while the appeal runs) is still active and has no cease date.
      expect(named[ids.P4]).toMatchObject({ cease_date: null, cease_reason: null });
      const active = sen2.body.modules.active_plans.map((p: { plan_id: string }) => p.plan_id).sort();
      expect(active).toEqual([ids.P1, ids.P2, ids.P4].sort());
      expect(sen2.body.modules.placements.map((p: { plan_id: string }) => p.plan_id)).not.toContain(ids.P3);
      expect(sen2.body.modules.sen_needs.map((p: { plan_id: string }) => p.plan_id)).not.toContain(ids.P3);
      const csv = await get(managerA, '/reports/sen2?censusDate=2027-01-21&format=csv&module=named_plans').expect(200);
      expect(csv.text).toContain(`${ids.P3},`);
      expect(csv.text.split('\r\n').find((l) => l.startsWith(ids.P3))).toMatch(/,2026-06-02,2,N,N,,N$/);
    });

    it('as at a census date before the cease, the plan is still active; a year later it has left the return', async () => {
      // Census 21 May 2026 (activity 2025): P3 ceases on 2 June, after it.
      const before = await get(managerA, '/reports/sen2?censusDate=2026-05-21').expect(200);
      expect(before.body.modules.active_plans.map((p: { plan_id: string }) => p.plan_id)).toContain(ids.P3);
      expect(before.body.modules.named_plans.find((p: { plan_id: string }) => p.plan_id === ids.P3)).toMatchObject({ cease_date: null });
      // Census 20 January 2028 (activity 2027): ceased in 2026, before the activity year.
      const after = await get(managerA, '/reports/sen2?censusDate=2028-01-20').expect(200);
      expect(after.body.modules.named_plans.map((p: { plan_id: string }) => p.plan_id).sort()).toEqual([ids.P1, ids.P2, ids.P4].sort());
      const b = await t.http.get('/api/v1/reports/sen2?censusDate=2027-01-21').set(bearer(await createUser(t.dataSource, t.http, laB.id, Role.Manager))).expect(200);
      expect(b.body.modules.named_plans.find((p: { plan_id: string }) => p.plan_id === ids.B2)).toMatchObject({ cease_date: '2026-07-02', cease_reason: 8 });
    });
  });
});
