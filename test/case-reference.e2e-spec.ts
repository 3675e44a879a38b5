import { randomUUID } from 'node:crypto';
import { Discipline, Role } from '@app/core';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createUser, TestUser } from './support/factories';
import { issueFinalPlan } from './support/issued-plan';
import { londonNoon } from './support/london';

/**
 * One reference per case (issue 23): stored, unique in the LA, readable, the same in the API's views (the case, the
 * caseload, the plan, the advice request) and in the emails, whose links go to the web's pages, never the JSON API.
 */
describe('case references (e2e)', () => {
  let t: TestApp;
  let caseworker: TestUser;
  let other: TestUser;
  let nurse: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-05-01'), config: { webPublicUrl: 'https://ehcp.council.example.gov.uk' } });
    const [la, otherLa] = [await createLocalAuthority(t.dataSource), await createLocalAuthority(t.dataSource)];
    caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    other = await createUser(t.dataSource, t.http, otherLa.id, Role.Caseworker);
    nurse = await createUser(t.dataSource, t.http, la.id, Role.Professional, { discipline: Discipline.Health });
  });
  afterAll(() => t.close());

  async function newCase(user: TestUser, requestReceivedOn: string): Promise<{ id: string; reference: string }> {
    const child = await t.http.post('/api/v1/children').set(bearer(user)).send({ givenName: 'Ref', familyName: 'Case', dateOfBirth: '2016-06-01' }).expect(201);
    const created = await t.http.post('/api/v1/assessments').set(bearer(user)).send({ childId: child.body.id, requestReceivedOn, requestSource: 'parent' }).expect(201);
    return { id: created.body.id, reference: created.body.reference };
  }

  it('numbers each LA’s cases by the year of the request, readable and unique in the LA', async () => {
    const first = await newCase(caseworker, '2026-03-02');
    const second = await newCase(caseworker, '2026-03-03');
    const lastYear = await newCase(caseworker, '2025-12-30');
    const elsewhere = await newCase(other, '2026-03-02');
    expect(first.reference).toMatch(/^EHC-2026-[0-9]{5}$/);
    expect(Number(second.reference.slice(-5))).toBe(Number(first.reference.slice(-5)) + 1);
    expect(lastYear.reference).toMatch(/^EHC-2025-[0-9]{5}$/);
    // Another LA counts its own cases.
    expect(elsewhere.reference).toBe('EHC-2026-00001');
    expect(first.reference).toBe('EHC-2026-00001');
    const detail = await t.http.get(`/api/v1/assessments/${second.id}`).set(bearer(caseworker)).expect(200);
    expect(detail.body.reference).toBe(second.reference);
  });

  it('numbers cases registered at the same moment without a gap or a repeat', async () => {
    const made = await Promise.all(Array.from({ length: 8 }, () => newCase(caseworker, '2024-06-03')));
    const numbers = made.map((m) => Number(m.reference.slice(-5))).sort((a, b) => a - b);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('numbers a row inserted without the service too (an import, the scale seeder)', async () => {
    const child = await t.http.post('/api/v1/children').set(bearer(caseworker)).send({ givenName: 'Raw', familyName: 'Row', dateOfBirth: '2016-06-01' }).expect(201);
    const [row] = await t.dataSource.query(
      `INSERT INTO assessments (id, local_authority_id, child_id, status, request_received_on, request_source, exceptions_apply, imported) VALUES ($1, $2, $3, 'awaiting_decision', '2023-01-05', 'parent', false, true) RETURNING reference`,
      [randomUUID(), caseworker.localAuthorityId, child.body.id],
    );
    expect(row.reference).toBe('EHC-2023-00001');
  });

  it('lists carry the child’s name and the reference; the caseload finds a case by its reference', async () => {
    const mine = await newCase(caseworker, '2026-04-01');
    const list = await t.http.get('/api/v1/assessments').query({ q: mine.reference.toLowerCase() }).set(bearer(caseworker)).expect(200);
    expect(list.body.items.map((i: { id: string; reference: string; childName: string }) => [i.id, i.reference, i.childName])).toEqual([[mine.id, mine.reference, 'Ref Case']]);
  });

  it('the plan, the advice request and the email about it carry the same reference; the email links to the web', async () => {
    const { assessmentId, planId } = await issueFinalPlan(t.http, caseworker, { dateOfBirth: '2016-06-01', requestReceivedOn: '2026-01-05', finalIssuedOn: '2026-04-10' });
    const assessment = await t.http.get(`/api/v1/assessments/${assessmentId}`).set(bearer(caseworker)).expect(200);
    const plan = await t.http.get(`/api/v1/plans/${planId}`).set(bearer(caseworker)).expect(200);
    expect(plan.body.caseReference).toBe(assessment.body.reference);

    const mine = await newCase(caseworker, '2026-04-06');
    await t.http.post(`/api/v1/assessments/${mine.id}/decision-to-assess`).set(bearer(caseworker)).send({ decision: 'assess', decidedOn: '2026-04-07' }).expect(200);
    const advice = await t.http.post(`/api/v1/assessments/${mine.id}/advice-requests`).set(bearer(caseworker)).send({ discipline: 'health', requestedOn: '2026-04-08', assigneeEmail: nurse.email }).expect(201);
    const inbox = await t.http.get('/api/v1/advice-requests').set(bearer(nurse)).expect(200);
    expect(inbox.body.items.find((i: { id: string }) => i.id === advice.body.id).caseReference).toBe(mine.reference);

    const [email] = await t.dataSource.query(`SELECT subject, body FROM email_outbox WHERE to_address = $1`, [nurse.email]);
    expect(email.subject).toBe(`Advice requested for case ${mine.reference}`);
    expect(email.body).toContain(`https://ehcp.council.example.gov.uk/advice/${advice.body.id}`);
    expect(email.body).not.toContain('/api/v1');
  });
});
