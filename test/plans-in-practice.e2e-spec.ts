import { Discipline, Role } from '@app/core';
import TestAgent from 'supertest/lib/agent';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createOrganisation, createUser, TestUser } from './support/factories';
import { londonNoon } from './support/london';
import { seekAdviceForDraft } from './support/advice-before-draft';

/** A case taken to its draft plan with the given extra sections (G, I, J...), ready for the final plan. */
async function draftedPlan(http: TestAgent, caseworker: TestUser, extra: [string, unknown][], placement: { name: string; urn: string | null } = { name: 'Demo School', urn: null }, dateOfBirth = '2015-01-01'): Promise<{ assessmentId: string; planId: string }> {
  const cw = bearer(caseworker);
  const child = await http.post('/api/v1/children').set(cw).send({ givenName: 'Practice', familyName: 'Child', dateOfBirth }).expect(201);
  const assessment = await http.post('/api/v1/assessments').set(cw).send({ childId: child.body.id, requestReceivedOn: '2026-01-05', requestSource: 'parent' }).expect(201);
  const id = assessment.body.id as string;
  await http.post(`/api/v1/assessments/${id}/decision-to-assess`).set(cw).send({ decision: 'assess', decidedOn: '2026-02-02' }).expect(200);
  const decided = await http.post(`/api/v1/assessments/${id}/decision-to-issue`).set(cw).send({ decision: 'issue', decidedOn: '2026-03-02' }).expect(200);
  const planId = decided.body.planId as string;
  const sections: [string, unknown][] = [
    ['A', { text: 'Loves music.' }],
    ['B', { text: 'Needs', items: [{ id: 'n1', area: 'cognition_and_learning', description: 'Reading' }] }],
    ['E', { text: 'Outcomes', items: [{ id: 'o1', description: 'Reads fluently', needIds: ['n1'] }] }],
    ['F', { text: 'Provision', items: [{ id: 'p1', description: 'Phonics 1:1', frequency: '5 hours a week', duration: '1 year', deliveredBy: 'Teaching assistant', outcomeIds: ['o1'] }] }],
    ...extra,
  ];
  for (const [code, body] of sections) {
    const plan = await http.get(`/api/v1/plans/${planId}`).set(cw).expect(200);
    await http.put(`/api/v1/plans/${planId}/sections/${code}`).set(cw).set('if-match', plan.headers.etag as string).send(body as object).expect(200);
  }
  await seekAdviceForDraft(http, cw, id);
  await http.post(`/api/v1/assessments/${id}/draft-plan`).set(cw).send({ issuedOn: '2026-04-01' }).expect(200);
  const plan = await http.get(`/api/v1/plans/${planId}`).set(cw).expect(200);
  // The draft names no school (CFA s38(5)): section I is written after it.
  await http.put(`/api/v1/plans/${planId}/sections/I`).set(cw).set('if-match', plan.headers.etag as string).send({ text: '', items: [{ ...placement, type: 'Mainstream school' }] }).expect(200);
  await http.post(`/api/v1/assessments/${id}/representations`).set(cw).send({ receivedOn: '2026-04-02' }).expect(200);
  return { assessmentId: id, planId };
}

const G = ['G', { text: 'Health provision', items: [{ id: 'g1', description: 'Speech and language therapy', frequency: 'fortnightly', duration: '1 year', deliveredBy: 'NHS SLT', outcomeIds: ['o1'] }] }] as [string, unknown];

/**
 * The plan in practice (statutory-rules.md section 9): section G agreed by the health body before the final plan;
 * health and social care told of the assessment; a personal budget asked for and decided; a school reporting
 * provision not in place, which a manager sees; preparation for adulthood from Year 9.
 */
describe('plans in practice: health, personal budgets, provision delivered (e2e)', () => {
  let t: TestApp;
  let cw: TestUser;
  let manager: TestUser;
  let admin: TestUser;
  let health: TestUser;
  let otherHealth: TestUser;
  let senco: TestUser;
  let awayManager: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-05-01') });
    const la = await createLocalAuthority(t.dataSource);
    const away = await createLocalAuthority(t.dataSource);
    const nhs = await createOrganisation(t.dataSource, la.id, 'nhs_body');
    const otherNhs = await createOrganisation(t.dataSource, la.id, 'nhs_body');
    const school = await createOrganisation(t.dataSource, la.id, 'school');
    await t.dataSource.query(`UPDATE organisations SET urn = '123456' WHERE id = $1`, [school]);
    cw = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    manager = await createUser(t.dataSource, t.http, la.id, Role.Manager);
    admin = await createUser(t.dataSource, t.http, la.id, Role.LaAdmin);
    health = await createUser(t.dataSource, t.http, la.id, Role.Professional, { discipline: Discipline.Health, organisationId: nhs });
    otherHealth = await createUser(t.dataSource, t.http, la.id, Role.Professional, { discipline: Discipline.Health, organisationId: otherNhs });
    senco = await createUser(t.dataSource, t.http, la.id, Role.Professional, { discipline: Discipline.Education, organisationId: school });
    awayManager = await createUser(t.dataSource, t.http, away.id, Role.Manager);
    await t.http.put('/api/v1/designated-officers').set(bearer(admin)).send({ dco: { name: 'Dr Clinic', email: 'dco@nhs.test' }, dsco: { name: 'Sam Social', email: 'dsco@la.test' } }).expect(200);
    (t as unknown as { nhs: string }).nhs = nhs;
  });
  afterAll(() => t.close());

  describe('section G agreed by the health commissioning body', () => {
    it('refuses a final plan whose G holds provision without the body’s sign-off (422 health_sign_off_missing), then issues once a health user of the body agrees', async () => {
      const { assessmentId, planId } = await draftedPlan(t.http, cw, [G]);
      const refused = await t.http.post(`/api/v1/assessments/${assessmentId}/final-plan`).set(bearer(cw)).send({ issuedOn: '2026-04-20' }).expect(422);
      expect(refused.body).toMatchObject({ code: 'health_sign_off_missing' });
      expect(refused.headers['content-type']).toMatch(/problem\+json/);
      await t.http.put(`/api/v1/plans/${planId}/health-body`).set(bearer(cw)).send({ organisationId: (t as unknown as { nhs: string }).nhs }).expect(200);
      // The body's health users find the plan in their inbox, with section G as it stands; nobody else does.
      const inbox = await t.http.get('/api/v1/health-sign-off-inbox').set(bearer(health)).expect(200);
      expect(inbox.body.find((i: { planId: string }) => i.planId === planId)).toMatchObject({ childName: 'Practice Child', planStatus: 'draft_issued', sectionG: { text: 'Health provision', items: [expect.objectContaining({ id: 'g1', description: 'Speech and language therapy' })] }, status: { satisfied: false, sectionGHasProvision: true } });
      for (const other of [otherHealth, senco]) {
        const theirs = await t.http.get('/api/v1/health-sign-off-inbox').set(bearer(other)).expect(200);
        expect(theirs.body.map((i: { planId: string }) => i.planId)).not.toContain(planId);
      }
      await t.http.get('/api/v1/health-sign-off-inbox').set(bearer(cw)).expect(403);
      // The case team cannot agree for the body; a health user of another body cannot see the plan.
      const byCaseworker = await t.http.post(`/api/v1/plans/${planId}/health-sign-off`).set(bearer(cw)).send({ agreedOn: '2026-04-15' }).expect(422);
      expect(byCaseworker.body.code).toBe('health_sign_off_not_allowed');
      await t.http.post(`/api/v1/plans/${planId}/health-sign-off`).set(bearer(otherHealth)).send({ agreedOn: '2026-04-15' }).expect(404);
      await t.http.post(`/api/v1/plans/${planId}/health-sign-off`).set(bearer(admin)).send({ agreedOn: '2026-04-15' }).expect(403);
      const signed = await t.http.post(`/api/v1/plans/${planId}/health-sign-off`).set(bearer(health)).send({ agreedOn: '2026-04-15' }).expect(200);
      expect(signed.body).toMatchObject({ sectionGHasProvision: true, satisfied: true, signOffs: [expect.objectContaining({ kind: 'agreed', agreedOn: '2026-04-15', current: true })] });
      const issued = await t.http.post(`/api/v1/assessments/${assessmentId}/final-plan`).set(bearer(cw)).send({ issuedOn: '2026-04-20' }).expect(200);
      expect(issued.body.status).toBe('plan_issued');
      const audit = await t.dataSource.query(`SELECT action FROM audit_events WHERE entity_id = $1 AND action LIKE 'plan.health%'`, [planId]);
      expect(audit.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['plan.health_body_set', 'plan.health_signed_off']));
    });

    it('makes a sign-off stale when G changes after it; the caseworker may issue with a documented override, audited', async () => {
      const { assessmentId, planId } = await draftedPlan(t.http, cw, [G]);
      await t.http.post(`/api/v1/plans/${planId}/health-sign-off`).set(bearer(health)).send({ agreedOn: '2026-04-15' }).expect(200);
      const plan = await t.http.get(`/api/v1/plans/${planId}`).set(bearer(cw)).expect(200);
      await t.http.put(`/api/v1/plans/${planId}/sections/G`).set(bearer(cw)).set('if-match', plan.headers.etag as string).send({ text: 'Changed', items: [{ id: 'g1', description: 'Occupational therapy', outcomeIds: ['o1'] }] }).expect(200);
      const status = await t.http.get(`/api/v1/plans/${planId}/health-sign-off`).set(bearer(cw)).expect(200);
      expect(status.body).toMatchObject({ satisfied: false, signOffs: [expect.objectContaining({ current: false })] });
      await t.http.post(`/api/v1/assessments/${assessmentId}/final-plan`).set(bearer(cw)).send({ issuedOn: '2026-04-20' }).expect(422);
      await t.http.post(`/api/v1/assessments/${assessmentId}/final-plan`).set(bearer(cw)).send({ issuedOn: '2026-04-20', overrideReason: 'CCG agreed by letter of 14 April; portal down' }).expect(200);
      const after = await t.http.get(`/api/v1/plans/${planId}/health-sign-off`).set(bearer(cw)).expect(200);
      expect(after.body.signOffs.at(-1)).toMatchObject({ kind: 'override', overrideReason: 'CCG agreed by letter of 14 April; portal down', current: true });
      const audit = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1 AND action = 'plan.health_sign_off_overridden'`, [planId]);
      expect(audit[0].n).toBe(1);
    });

    it('needs no sign-off when G is empty, and records the notices to health and social care, addressed to the DCO and DSCO', async () => {
      const { assessmentId, planId } = await draftedPlan(t.http, cw, []);
      await t.http.post(`/api/v1/assessments/${assessmentId}/final-plan`).set(bearer(cw)).send({ issuedOn: '2026-04-20' }).expect(200);
      expect((await t.http.get(`/api/v1/plans/${planId}/health-sign-off`).set(bearer(cw)).expect(200)).body).toMatchObject({ sectionGHasProvision: false, satisfied: true });
      const notices = await t.http.get(`/api/v1/assessments/${assessmentId}/body-notices`).set(bearer(cw)).expect(200);
      expect(notices.body).toHaveLength(4);
      expect(notices.body).toEqual(expect.arrayContaining([
        expect.objectContaining({ body: 'health', event: 'assessment_considered', notifiedOn: '2026-01-05', addressee: { name: 'Dr Clinic', email: 'dco@nhs.test' }, regulation: 'SEND Regulations 2014, reg 4(2) (verify)' }),
        expect.objectContaining({ body: 'social_care', event: 'decision', notifiedOn: '2026-02-02', addressee: { name: 'Sam Social', email: 'dsco@la.test' } }),
      ]));
      await t.http.get(`/api/v1/assessments/${assessmentId}/body-notices`).set(bearer(awayManager)).expect(404);
    });
  });

  describe('personal budgets (CFA s49)', () => {
    it('takes the family’s request at draft, records the budget, section J structured and direct payments reviewed', async () => {
      const { planId } = await draftedPlan(t.http, cw, []);
      const req = await t.http.post(`/api/v1/plans/${planId}/personal-budget-requests`).set(bearer(cw)).send({ receivedOn: '2026-04-10' }).expect(201);
      expect(req.body).toMatchObject({ stage: 'draft', status: 'requested' });
      const noAmount = await t.http.post(`/api/v1/personal-budget-requests/${req.body.id}/decision`).set(bearer(cw)).send({ decision: 'agree', notifiedOn: '2026-04-20' }).expect(400);
      expect(noAmount.body.errors[0].field).toBe('amount');
      const agreed = await t.http.post(`/api/v1/personal-budget-requests/${req.body.id}/decision`).set(bearer(cw)).send({ decision: 'agree', amount: 4500.5, notifiedOn: '2026-04-20' }).expect(200);
      expect(agreed.body).toMatchObject({ status: 'agreed', amount: 4500.5, decisionNotifiedOn: '2026-04-20' });
      await t.http.post(`/api/v1/personal-budget-requests/${req.body.id}/decision`).set(bearer(cw)).send({ decision: 'refuse', reason: 'x', notifiedOn: '2026-04-21' }).expect(409);
      const plan = await t.http.get(`/api/v1/plans/${planId}`).set(bearer(cw)).expect(200);
      const j = await t.http.put(`/api/v1/plans/${planId}/sections/J`).set(bearer(cw)).set('if-match', plan.headers.etag as string).send({ text: 'Personal budget', items: [{ description: 'Phonics tutor', annualAmountPence: 450050, directPayment: true, provisionIds: ['p1'], monitoring: 'Termly statement to the SEN team' }] }).expect(200);
      expect(j.body.sections.J.items[0]).toMatchObject({ provisionIds: ['p1'], monitoring: 'Termly statement to the SEN team', directPayment: true });
      const reviewed = await t.http.post(`/api/v1/personal-budget-requests/${req.body.id}/direct-payment-reviews`).set(bearer(cw)).send({ reviewedOn: '2026-04-30', notes: 'Spent as agreed' }).expect(200);
      expect(reviewed.body.directPaymentReviews).toEqual([{ reviewedOn: '2026-04-30', reviewId: null, notes: 'Spent as agreed' }]);
      await t.http.get(`/api/v1/personal-budget-requests/${req.body.id}`).set(bearer(awayManager)).expect(404);
    });

    it('refuses with reasons only', async () => {
      const { planId } = await draftedPlan(t.http, cw, []);
      const req = await t.http.post(`/api/v1/plans/${planId}/personal-budget-requests`).set(bearer(cw)).send({ receivedOn: '2026-04-10' }).expect(201);
      await t.http.post(`/api/v1/personal-budget-requests/${req.body.id}/decision`).set(bearer(cw)).send({ decision: 'refuse', notifiedOn: '2026-04-20' }).expect(400);
      const refused = await t.http.post(`/api/v1/personal-budget-requests/${req.body.id}/decision`).set(bearer(cw)).send({ decision: 'refuse', reason: 'The provision cannot be separated from the school’s (Personal Budgets Regs 2014)', notifiedOn: '2026-04-20' }).expect(200);
      expect(refused.body).toMatchObject({ status: 'refused', amount: null });
    });
  });

  describe('provision actually delivered (CFA s42(2))', () => {
    let planId: string;

    it('lets the school named in section I report provision not in place through its inbox; a manager sees the plan at risk', async () => {
      ({ planId } = await draftedPlan(t.http, cw, [], { name: 'Practice School', urn: '123456' }));
      const plan = await t.http.get(`/api/v1/plans/${planId}`).set(bearer(cw)).expect(200);
      const assessmentId = plan.body.assessmentId as string;
      await t.http.post(`/api/v1/assessments/${assessmentId}/final-plan`).set(bearer(cw)).send({ issuedOn: '2026-04-20' }).expect(200);
      const inbox = await t.http.get('/api/v1/provision-inbox').set(bearer(senco)).expect(200);
      expect(inbox.body).toEqual([expect.objectContaining({ planId, childName: 'Practice Child', provision: [expect.objectContaining({ provisionId: 'p1', section: 'F', latest: null })] })]);
      const report = await t.http.put(`/api/v1/plans/${planId}/provision/p1/delivery`).set(bearer(senco)).send({ inPlace: false, since: '2026-04-20', reason: 'No teaching assistant recruited yet' }).expect(200);
      expect(report.body).toMatchObject({ inPlace: false, gap: true, reportedBy: 'setting', section: 'F' });
      // Others cannot report on it or see it.
      await t.http.put(`/api/v1/plans/${planId}/provision/p1/delivery`).set(bearer(otherHealth)).send({ inPlace: true }).expect(404);
      await t.http.put(`/api/v1/plans/${planId}/provision/nope/delivery`).set(bearer(cw)).send({ inPlace: true }).expect(404);
      const atRisk = await t.http.get('/api/v1/reports/provision-not-in-place').set(bearer(manager)).expect(200);
      expect(atRisk.body).toEqual([expect.objectContaining({ planId, childName: 'Practice Child', items: [expect.objectContaining({ provisionId: 'p1', inPlace: false, reason: 'No teaching assistant recruited yet' })] })]);
      expect((await t.http.get('/api/v1/reports/provision-not-in-place').set(bearer(awayManager)).expect(200)).body).toEqual([]);
      await t.http.get('/api/v1/reports/provision-not-in-place').set(bearer(cw)).expect(403);
    });

    it('counts hours short of those specified as a gap, and clears the plan once delivered in full', async () => {
      const short = await t.http.put(`/api/v1/plans/${planId}/provision/p1/delivery`).set(bearer(cw)).send({ inPlace: true, since: '2026-04-27', hoursDelivered: 3, hoursSpecified: 5, period: 'week', reason: 'Assistant part-time until June' }).expect(200);
      expect(short.body).toMatchObject({ gap: true, reportedBy: 'la', hoursDelivered: 3, hoursSpecified: 5 });
      expect((await t.http.get('/api/v1/reports/provision-not-in-place').set(bearer(manager)).expect(200)).body).toHaveLength(1);
      await t.http.put(`/api/v1/plans/${planId}/provision/p1/delivery`).set(bearer(senco)).send({ inPlace: true, since: '2026-04-27', hoursDelivered: 5, hoursSpecified: 5, period: 'week' }).expect(200);
      expect((await t.http.get('/api/v1/reports/provision-not-in-place').set(bearer(manager)).expect(200)).body).toEqual([]);
      const history = await t.http.get(`/api/v1/plans/${planId}/provision`).set(bearer(cw)).expect(200);
      expect(history.body.provision[0].latest).toMatchObject({ inPlace: true, gap: false });
    });
  });
});
