import { Discipline, Role } from '@app/core';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createOrganisation, createUser, TestUser } from './support/factories';
import { londonNoon } from './support/london';
import { seekAdviceForDraft } from './support/advice-before-draft';

/** Advice still owed at the final plan is closed with a reason and leaves the adviser's inbox (issue 24, point 13). */
describe('Advice closed when the final plan is issued (e2e)', () => {
  let t: TestApp;
  let caseworker: TestUser;
  let psychologist: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-05-20') });
    const la = await createLocalAuthority(t.dataSource);
    const service = await createOrganisation(t.dataSource, [la.id]);
    caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    psychologist = await createUser(t.dataSource, t.http, la.id, Role.Professional, { discipline: Discipline.Psychology, organisationId: service });
  });
  afterAll(() => t.close());

  it('cancels the outstanding request on the final plan’s day with the reason, audited; the inbox’s outstanding list no longer has it', async () => {
    const cw = bearer(caseworker);
    const child = await t.http.post('/api/v1/children').set(cw).send({ givenName: 'Advice', familyName: 'Child', dateOfBirth: '2016-03-14' }).expect(201);
    const id = (await t.http.post('/api/v1/assessments').set(cw).send({ childId: child.body.id, requestReceivedOn: '2026-01-05', requestSource: 'parent' }).expect(201)).body.id as string;
    await t.http.post(`/api/v1/assessments/${id}/decision-to-assess`).set(cw).send({ decision: 'assess', decidedOn: '2026-02-02' }).expect(200);
    const advice = await t.http.post(`/api/v1/assessments/${id}/advice-requests`).set(cw).send({ discipline: 'psychology', requestedOn: '2026-02-03', assigneeEmail: psychologist.email }).expect(201);
    const inbox = await t.http.get('/api/v1/advice-requests?status=outstanding').set(bearer(psychologist)).expect(200);
    expect(JSON.stringify(inbox.body)).toContain(advice.body.id);
    const planId = (await t.http.post(`/api/v1/assessments/${id}/decision-to-issue`).set(cw).send({ decision: 'issue', decidedOn: '2026-03-20' }).expect(200)).body.planId as string;
    const sections: [string, unknown][] = [
      ['A', { text: 'Loves football.' }],
      ['B', { text: 'Needs', items: [{ id: 'n1', area: 'cognition_and_learning', description: 'Reading' }] }],
      ['E', { text: 'Outcomes', items: [{ id: 'o1', description: 'Reads fluently', needIds: ['n1'] }] }],
      ['F', { text: 'Provision', items: [{ id: 'p1', description: 'Phonics', frequency: 'daily', duration: '1 year', deliveredBy: 'Teacher', outcomeIds: ['o1'] }] }],
    ];
    for (const [index, [code, body]] of sections.entries()) {
      await t.http.put(`/api/v1/plans/${planId}/sections/${code}`).set(cw).set('if-match', `"${index + 1}"`).send(body as object).expect(200);
    }
    await seekAdviceForDraft(t.http, cw, id);
    await t.http.post(`/api/v1/assessments/${id}/draft-plan`).set(cw).send({ issuedOn: '2026-04-20', confirmOutstandingAdvice: true }).expect(200);
    const plan = await t.http.get(`/api/v1/plans/${planId}`).set(cw).expect(200);
    await t.http.put(`/api/v1/plans/${planId}/sections/I`).set(cw).set('if-match', plan.headers.etag as string).send({ text: '', items: [{ name: 'Demo School', urn: null, type: 'Mainstream school' }] }).expect(200);
    await t.http.post(`/api/v1/assessments/${id}/representations`).set(cw).send({ receivedOn: '2026-04-30' }).expect(200);
    await t.http.post(`/api/v1/assessments/${id}/final-plan`).set(cw).send({ issuedOn: '2026-05-18' }).expect(200);

    const closed = await t.http.get(`/api/v1/advice-requests/${advice.body.id}`).set(cw).expect(200);
    expect(closed.body).toMatchObject({ status: 'cancelled', cancelledOn: '2026-05-18', cancellationReason: expect.stringContaining('final EHC plan was issued on 2026-05-18') });
    const after = await t.http.get('/api/v1/advice-requests?status=outstanding').set(bearer(psychologist)).expect(200);
    expect(JSON.stringify(after.body)).not.toContain(advice.body.id);
    const audit = await t.dataSource.query(`SELECT count(*)::int AS count FROM audit_events WHERE action = 'advice_request.cancelled' AND entity_id = $1`, [advice.body.id]);
    expect(audit[0].count).toBe(1);
    // Its deadline no longer chases the adviser.
    const view = await t.http.get(`/api/v1/assessments/${id}`).set(cw).expect(200);
    const deadline = view.body.deadlines.find((d: { adviceRequestId: string | null }) => d.adviceRequestId === advice.body.id);
    expect(deadline?.status).not.toBe('overdue');
    expect(deadline?.status).not.toBe('open');
  });
});
