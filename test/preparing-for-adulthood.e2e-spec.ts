import { Role } from '@app/core';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createUser, TestUser } from './support/factories';
import { issueFinalPlan } from './support/issued-plan';
import { londonNoon } from './support/london';

/**
 * Preparing for adulthood through the API (CoP 8.9, 9.166; Regs 12(3); CFA s46): a Year 9 review records the four
 * areas, E and F carry outcomes and provision for them, the plan's s46 end date, and the transition to adult social care.
 */
describe('preparing for adulthood (e2e)', () => {
  let t: TestApp;
  let cw: TestUser;
  let other: TestUser;
  let planId: string;

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-10-01') });
    const la = await createLocalAuthority(t.dataSource);
    const elsewhere = await createLocalAuthority(t.dataSource);
    cw = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    other = await createUser(t.dataSource, t.http, elsewhere.id, Role.Caseworker);
    // Born 10 May 2013: Year 9 in 2026/27.
    ({ planId } = await issueFinalPlan(t.http, cw, { dateOfBirth: '2013-05-10', requestReceivedOn: '2026-01-05', finalIssuedOn: '2026-05-01' }));
  });
  afterAll(() => t.close());

  it('flags a Year 9 plan whose E and F lack outcomes and provision for adulthood, with the s46 end date', async () => {
    const res = await t.http.get(`/api/v1/plans/${planId}/preparing-for-adulthood`).set(bearer(cw)).expect(200);
    expect(res.body).toMatchObject({ yearGroup: 9, required: true, planMayContinueUntil: '2038-07-31', adultSocialCareTransition: null });
    expect(res.body.findings.map((f: { code: string }) => f.code).sort()).toEqual(['pfa_outcomes_missing', 'pfa_provision_missing']);
    await t.http.get(`/api/v1/plans/${planId}/preparing-for-adulthood`).set(bearer(other)).expect(404);
  });

  it('records preparation for adulthood at the Year 9 review; a held review without it is a finding', async () => {
    const review = await t.http.post(`/api/v1/plans/${planId}/reviews`).set(bearer(cw)).send({ meetingOn: '2026-09-28' }).expect(201);
    expect(review.body).toMatchObject({ status: 'held', yearGroup: 9, preparingForAdulthood: true });
    const before = await t.http.get(`/api/v1/plans/${planId}/preparing-for-adulthood`).set(bearer(cw)).expect(200);
    expect(before.body.findings.map((f: { code: string }) => f.code)).toContain('pfa_review_missing');
    await t.http.put(`/api/v1/reviews/${review.body.id}/preparing-for-adulthood`).set(bearer(other)).send({ employment: 'x', independentLiving: 'x', community: 'x', health: 'x' }).expect(404);
    const bad = await t.http.put(`/api/v1/reviews/${review.body.id}/preparing-for-adulthood`).set(bearer(cw)).send({ employment: 'Wants to work with animals' }).expect(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    const recorded = await t.http
      .put(`/api/v1/reviews/${review.body.id}/preparing-for-adulthood`)
      .set(bearer(cw))
      .send({ employment: 'Wants to work with animals; work experience at a farm in Year 10', independentLiving: 'Travel training to school', community: 'Joins a youth club', health: 'Manages own medication with support' })
      .expect(200);
    expect(recorded.body.reviews).toEqual([expect.objectContaining({ reviewId: review.body.id, independentLiving: 'Travel training to school' })]);
    expect(recorded.body.findings.map((f: { code: string }) => f.code)).not.toContain('pfa_review_missing');
  });

  it('clears the findings once E and F carry outcomes and provision tagged for adulthood, and records the transition to adult social care', async () => {
    const cwh = bearer(cw);
    let plan = await t.http.get(`/api/v1/plans/${planId}`).set(cwh).expect(200);
    await t.http.put(`/api/v1/plans/${planId}/sections/E`).set(cwh).set('if-match', plan.headers.etag as string).send({ text: 'Outcomes', items: [{ id: 'o1', description: 'Reads fluently', needIds: ['n1'] }, { id: 'o2', description: 'Travels to college independently by 16', needIds: ['n1'], preparingForAdulthood: 'independent_living' }] }).expect(200);
    plan = await t.http.get(`/api/v1/plans/${planId}`).set(cwh).expect(200);
    const bad = await t.http.put(`/api/v1/plans/${planId}/sections/F`).set(cwh).set('if-match', plan.headers.etag as string).send({ text: 'Provision', items: [{ id: 'p2', description: 'Travel training', outcomeIds: ['o2'], preparingForAdulthood: 'flying' }] }).expect(400);
    expect(bad.body.errors[0].field).toMatch(/preparingForAdulthood/);
    await t.http.put(`/api/v1/plans/${planId}/sections/F`).set(cwh).set('if-match', plan.headers.etag as string).send({ text: 'Provision', items: [{ id: 'p1', description: 'Phonics', outcomeIds: ['o1'] }, { id: 'p2', description: 'Travel training, weekly for a term', outcomeIds: ['o2'], preparingForAdulthood: 'independent_living' }] }).expect(200);
    const after = await t.http.put(`/api/v1/plans/${planId}/adult-social-care-transition`).set(cwh).send({ assessedOn: '2026-09-30', notes: 'Care Act transition assessment started' }).expect(200);
    expect(after.body).toMatchObject({ findings: [], adultSocialCareTransition: { assessedOn: '2026-09-30', notes: 'Care Act transition assessment started' } });
  });
});
