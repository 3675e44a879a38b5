import { Discipline, Role } from '@app/core';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createOrganisation, createUser, TestUser } from './support/factories';
import { londonNoon } from './support/london';

interface Kind {
  discipline: string;
  regulation: string;
}

/**
 * Advice before the draft (Regs 6(1), 6(4), 7; issue 24, point 13): the Regs 6(1)(a)-(e) advice sought or reused, a
 * documented override to draft without it, and the caseworker's confirmation to draft with advice outstanding.
 */
describe('Advice before the draft plan (e2e)', () => {
  let t: TestApp;
  let caseworker: TestUser;
  let nurse: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-04-20') });
    const la = await createLocalAuthority(t.dataSource);
    const trust = await createOrganisation(t.dataSource, [la.id]);
    caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    nurse = await createUser(t.dataSource, t.http, la.id, Role.Professional, { discipline: Discipline.Health, organisationId: trust });
  });
  afterAll(() => t.close());

  async function draftingCase(): Promise<string> {
    const cw = bearer(caseworker);
    const child = await t.http.post('/api/v1/children').set(cw).send({ givenName: 'Draft', familyName: 'Advice', dateOfBirth: '2016-03-14' }).expect(201);
    const id = (await t.http.post('/api/v1/assessments').set(cw).send({ childId: child.body.id, requestReceivedOn: '2026-01-05', requestSource: 'parent' }).expect(201)).body.id as string;
    await t.http.post(`/api/v1/assessments/${id}/decision-to-assess`).set(cw).send({ decision: 'assess', decidedOn: '2026-02-02' }).expect(200);
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
    return id;
  }

  it('names each kind not sought with its letter, refuses a short reason, asks to confirm what is outstanding, and records both on the answer, the timeline and the audit', async () => {
    const cw = bearer(caseworker);
    const id = await draftingCase();
    // Health asked of the trust's nurse (still owed); social care asked and received by post; the EP's report reused (Regs 6(4)).
    const health = await t.http.post(`/api/v1/assessments/${id}/advice-requests`).set(cw).send({ discipline: 'health', requestedOn: '2026-02-03', assigneeEmail: nurse.email }).expect(201);
    const social = await t.http.post(`/api/v1/assessments/${id}/advice-requests`).set(cw).send({ discipline: 'social_care', requestedOn: '2026-02-03' }).expect(201);
    await t.http.post(`/api/v1/advice-requests/${social.body.id}/received`).set(cw).send({ receivedOn: '2026-03-01' }).expect(200);
    await t.http
      .post(`/api/v1/assessments/${id}/reused-advice`)
      .set(cw)
      .send({ discipline: 'psychology', reusedAdvice: 'EP report of 3 November 2025 (SEN support review)', adviserAgreedOn: '2026-02-04', localAuthorityAgreedOn: '2026-02-05', familyAgreedOn: '2026-02-06', adviserName: 'Dr A. Patel', familyAgreedBy: 'Sam Jones (mother)' })
      .expect(201)
      .expect((res) => expect(res.body).toMatchObject({ status: 'reused', adviserName: 'Dr A. Patel', familyAgreedBy: 'Sam Jones (mother)', familyAgreedOn: '2026-02-06' }));

    const before = await t.http.get(`/api/v1/assessments/${id}`).set(cw).expect(200);
    expect(before.body.adviceBeforeDraft.notSought.map((k: Kind) => k.discipline)).toEqual(['parent', 'education']);
    expect(before.body.adviceBeforeDraft.outstanding).toEqual([{ adviceRequestId: health.body.id, discipline: 'health', regulation: 'SEND Regulations 2014, reg 6(1)(c)', requestedOn: '2026-02-03', status: 'requested' }]);

    const notSought = await t.http.post(`/api/v1/assessments/${id}/draft-plan`).set(cw).send({ issuedOn: '2026-04-20' }).expect(422);
    expect(notSought.body).toMatchObject({ type: expect.stringContaining('problems/advice-not-sought'), code: 'advice_not_sought', rule: 'SEND Regulations 2014, regs 6(1), 6(4) and 7' });
    expect(notSought.body.missing.map((k: Kind) => [k.discipline, k.regulation])).toEqual([
      ['parent', 'SEND Regulations 2014, reg 6(1)(a)'],
      ['education', 'SEND Regulations 2014, reg 6(1)(b)'],
    ]);
    expect(notSought.body.detail).toContain('6(1)(a)');
    // An override needs a documented reason of at least 10 characters.
    await t.http.post(`/api/v1/assessments/${id}/draft-plan`).set(cw).send({ issuedOn: '2026-04-20', overrideReason: 'urgent' }).expect(422);
    const reason = 'The family asked for the draft now; the school closed for Easter and the parent will add views at the meeting.';
    const outstanding = await t.http.post(`/api/v1/assessments/${id}/draft-plan`).set(cw).send({ issuedOn: '2026-04-20', overrideReason: reason }).expect(422);
    expect(outstanding.body).toMatchObject({ code: 'advice_outstanding', outstanding: [{ adviceRequestId: health.body.id, discipline: 'health', regulation: 'SEND Regulations 2014, reg 6(1)(c)' }] });
    // Nothing was written by the refusals.
    expect((await t.http.get(`/api/v1/assessments/${id}`).set(cw).expect(200)).body.status).toBe('drafting');

    const drafted = await t.http.post(`/api/v1/assessments/${id}/draft-plan`).set(cw).send({ issuedOn: '2026-04-20', overrideReason: reason, confirmOutstandingAdvice: true }).expect(200);
    expect(drafted.body.status).toBe('draft_issued');
    expect(drafted.body.draftAdvice).toEqual({
      notSought: [
        { discipline: 'parent', regulation: 'SEND Regulations 2014, reg 6(1)(a)', label: expect.any(String) },
        { discipline: 'education', regulation: 'SEND Regulations 2014, reg 6(1)(b)', label: expect.any(String) },
      ],
      overrideReason: reason,
      outstanding: [{ adviceRequestId: health.body.id, discipline: 'health', regulation: 'SEND Regulations 2014, reg 6(1)(c)', requestedOn: '2026-02-03', status: 'requested' }],
      outstandingConfirmed: true,
    });
    const timeline = await t.http.get(`/api/v1/assessments/${id}/timeline`).set(cw).expect(200);
    const draftEntry = timeline.body.find((e: { action: string }) => e.action === 'assessment.draft_issued');
    expect(draftEntry.summary).toContain('with advice outstanding: health (requested 2026-02-03)');
    expect(draftEntry.summary).toContain(`reason: ${reason}`);
    const reused = timeline.body.find((e: { action: string }) => e.action === 'advice.reused');
    expect(reused.summary).toBe('psychology advice: existing advice reused (Regs 6(4)), agreed by the adviser (Dr A. Patel) on 2026-02-04, the LA on 2026-02-05 and the parent or young person (Sam Jones (mother)) on 2026-02-06');
    const [audit] = await t.dataSource.query(`SELECT actor_user_id, metadata FROM audit_events WHERE action = 'assessment.draft_issued' AND entity_id = $1`, [id]);
    expect(audit.actor_user_id).toBe(caseworker.id);
    expect(audit.metadata.draftAdvice).toMatchObject({ overrideReason: reason, outstandingConfirmed: true });
  });

  it('keeps {issuedOn} alone valid when every kind is sought and all advice is in', async () => {
    const cw = bearer(caseworker);
    const id = await draftingCase();
    for (const discipline of ['parent', 'education', 'health', 'psychology', 'social_care']) {
      const request = await t.http.post(`/api/v1/assessments/${id}/advice-requests`).set(cw).send({ discipline, requestedOn: '2026-02-03' }).expect(201);
      await t.http.post(`/api/v1/advice-requests/${request.body.id}/received`).set(cw).send({ receivedOn: '2026-03-10' }).expect(200);
    }
    const drafted = await t.http.post(`/api/v1/assessments/${id}/draft-plan`).set(cw).send({ issuedOn: '2026-04-20' }).expect(200);
    expect(drafted.body).toMatchObject({ status: 'draft_issued', draftIssuedOn: '2026-04-20', draftAdvice: null, adviceBeforeDraft: { notSought: [], outstanding: [] } });
  });
});
