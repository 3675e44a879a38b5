import { Discipline, Role } from '@app/core';
import { addDays } from '@app/statutory-clock';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createOrganisation, createUser, TestLocalAuthority, TestUser } from './support/factories';
import { issueFinalPlan } from './support/issued-plan';
import { londonNoon } from './support/london';

/**
 * Review measures for managers, plans at risk and the SEN2 review fields, against hand counts. Plans are issued and
 * reviewed through the API; today is 2027-03-15 throughout (every recorded date is in the past, so each review is
 * recorded as it stood). The report period is the first quarter of 2027. Each plan's dates and what it counts for
 * are written next to it; the expected figures were counted by hand from those, not by running SQL.
 */
describe('reports: reviews, plans at risk, SEN2 review fields (e2e)', () => {
  const TODAY = '2027-03-15';
  const PERIOD = 'from=2027-01-01&to=2027-03-31';
  let t: TestApp;
  let laV: TestLocalAuthority;
  let laW: TestLocalAuthority;
  let caseworker: TestUser;
  let caseworkerW: TestUser;
  let manager: TestUser;
  let managerW: TestUser;
  let analyst: TestUser;
  const plan: Record<string, string> = {};

  /** A final plan issued on `issuedOn` (its first review period ends the day before the same date a year later). */
  const issue = async (user: TestUser, name: string, issuedOn: string) => {
    const issued = await issueFinalPlan(t.http, user, { dateOfBirth: '2015-06-01', requestReceivedOn: addDays(issuedOn, -60), finalIssuedOn: issuedOn });
    plan[name] = issued.planId;
    return issued.planId;
  };
  const meeting = async (user: TestUser, planId: string, meetingOn: string, expectStatus: string) => {
    const res = await t.http.post(`/api/v1/plans/${planId}/reviews`).set(bearer(user)).send({ meetingOn }).expect(201);
    expect(res.body.status).toBe(expectStatus);
    return res.body.id as string;
  };
  const decide = (user: TestUser, reviewId: string, decision: string, notifiedOn: string) => t.http.post(`/api/v1/reviews/${reviewId}/decision`).set(bearer(user)).send({ decision, notifiedOn, ...(decision === 'cease' ? { ceaseReason: 2 } : {}) }).expect(200);
  const transfer = (user: TestUser, planId: string, kind: string, transferOn: string) => t.http.put(`/api/v1/plans/${planId}/phase-transfer`).set(bearer(user)).send({ kind, transferOn }).expect(200);

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon(TODAY) });
    laV = await createLocalAuthority(t.dataSource);
    laW = await createLocalAuthority(t.dataSource);
    const dfe = await createLocalAuthority(t.dataSource, 'Department for Education (review analysts)');
    caseworker = await createUser(t.dataSource, t.http, laV.id, Role.Caseworker);
    caseworkerW = await createUser(t.dataSource, t.http, laW.id, Role.Caseworker);
    manager = await createUser(t.dataSource, t.http, laV.id, Role.Manager);
    managerW = await createUser(t.dataSource, t.http, laW.id, Role.Manager);
    analyst = await createUser(t.dataSource, t.http, dfe.id, Role.NationalAnalyst);

    // P1: issued 2026-02-01, review due 2027-01-31. Meeting 2027-01-10, maintain notified 2027-01-20 (day 10: in
    // time); the review is complete on time.
    const r1 = await meeting(caseworker, await issue(caseworker, 'P1', '2026-02-01'), '2027-01-10', 'held');
    await decide(caseworker, r1, 'maintain', '2027-01-20');

    // P2: issued 2026-02-15, review due 2027-02-14; moves to secondary school on 2027-09-01 (Regs 18 date 2027-02-14).
    // Meeting 2027-01-05, amend notified 2027-02-10 (day 36: LATE decision, review complete on time); the family's
    // representations 2027-02-12, the amended plan 2027-02-13 (day 3 of 8 weeks): the phase transfer is MET.
    const p2 = await issue(caseworker, 'P2', '2026-02-15');
    await transfer(caseworker, p2, 'primary_to_secondary', '2027-09-01');
    const r2 = await meeting(caseworker, p2, '2027-01-05', 'held');
    await decide(caseworker, r2, 'amend', '2027-02-10');
    await t.http.post(`/api/v1/reviews/${r2}/representations`).set(bearer(caseworker)).send({ receivedOn: '2027-02-12' }).expect(200);
    const amended = await t.http.post(`/api/v1/reviews/${r2}/amended-plan`).set(bearer(caseworker)).send({ issuedOn: '2027-02-13', confirmNoChanges: true }).expect(200);
    expect(amended.body.status).toBe('amended');

    // P3: issued 2026-03-01, review due 2027-02-28, never reviewed: OVERDUE. Moves to secondary on 2027-09-01: its
    // Regs 18 date 2027-02-14 has passed without an amended plan (phase transfer OVERDUE).
    await transfer(caseworker, await issue(caseworker, 'P3', '2026-03-01'), 'primary_to_secondary', '2027-09-01');

    // P4: issued 2026-04-01, review due 2027-03-31 (16 days away), no meeting: AT RISK. Moves to post-16 on
    // 2027-09-01: Regs 18 date 2027-03-30 (15 days away), not met: AT RISK.
    await transfer(caseworker, await issue(caseworker, 'P4', '2026-04-01'), 'secondary_to_post16', '2027-09-01');

    // P5: issued 2026-04-10, review due 2027-04-09 (after the period; 25 days away) but the meeting was held on
    // 2027-03-10: not at risk. Decision due 2027-04-07: not yet overdue.
    await meeting(caseworker, await issue(caseworker, 'P5', '2026-04-10'), '2027-03-10', 'held');

    // P6: issued 2026-01-20, review due 2027-01-19. Meeting 2027-01-05, no decision: the review is OVERDUE and so is
    // the decision (due 2027-02-02).
    await meeting(caseworker, await issue(caseworker, 'P6', '2026-01-20'), '2027-01-05', 'held');

    // P7: issued 2026-01-25, review due 2027-01-24. Meeting 2027-01-10, cease notified 2027-02-01 (day 22: in time);
    // the review completed LATE (after 2027-01-24).
    const r7 = await meeting(caseworker, await issue(caseworker, 'P7', '2026-01-25'), '2027-01-10', 'held');
    await decide(caseworker, r7, 'cease', '2027-02-01');

    // P8: issued 2026-04-05, review due 2027-04-04 (20 days away); a meeting is arranged for 2027-03-25, not yet
    // held: AT RISK.
    await meeting(caseworker, await issue(caseworker, 'P8', '2026-04-05'), '2027-03-25', 'scheduled');

    // LA W, P9: issued 2026-02-20, review due 2027-02-19. Meeting 2027-02-01, maintain 2027-02-05 (in time).
    const r9 = await meeting(caseworkerW, await issue(caseworkerW, 'P9', '2026-02-20'), '2027-02-01', 'held');
    await decide(caseworkerW, r9, 'maintain', '2027-02-05');
  }, 180_000);
  afterAll(() => t.close());

  const reviews = (user: TestUser, query: string) => t.http.get(`/api/v1/reports/reviews?${query}`).set(bearer(user));

  it('counts the LA’s reviews in the period by hand: due, held, decided within 4 weeks by outcome, amended, phase transfers, overdue today', async () => {
    const response = await reviews(manager, PERIOD).expect(200);
    expect(response.body).toEqual({
      from: '2027-01-01',
      to: '2027-03-31',
      asOf: TODAY,
      scope: 'local_authority',
      // Due in Q1: P1 (on time), P2 (on time), P7 (late), P3, P4, P6 (open). P5 and P8 fall due in April.
      reviewsDue: { due: 6, completedOnTime: 2, completedLate: 1, open: 3 },
      // P1, P2, P5, P6, P7; P8's meeting is still ahead.
      meetingsHeld: 5,
      // P1 (day 10) and P7 (day 22) in time; P2 (day 36) late. A management view: decisions by their notification date.
      decisions: {
        measure: 'management',
        decided: 3,
        within4Weeks: 2,
        percentWithin4Weeks: 66.7,
        byOutcome: { maintain: { decided: 1, within4Weeks: 1 }, amend: { decided: 1, within4Weeks: 0 }, cease: { decided: 1, within4Weeks: 1 } },
      },
      // The DfE's measure for 2027 (census 2028-01-20): one review per plan, the latest with its meeting in 2027: P1, P2,
      // P5, P6, P7 (P8's meeting is still ahead); decided by the census date: P1, P2, P7; within 4 weeks: P1, P7.
      dfeReviewMeasure: { measure: 'dfe', year: 2027, censusDate: '2028-01-20', reviews: 5, decidedByCensus: 3, within4Weeks: 2, percentWithin4Weeks: 40 },
      amendedPlans: { measure: 'local', issued: 1, within8Weeks: 1, percentWithin8Weeks: 100 },
      // P2 (met), P3 (open, overdue), P4 (open).
      phaseTransfers: { due: 3, met: 1, late: 0, open: 2 },
      // Reviews P3 and P6; P6's decision; P3's transfer.
      asOfToday: { reviewsOverdue: 2, decisionsOverdue: 1, amendedPlansOverdue: 0, phaseTransfersOverdue: 1 },
    });
  });

  it('counts a one-day period and refuses a period that ends before it starts', async () => {
    const day = await reviews(manager, 'from=2027-01-20&to=2027-01-20').expect(200);
    expect(day.body).toMatchObject({ reviewsDue: { due: 0 }, meetingsHeld: 0, decisions: { decided: 1, within4Weeks: 1, percentWithin4Weeks: 100 }, amendedPlans: { issued: 0, percentWithin8Weeks: null } });
    // Overdue today does not depend on the period.
    expect(day.body.asOfToday).toEqual({ reviewsOverdue: 2, decisionsOverdue: 1, amendedPlansOverdue: 0, phaseTransfersOverdue: 1 });
    const bad = await reviews(manager, 'from=2027-03-31&to=2027-01-01').expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'to' })]);
    await reviews(manager, 'from=2027-02-30&to=2027-03-31').expect(400);
    await reviews(manager, `${PERIOD}&format=xml`).expect(400);
  });

  it('computes the DfE review measure for the year asked: no meeting in 2026, so nothing to count', async () => {
    const earlier = await reviews(manager, `${PERIOD}&dfeYear=2026`).expect(200);
    expect(earlier.body.dfeReviewMeasure).toEqual({ measure: 'dfe', year: 2026, censusDate: '2027-01-21', reviews: 0, decidedByCensus: 0, within4Weeks: 0, percentWithin4Weeks: null });
    // The management view does not move with it.
    expect(earlier.body.decisions).toMatchObject({ decided: 3, within4Weeks: 2 });
    await reviews(manager, `${PERIOD}&dfeYear=twenty`).expect(400);
  });

  it('gives each LA its own figures and national analysts every LA in aggregate', async () => {
    const w = await reviews(managerW, PERIOD).expect(200);
    expect(w.body).toMatchObject({ reviewsDue: { due: 1, completedOnTime: 1 }, meetingsHeld: 1, decisions: { decided: 1, within4Weeks: 1 }, phaseTransfers: { due: 0 } });
    const national = await reviews(analyst, `${PERIOD}&scope=national`).expect(200);
    expect(national.body).toMatchObject({
      scope: 'national',
      reviewsDue: { due: 7, completedOnTime: 3, completedLate: 1, open: 3 },
      meetingsHeld: 6,
      decisions: { decided: 4, within4Weeks: 3, percentWithin4Weeks: 75, byOutcome: { maintain: { decided: 2, within4Weeks: 2 } } },
      // V's five plus W's P9 (meeting 1 February, maintained 5 February).
      dfeReviewMeasure: { year: 2027, reviews: 6, decidedByCensus: 4, within4Weeks: 3, percentWithin4Weeks: 50 },
      asOfToday: { reviewsOverdue: 2, decisionsOverdue: 1, amendedPlansOverdue: 0, phaseTransfersOverdue: 1 },
    });
    const las = Object.fromEntries(national.body.byLocalAuthority.map((l: { localAuthorityId: string }) => [l.localAuthorityId, l]));
    expect(las[laV.id]).toMatchObject({ code: laV.code, name: laV.name, meetingsHeld: 5, decisions: { decided: 3, within4Weeks: 2 } });
    expect(las[laW.id]).toMatchObject({ meetingsHeld: 1, decisions: { decided: 1, within4Weeks: 1 } });
    expect(JSON.stringify(national.body)).not.toContain(plan.P1);
    await reviews(manager, `${PERIOD}&scope=national`).expect(403);
    await reviews(analyst, PERIOD).expect(403);
  });

  it('exports CSV: one row for the period, then one per LA nationally', async () => {
    const csv = await reviews(manager, `${PERIOD}&format=csv`).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="reviews-2027-01-01-2027-03-31.csv"');
    expect(csv.text.split('\r\n')).toEqual([
      'period,reviews_due,reviews_completed_on_time,reviews_completed_late,reviews_open,meetings_held,decisions,decisions_within_4_weeks,percent_decisions_within_4_weeks,maintain,amend,cease,amended_plans_issued,amended_plans_within_8_weeks,percent_amended_plans_within_8_weeks,phase_transfers_due,phase_transfers_met,phase_transfers_late,phase_transfers_open,reviews_overdue_today,decisions_overdue_today,amended_plans_overdue_today,phase_transfers_overdue_today,dfe_review_year,dfe_reviews,dfe_reviews_decided_by_census,dfe_reviews_within_4_weeks,dfe_percent_within_4_weeks',
      '2027-01-01..2027-03-31,6,2,1,3,5,3,2,66.7,1,1,1,1,1,100,3,1,0,2,2,1,0,1,2027,5,3,2,40',
      '',
    ]);
    const national = await reviews(analyst, `${PERIOD}&scope=national&format=csv`).expect(200);
    const rows = national.text.trim().split('\r\n');
    expect(rows[1]).toBe('2027-01-01..2027-03-31,7,3,1,3,6,4,3,75,2,1,1,1,1,100,3,1,0,2,2,1,0,1,2027,6,4,3,50');
    expect(rows).toContain(`${laW.code} ${laW.name},1,1,0,0,1,1,1,100,1,0,0,0,0,,0,0,0,0,0,0,0,0,2027,1,1,1,100`);
  });

  it('refuses caseworkers and professionals (403) and audits every read', async () => {
    const organisationId = await createOrganisation(t.dataSource, [laV.id]);
    const professional = await createUser(t.dataSource, t.http, laV.id, Role.Professional, { discipline: Discipline.Health, organisationId });
    for (const user of [caseworker, professional]) {
      await reviews(user, PERIOD).expect(403);
      await reviews(user, `${PERIOD}&scope=national`).expect(403);
    }
    const [row] = await t.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM audit_events WHERE actor_user_id = $1 AND action = 'report.reviews'`, [manager.id]);
    expect(Number(row.n)).toBe(4); // the four successful reads above (the refused ones and the 400s are not reads)
    const [national] = await t.dataSource.query<{ metadata: { scope: string; from: string } }[]>(`SELECT metadata FROM audit_events WHERE actor_user_id = $1 AND action = 'report.reviews' LIMIT 1`, [analyst.id]);
    expect(national.metadata).toMatchObject({ scope: 'national', from: '2027-01-01' });
  });

  it('lists the plans whose review or phase transfer is at risk in the risk report, most urgent first, without changing the rest', async () => {
    const response = await t.http.get('/api/v1/reports/risk').set(bearer(manager)).expect(200);
    // The existing contract is still there.
    expect(response.body).toMatchObject({ asOf: TODAY, scope: 'local_authority', open: 0, atRiskCount: 0, atRisk: [] });
    expect(response.body.planRules.map((r: { reason: string; withinDays: number | null }) => [r.reason, r.withinDays])).toEqual([
      ['review_overdue', null],
      ['review_due_soon_no_meeting', 28],
      ['phase_transfer_due_soon', 84],
      ['phase_transfer_overdue', null],
    ]);
    expect(response.body.plansAtRiskCount).toBe(4);
    expect(response.body.plansAtRiskByReason).toEqual([
      { reason: 'review_overdue', count: 2 }, // P3, P6
      { reason: 'review_due_soon_no_meeting', count: 2 }, // P4, P8 (P5's meeting is held)
      { reason: 'phase_transfer_due_soon', count: 1 }, // P4
      { reason: 'phase_transfer_overdue', count: 1 }, // P3
    ]);
    const rows = response.body.plansAtRisk as { planId: string }[];
    expect(rows.map((r) => r.planId)).toEqual([plan.P6, plan.P3, plan.P4, plan.P8]);
    expect(rows[0]).toEqual({
      planId: plan.P6,
      childId: expect.any(String),
      reasons: ['review_overdue'],
      dueOn: '2027-01-19',
      daysLeft: -55,
      reviewDueOn: '2027-01-19',
      meetingOn: '2027-01-05',
      phaseTransferKind: null,
      phaseTransferOn: null,
      phaseTransferDueOn: null,
      caseworkerId: caseworker.id,
      caseworkerName: expect.any(String),
      team: null,
    });
    expect(rows[1]).toMatchObject({ reasons: ['review_overdue', 'phase_transfer_overdue'], dueOn: '2027-02-14', daysLeft: -29, reviewDueOn: '2027-02-28', meetingOn: null, phaseTransferKind: 'primary_to_secondary', phaseTransferDueOn: '2027-02-14' });
    expect(rows[2]).toMatchObject({ reasons: ['review_due_soon_no_meeting', 'phase_transfer_due_soon'], dueOn: '2027-03-30', daysLeft: 15, reviewDueOn: '2027-03-31', phaseTransferDueOn: '2027-03-30' });
    expect(rows[3]).toMatchObject({ reasons: ['review_due_soon_no_meeting'], dueOn: '2027-04-04', daysLeft: 20, meetingOn: '2027-03-25' });

    const top = await t.http.get('/api/v1/reports/risk?limit=2').set(bearer(manager)).expect(200);
    expect(top.body.plansAtRisk.map((r: { planId: string }) => r.planId)).toEqual([plan.P6, plan.P3]);
    expect(top.body.plansAtRiskCount).toBe(4);

    const csv = await t.http.get('/api/v1/reports/risk?format=csv&table=plans_at_risk&limit=1').set(bearer(manager)).expect(200);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('plan_id,child_id,reasons,due_on,days_left,review_due_on,meeting_on,phase_transfer_kind,phase_transfer_on,phase_transfer_due_on,caseworker,team');
    expect(lines).toHaveLength(5); // the CSV lists every plan at risk
    expect(lines[2]).toMatch(new RegExp(`^${plan.P3},[0-9a-f-]+,review_overdue phase_transfer_overdue,2027-02-14,-29,2027-02-28,,primary_to_secondary,2027-09-01,2027-02-14,`));

    const w = await t.http.get('/api/v1/reports/risk').set(bearer(managerW)).expect(200);
    expect(w.body).toMatchObject({ plansAtRiskCount: 0, plansAtRisk: [] });
  });

  it('gives national analysts plans at risk per LA, without any plan', async () => {
    const response = await t.http.get('/api/v1/reports/risk?scope=national').set(bearer(analyst)).expect(200);
    expect(response.body).toMatchObject({ scope: 'national', plansAtRiskCount: 4 });
    expect(response.body.plansAtRisk).toBeUndefined();
    const las = Object.fromEntries(response.body.byLocalAuthority.map((l: { localAuthorityId: string }) => [l.localAuthorityId, l]));
    expect(las[laV.id]).toMatchObject({ plansAtRisk: 4 });
    expect(las[laW.id]).toMatchObject({ plansAtRisk: 0 });
    const csv = await t.http.get('/api/v1/reports/risk?scope=national&format=csv&table=plans_at_risk').set(bearer(analyst)).expect(200);
    expect(csv.text.trim().split('\r\n')).toHaveLength(1); // the header: no plan nationally
  });

  it('fills the SEN2 active plans’ review fields from the latest review held in the year before the census date', async () => {
    const sen2 = await t.http.get('/api/v1/reports/sen2?censusDate=2028-01-20').set(bearer(manager)).expect(200);
    const active = Object.fromEntries(sen2.body.modules.active_plans.map((r: { plan_id: string }) => [r.plan_id, r]));
    const fields = (name: string) => {
      const { review_meeting_date, review_decision_date, review_outcome, draft_amended_plan_date, phase_transfer_due_date } = active[plan[name]];
      return [review_meeting_date, review_decision_date, review_outcome, draft_amended_plan_date, phase_transfer_due_date];
    };
    expect(fields('P1')).toEqual(['2027-01-10', '2027-01-20', 'M', null, null]);
    expect(fields('P2')).toEqual(['2027-01-05', '2027-02-10', 'A', '2027-02-10', '2027-02-14']);
    expect(fields('P3')).toEqual([null, null, null, null, '2027-02-14']);
    expect(fields('P4')).toEqual([null, null, null, null, '2027-03-30']);
    expect(fields('P6')).toEqual(['2027-01-05', null, null, null, null]);
    expect(fields('P7')).toEqual(['2027-01-10', '2027-02-01', 'C', null, null]);
    expect(active[plan.P9]).toBeUndefined(); // another LA's

    // Census 2027: the activity year is 2026, before any review meeting; the transfers from 2026 on are reported.
    const earlier = await t.http.get('/api/v1/reports/sen2?censusDate=2027-01-21&format=csv&module=active_plans').set(bearer(manager)).expect(200);
    const lines = earlier.text.trim().split('\r\n');
    expect(lines[0]).toBe('plan_id,person_id,review_meeting_date,review_decision_date,review_outcome,draft_amended_plan_date,phase_transfer_due_date,phase_transfer_final_date,transfer_la,residential,work_based');
    expect(lines.find((l) => l.startsWith(plan.P1))).toMatch(/,,,,,,,,,N$/);
    expect(lines.find((l) => l.startsWith(plan.P2))).toMatch(/,,,,,2027-02-14,,,,N$/);
  });
});
