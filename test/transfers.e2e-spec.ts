import { randomUUID } from 'node:crypto';
import { Role } from '@app/core';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createUser, TestLocalAuthority, TestUser } from './support/factories';
import { issueFinalPlan } from './support/issued-plan';
import { londonNoon } from './support/london';

interface Deadline {
  kind: string;
  dueOn: string;
  status: string;
  completedOn: string | null;
  regulation: string;
}
const kind = (deadlines: Deadline[], k: string) => deadlines.find((d) => d.kind === k);

/**
 * A child moving between two LAs of one installation, and a package from a file another product wrote (SEND
 * Regulations 2014, reg 15; statutory-rules.md section 9): the old LA's 15 working days, the package, the new LA's
 * plan maintained from the transfer with its 6-week notice and its first review by the later of the Regs 15(5) dates;
 * and a child who moves mid-assessment.
 */
describe('transfers between LAs (e2e)', () => {
  let t: TestApp;
  let oldLa: TestLocalAuthority;
  let newLa: TestLocalAuthority;
  let cwOld: TestUser;
  let cwNew: TestUser;
  let planId: string;
  let transferId: string;
  let pkg: Record<string, unknown>;
  let importedId: string;
  let newPlanId: string;

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-03-02') });
    oldLa = await createLocalAuthority(t.dataSource);
    newLa = await createLocalAuthority(t.dataSource);
    cwOld = await createUser(t.dataSource, t.http, oldLa.id, Role.Caseworker);
    cwNew = await createUser(t.dataSource, t.http, newLa.id, Role.Caseworker);
    ({ planId } = await issueFinalPlan(t.http, cwOld, { dateOfBirth: '2014-05-10', requestReceivedOn: '2025-09-01', finalIssuedOn: '2025-10-06' }));
  });
  afterAll(() => t.close());

  it('records the move out with the Regs 15(2) deadline: 15 working days beginning with the day the LA learned of it', async () => {
    const res = await t.http.post(`/api/v1/plans/${planId}/transfer-out`).set(bearer(cwOld)).send({ toLocalAuthorityName: newLa.name, movesOn: '2026-03-10', learnedOn: '2026-03-02' }).expect(201);
    transferId = res.body.id;
    expect(res.body).toMatchObject({ status: 'pending', direction: 'out', otherLocalAuthorityCode: newLa.code });
    expect(res.body.deadlines).toEqual([expect.objectContaining({ kind: 'transfer_out', dueOn: '2026-03-20', regulation: 'SEND Regulations 2014, reg 15(2)', status: 'open' })]);
    // A second transfer of the same plan while one is open is refused.
    const again = await t.http.post(`/api/v1/plans/${planId}/transfer-out`).set(bearer(cwOld)).send({ toLocalAuthorityName: newLa.name, movesOn: '2026-03-10', learnedOn: '2026-03-02' }).expect(409);
    expect(again.body.code).toBe('transfer_not_allowed');
  });

  it('plans the transfer deadline’s reminders once, for the caseworker', async () => {
    const rows = await t.dataSource.query<{ stage: string; n: string }[]>(
      `SELECT r.stage, count(*) AS n FROM reminders r JOIN deadlines d ON d.id = r.deadline_id WHERE d.subject_id = $1 AND d.kind = 'transfer_out' GROUP BY r.stage ORDER BY r.stage`,
      [transferId],
    );
    expect(rows.map((r) => [r.stage, Number(r.n)])).toEqual([
      ['due_soon', 1],
      ['due_today', 1],
      ['overdue', 1],
    ]);
  });

  it('hides the transfer from the other LA and refuses bad input with problem+json', async () => {
    await t.http.get(`/api/v1/transfers/${transferId}`).set(bearer(cwNew)).expect(404);
    await t.http.get(`/api/v1/transfers/${transferId}/package`).set(bearer(cwNew)).expect(404);
    await t.http.post(`/api/v1/plans/${planId}/transfer-out`).set(bearer(cwNew)).send({ toLocalAuthorityName: 'X', movesOn: '2026-03-10', learnedOn: '2026-03-02' }).expect(404);
    const bad = await t.http.post(`/api/v1/plans/${planId}/transfer-out`).set(bearer(cwOld)).send({ toLocalAuthorityName: '', movesOn: '2026-02-30', learnedOn: '2026-03-02' }).expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    const junk = await t.http.post('/api/v1/transfers/import').set(bearer(cwNew)).send({ format: 'something-else', formatVersion: 2 }).expect(400);
    expect(junk.body.code).toBe('validation_failed');
  });

  it('gives the documented package: the child, the plan with its versions and sections, the deadlines’ history; downloading it sends it', async () => {
    const res = await t.http.get(`/api/v1/transfers/${transferId}/package`).set(bearer(cwOld)).expect(200);
    pkg = res.body;
    expect(pkg).toMatchObject({ format: 'ehcp-transfer-package', formatVersion: 1, transferId, kind: 'plan', movesOn: '2026-03-10', from: { localAuthorityName: oldLa.name, localAuthorityCode: oldLa.code }, to: { localAuthorityName: newLa.name } });
    expect(pkg.child).toMatchObject({ givenName: 'Review', familyName: 'Child', dateOfBirth: '2014-05-10' });
    const plan = pkg.plan as { madeOn: string; versions: { stage: string }[]; sections: { F: { items: unknown[] } } };
    expect(plan.madeOn).toBe('2025-10-06');
    expect(plan.versions.map((v) => v.stage)).toEqual(['draft', 'final']);
    expect(plan.sections.F.items).toHaveLength(1);
    const history = (pkg.deadlines as Deadline[]).map((d) => d.kind);
    expect(history).toEqual(expect.arrayContaining(['decision_to_assess', 'final_plan', 'review_due', 'transfer_out']));
    expect((pkg.documents as { versionNumber: number }[]).map((d) => d.versionNumber)).toEqual([1, 2]);
    const after = await t.http.get(`/api/v1/transfers/${transferId}`).set(bearer(cwOld)).expect(200);
    expect(after.body).toMatchObject({ status: 'sent', sentOn: '2026-03-02' });
    expect(kind(after.body.deadlines, 'transfer_out')).toMatchObject({ status: 'met', completedOn: '2026-03-02' });
  });

  it('imports the package in the new LA: the plan maintained there, the 6-week notice and the first review by the later Regs 15(5) date', async () => {
    t.clock.set(londonNoon('2026-03-10'));
    const res = await t.http.post('/api/v1/transfers/import').set(bearer(cwNew)).send(pkg);
    expect(res.body).toMatchObject({ created: true });
    expect(res.status).toBe(201);
    importedId = res.body.id;
    newPlanId = res.body.planId;
    expect(res.body).toMatchObject({ direction: 'in', status: 'imported', transferredOn: '2026-03-10', otherLocalAuthorityName: oldLa.name, otherLocalAuthorityCode: oldLa.code, created: true });
    expect(newPlanId).not.toBe(planId);
    expect(kind(res.body.deadlines, 'transfer_reassessment_notice')).toMatchObject({ dueOn: '2026-04-21', status: 'open', regulation: 'SEND Regulations 2014, reg 15(4)' });
    // 12 months beginning with 6 October 2025 end on 5 October 2026, later than 3 months from the transfer (9 June).
    expect(kind(res.body.deadlines, 'review_due')).toMatchObject({ dueOn: '2026-10-05', regulation: 'SEND Regulations 2014, reg 15(5)' });
    const plan = await t.http.get(`/api/v1/plans/${newPlanId}`).set(bearer(cwNew)).expect(200);
    expect(plan.body).toMatchObject({ status: 'issued', finalIssuedOn: '2025-10-06', nextReviewDueOn: '2026-10-05' });
    expect(plan.body.sections.F.items).toHaveLength(1);
    const versions = await t.http.get(`/api/v1/plans/${newPlanId}/versions`).set(bearer(cwNew)).expect(200);
    expect(versions.body).toHaveLength(2);
    // The old LA sees its transfer received; neither LA sees the other's plan.
    const old = await t.http.get(`/api/v1/transfers/${transferId}`).set(bearer(cwOld)).expect(200);
    expect(old.body.status).toBe('received');
    await t.http.get(`/api/v1/plans/${newPlanId}`).set(bearer(cwOld)).expect(404);
    await t.http.get(`/api/v1/transfers/${importedId}`).set(bearer(cwOld)).expect(404);
  });

  it('answers a second import of the same package with the first (idempotent)', async () => {
    const again = await t.http.post('/api/v1/transfers/import').set(bearer(cwNew)).send(pkg).expect(201);
    expect(again.body).toMatchObject({ id: importedId, planId: newPlanId, created: false });
    const [{ n }] = await t.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM plans WHERE local_authority_id = $1`, [newLa.id]);
    expect(Number(n)).toBe(1);
  });

  it('plans the new LA’s reminders once and records the notice to the family (Regs 15(4))', async () => {
    const rows = await t.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM reminders r JOIN deadlines d ON d.id = r.deadline_id WHERE d.subject_id = $1 AND d.kind = 'transfer_reassessment_notice' AND r.stage = 'due_soon'`, [importedId]);
    expect(Number(rows[0].n)).toBe(1);
    const res = await t.http.post(`/api/v1/transfers/${importedId}/notice`).set(bearer(cwNew)).send({ sentOn: '2026-03-10', willAssess: false }).expect(200);
    expect(kind(res.body.deadlines, 'transfer_reassessment_notice')).toMatchObject({ status: 'met', completedOn: '2026-03-10' });
  });

  it('imports a package from a file another product wrote; a plan made long ago is reviewed within 3 months of the transfer', async () => {
    const filePkg = {
      format: 'ehcp-transfer-package',
      formatVersion: 1,
      transferId: randomUUID(),
      kind: 'plan',
      createdAt: '2026-03-09T09:00:00Z',
      from: { localAuthorityName: 'Elsewhere Borough Council', localAuthorityCode: '999' },
      to: { localAuthorityName: newLa.name },
      movesOn: '2026-03-10',
      learnedOn: '2026-02-20',
      child: { givenName: 'Filed', familyName: 'Child', dateOfBirth: '2012-01-15' },
      plan: {
        madeOn: '2024-04-01',
        lastReviewedOn: '2025-04-01',
        reviewsCompletedOn: ['2025-04-01'],
        sections: { A: { text: 'Likes drawing' }, B: { text: 'Needs', items: [{ id: 'n1', area: 'communication_and_interaction', description: 'Speech' }] } },
        versions: [{ number: 1, stage: 'final', issuedOn: '2024-04-01', sections: { A: { text: 'Likes drawing' } } }],
      },
      deadlines: [],
      documents: [],
    };
    const res = await t.http.post('/api/v1/transfers/import').set(bearer(cwNew)).send(filePkg).expect(201);
    // 12 months from 1 April 2025 end on 31 March 2026; 3 months beginning with 10 March 2026 end on 9 June 2026: the later.
    expect(kind(res.body.deadlines, 'review_due')).toMatchObject({ dueOn: '2026-06-09', status: 'open' });
    expect(res.body.otherLocalAuthorityCode).toBe('999');
    const badItems = { ...filePkg, transferId: randomUUID(), plan: { ...filePkg.plan, sections: { F: { text: 'x', items: [{ nonsense: true }] } } } };
    const refused = await t.http.post('/api/v1/transfers/import').set(bearer(cwNew)).send(badItems).expect(400);
    expect(refused.body.errors[0].field).toMatch(/^plan\.sections\.F\.items\.0/);
  });

  it('moves a child mid-assessment: the new LA decides within 6 weeks of becoming responsible, the old advice offered for reuse', async () => {
    t.clock.set(londonNoon('2026-03-16'));
    const cw = bearer(cwOld);
    const child = await t.http.post('/api/v1/children').set(cw).send({ givenName: 'Moving', familyName: 'Mid', dateOfBirth: '2018-02-02' }).expect(201);
    const a = await t.http.post('/api/v1/assessments').set(cw).send({ childId: child.body.id, requestReceivedOn: '2026-02-02', requestSource: 'parent' }).expect(201);
    await t.http.post(`/api/v1/assessments/${a.body.id}/decision-to-assess`).set(cw).send({ decision: 'assess', decidedOn: '2026-02-20' }).expect(200);
    const out = await t.http.post(`/api/v1/assessments/${a.body.id}/transfer-out`).set(cw).send({ toLocalAuthorityName: newLa.name, movesOn: '2026-03-16', learnedOn: '2026-03-13' }).expect(201);
    expect(out.body).toMatchObject({ kind: 'assessment', deadlines: [] });
    const assessmentPkg = (await t.http.get(`/api/v1/transfers/${out.body.id}/package`).set(cw).expect(200)).body;
    expect(assessmentPkg).toMatchObject({ kind: 'assessment', plan: null, assessment: { requestReceivedOn: '2026-02-02', status: 'assessing' } });
    assessmentPkg.assessment.advice = [{ discipline: 'psychology', receivedOn: '2026-03-01', summary: 'EP report' }];
    const imported = await t.http.post('/api/v1/transfers/import').set(bearer(cwNew)).send(assessmentPkg).expect(201);
    expect(imported.body).toMatchObject({ kind: 'assessment', planId: null, transferredOn: '2026-03-16', adviceOffered: [{ discipline: 'psychology', receivedOn: '2026-03-01', summary: 'EP report' }] });
    const assessment = await t.http.get(`/api/v1/assessments/${imported.body.assessmentId}`).set(bearer(cwNew)).expect(200);
    expect(assessment.body.deadlines).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'decision_to_assess', dueOn: '2026-04-27' })]));
  });
});
