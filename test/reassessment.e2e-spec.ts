import { Role } from '@app/core';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createUser, TestUser } from './support/factories';
import { issueFinalPlan } from './support/issued-plan';
import { londonNoon } from './support/london';

interface Deadline {
  kind: string;
  dueOn: string;
  status: string;
  completedOn: string | null;
  regulation: string;
  managementTargetOn: string | null;
}
const kind = (deadlines: Deadline[], k: string) => deadlines.find((d) => d.kind === k);

/**
 * Re-assessment of a maintained plan through the API (CFA s44(2)-(3); SEND Regulations 2014, regs 23-27): a request
 * inside the 6 months refused with an appealable notice and appealed; a later request decided, an exception recorded,
 * and the amended plan issued as a new version within the 14 weeks.
 */
describe('re-assessment (e2e)', () => {
  let t: TestApp;
  let cw: TestUser;
  let other: TestUser;
  let planId: string;
  let refusedId: string;
  let requestId: string;

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-05-20') });
    const la = await createLocalAuthority(t.dataSource);
    const elsewhere = await createLocalAuthority(t.dataSource);
    cw = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    other = await createUser(t.dataSource, t.http, elsewhere.id, Role.Caseworker);
    ({ planId } = await issueFinalPlan(t.http, cw, { dateOfBirth: '2014-05-10', requestReceivedOn: '2025-09-01', finalIssuedOn: '2025-12-01' }));
  });
  afterAll(() => t.close());

  it('records a request with its decision deadline and the Regs 24 six-month flag', async () => {
    const res = await t.http.post(`/api/v1/plans/${planId}/reassessment-requests`).set(bearer(cw)).send({ receivedOn: '2026-05-20', requestedBy: 'parent' }).expect(201);
    refusedId = res.body.id;
    expect(res.body).toMatchObject({ status: 'awaiting_decision', lastAssessedOn: '2025-12-01', withinSixMonthsOfLastAssessment: true, notice: null });
    expect(res.body.deadlines).toEqual([expect.objectContaining({ kind: 'reassessment_decision', dueOn: '2026-06-04', status: 'open', regulation: 'SEND Regulations 2014, reg 25(1) (15 days: verify)' })]);
    const busy = await t.http.post(`/api/v1/plans/${planId}/reassessment-requests`).set(bearer(cw)).send({ receivedOn: '2026-05-20', requestedBy: 'institution' }).expect(409);
    expect(busy.body.code).toBe('reassessment_not_allowed');
    const rows = await t.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM reminders r JOIN deadlines d ON d.id = r.deadline_id WHERE d.subject_id = $1 AND d.kind = 'reassessment_decision'`, [refusedId]);
    expect(Number(rows[0].n)).toBe(3); // due soon, due today, overdue: each once
  });

  it('hides requests from another LA and refuses bad input', async () => {
    await t.http.get(`/api/v1/reassessment-requests/${refusedId}`).set(bearer(other)).expect(404);
    await t.http.post(`/api/v1/plans/${planId}/reassessment-requests`).set(bearer(other)).send({ receivedOn: '2026-05-20', requestedBy: 'parent' }).expect(404);
    const bad = await t.http.post(`/api/v1/plans/${planId}/reassessment-requests`).set(bearer(cw)).send({ receivedOn: '2026-05-20', requestedBy: 'neighbour' }).expect(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
  });

  it('refuses with reasons: an appealable notice (refuse_to_reassess) the appeals register accepts', async () => {
    const noReason = await t.http.post(`/api/v1/reassessment-requests/${refusedId}/decision`).set(bearer(cw)).send({ decision: 'refuse', notifiedOn: '2026-05-20' }).expect(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    const res = await t.http.post(`/api/v1/reassessment-requests/${refusedId}/decision`).set(bearer(cw)).send({ decision: 'refuse', notifiedOn: '2026-05-20', reason: 'Assessed less than 6 months ago; no change in needs (Regs 24).' }).expect(200);
    expect(res.body).toMatchObject({ status: 'refused', notice: { decision: 'refuse_to_reassess', notifiedOn: '2026-05-20', appealDeadline: '2026-07-20' } });
    expect(kind(res.body.deadlines, 'reassessment_decision')).toMatchObject({ status: 'met', completedOn: '2026-05-20' });
    expect(kind(res.body.deadlines, 'reassessment_outcome')).toBeUndefined();
    const appeal = await t.http.post('/api/v1/appeals').set(bearer(cw)).send({ subjectType: 'reassessment', subjectId: refusedId, decision: 'refuse_to_reassess', noticeOn: '2026-05-20' }).expect(201);
    expect(appeal.body).toMatchObject({ appealDeadline: '2026-07-20', decision: 'refuse_to_reassess' });
    const wrong = await t.http.post('/api/v1/appeals').set(bearer(cw)).send({ subjectType: 'reassessment', subjectId: refusedId, decision: 'not_to_amend', noticeOn: '2026-05-20' }).expect(422);
    expect(wrong.body.code).toBeDefined();
    await t.http.post('/api/v1/appeals').set(bearer(other)).send({ subjectType: 'reassessment', subjectId: refusedId, decision: 'refuse_to_reassess', noticeOn: '2026-05-20' }).expect(404);
  });

  it('runs a later request from the decision to re-assess to the amended plan within 14 weeks (Regs 27(2)), with a Regs 27(3) exception', async () => {
    t.clock.set(londonNoon('2026-06-15'));
    const created = await t.http.post(`/api/v1/plans/${planId}/reassessment-requests`).set(bearer(cw)).send({ receivedOn: '2026-06-10', requestedBy: 'institution' }).expect(201);
    requestId = created.body.id;
    expect(created.body.withinSixMonthsOfLastAssessment).toBe(false);
    const decided = await t.http.post(`/api/v1/reassessment-requests/${requestId}/decision`).set(bearer(cw)).send({ decision: 'reassess', notifiedOn: '2026-06-15' }).expect(200);
    expect(kind(decided.body.deadlines, 'reassessment_outcome')).toMatchObject({ dueOn: '2026-09-21', status: 'open', regulation: 'SEND Regulations 2014, reg 27(2)' });
    const short = await t.http.post(`/api/v1/reassessment-requests/${requestId}/exceptions`).set(bearer(cw)).send({ ground: 'absence_from_area', startsOn: '2026-07-01', endsOn: '2026-07-10', reason: 'Away' }).expect(400);
    expect(short.body.errors[0].message).toMatch(/4 continuous weeks/);
    const excepted = await t.http.post(`/api/v1/reassessment-requests/${requestId}/exceptions`).set(bearer(cw)).send({ ground: 'absence_from_area', startsOn: '2026-07-01', endsOn: '2026-07-28', reason: 'Family abroad for four weeks' }).expect(200);
    expect(kind(excepted.body.deadlines, 'reassessment_outcome')).toMatchObject({ dueOn: '2026-09-21', managementTargetOn: '2026-10-19' });
    t.clock.set(londonNoon('2026-09-01'));
    const early = await t.http.post(`/api/v1/reassessment-requests/${requestId}/outcome`).set(bearer(cw)).send({ kind: 'amended_plan', issuedOn: '2026-06-01' }).expect(422);
    expect(early.body.code).toBeDefined();
    const done = await t.http.post(`/api/v1/reassessment-requests/${requestId}/outcome`).set(bearer(cw)).send({ kind: 'amended_plan', issuedOn: '2026-09-01' }).expect(200);
    expect(done.body).toMatchObject({ status: 'completed', outcomeKind: 'amended_plan', outcomeOn: '2026-09-01', outcomeVersionNumber: 3, notice: null });
    expect(kind(done.body.deadlines, 'reassessment_outcome')).toMatchObject({ status: 'met', completedOn: '2026-09-01' });
    const versions = await t.http.get(`/api/v1/plans/${planId}/versions`).set(bearer(cw)).expect(200);
    expect(versions.body.map((v: { stage: string }) => v.stage)).toEqual(['draft', 'final', 'amended']);
    const list = await t.http.get(`/api/v1/plans/${planId}/reassessment-requests`).set(bearer(cw)).expect(200);
    expect(list.body.map((r: { status: string }) => r.status)).toEqual(['completed', 'refused']);
    // The next request's six months run from this re-assessment.
    const next = await t.http.post(`/api/v1/plans/${planId}/reassessment-requests`).set(bearer(cw)).send({ receivedOn: '2026-09-01', requestedBy: 'young_person' }).expect(201);
    expect(next.body).toMatchObject({ lastAssessedOn: '2026-09-01', withinSixMonthsOfLastAssessment: true });
  });
});
