import { INestApplicationContext } from '@nestjs/common';
import { Role } from '@app/core';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createUser, TestUser } from './support/factories';
import { londonNoon } from './support/london';
import { flattenText, inspectPdf } from './support/pdf-inspect';
import { startTestWorker } from './support/worker';

const binary = (res: unknown, cb: (err: Error | null, body: unknown) => void) => {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
};

const CONTACTS = {
  mediationAdviser: { name: 'Global Mediation', phone: '0800 064 4488', email: 'send@globalmediation.test' },
  localAuthority: { name: 'SEND Team', address: 'Town Hall, Demo DB1 1AA', email: 'send@demo.test' },
  informationAdviceSupport: { name: 'Demo SENDIASS', phone: '01234 567890', website: 'https://sendiass.demo.test' },
  disagreementResolution: { name: 'Demo Disagreement Resolution', email: 'dr@demo.test' },
};

/** Complete decision notices (issue 24, point 4): the LA's contacts, the notice text and the PDF letter. */
describe('Decision notices and their letters (e2e)', () => {
  let t: TestApp;
  let worker: INestApplicationContext | null = null;
  let admin: TestUser;
  let caseworker: TestUser;
  let otherAdmin: TestUser;
  let otherCaseworker: TestUser;
  let assessmentId: string;
  const letterQuery = () => ({ subjectType: 'assessment', subjectId: assessmentId, decision: 'refuse_to_assess', notifiedOn: '2026-02-17' });

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-03-02') });
    const la = await createLocalAuthority(t.dataSource);
    const other = await createLocalAuthority(t.dataSource);
    admin = await createUser(t.dataSource, t.http, la.id, Role.LaAdmin);
    caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    otherAdmin = await createUser(t.dataSource, t.http, other.id, Role.LaAdmin);
    otherCaseworker = await createUser(t.dataSource, t.http, other.id, Role.Caseworker);
    const child = await t.http.post('/api/v1/children').set(bearer(caseworker)).send({ givenName: 'Zoë', familyName: 'Łukasz-Şükrü', dateOfBirth: '2016-03-14' }).expect(201);
    const assessment = await t.http.post('/api/v1/assessments').set(bearer(caseworker)).send({ childId: child.body.id, requestReceivedOn: '2026-01-05', requestSource: 'parent' }).expect(201);
    assessmentId = assessment.body.id;
    await t.http.post(`/api/v1/assessments/${assessmentId}/decision-to-assess`).set(bearer(caseworker)).send({ decision: 'refuse', decidedOn: '2026-02-16', notifiedOn: '2026-02-17' }).expect(200);
  });
  afterAll(async () => {
    await worker?.close();
    await t.close();
  });

  it('a notice before the LA has set its contacts says what is missing, and its letter is refused (422 naming them)', async () => {
    const view = await t.http.get(`/api/v1/assessments/${assessmentId}`).set(bearer(caseworker)).expect(200);
    const [notice] = view.body.decisionNotices;
    expect(notice).toMatchObject({ decision: 'refuse_to_assess', subjectType: 'assessment', subjectId: assessmentId, notifiedOn: '2026-02-17', appealDeadline: '2026-04-17', mediationAdviserContactBy: '2026-04-17', tribunalRecommendations: false });
    expect(notice.missingContacts).toEqual(['mediationAdviser', 'localAuthority', 'informationAdviceSupport', 'disagreementResolution']);
    expect(notice.text).toContain('have not been recorded');
    const refused = await t.http.get('/api/v1/decision-notices/letter').query(letterQuery()).set(bearer(caseworker)).expect(422);
    expect(refused.body).toMatchObject({ code: 'notice_contacts_missing', rule: 'SEND Regulations 2014, reg 32', missing: notice.missingContacts });
  });

  it('the LA administrator sets the contacts: validated (400), audited, per LA; a caseworker reads but cannot set them', async () => {
    expect((await t.http.get('/api/v1/local-authority/notice-contacts').set(bearer(admin)).expect(200)).body).toEqual({ mediationAdviser: null, localAuthority: null, informationAdviceSupport: null, disagreementResolution: null });
    const noWay = await t.http.put('/api/v1/local-authority/notice-contacts').set(bearer(admin)).send({ mediationAdviser: { name: 'Global Mediation' } }).expect(400);
    expect(noWay.body.errors).toEqual([expect.objectContaining({ field: 'mediationAdviser' })]);
    await t.http.put('/api/v1/local-authority/notice-contacts').set(bearer(admin)).send({ mediationAdviser: { name: 'X', email: 'not-an-email' } }).expect(400);
    await t.http.put('/api/v1/local-authority/notice-contacts').set(bearer(admin)).send({ informationAdviceSupport: { name: 'X', website: 'http://plain.test' } }).expect(400);
    await t.http.put('/api/v1/local-authority/notice-contacts').set(bearer(admin)).send({ localAuthority: { name: '   ', phone: '01234' } }).expect(400);
    await t.http.put('/api/v1/local-authority/notice-contacts').set(bearer(admin)).send({ localAuthority: { name: 'A', phone: 'call me' } }).expect(400);
    await t.http.put('/api/v1/local-authority/notice-contacts').set(bearer(caseworker)).send(CONTACTS).expect(403);
    const set = await t.http.put('/api/v1/local-authority/notice-contacts').set(bearer(admin)).send(CONTACTS).expect(200);
    expect(set.body.mediationAdviser).toMatchObject(CONTACTS.mediationAdviser);
    expect((await t.http.get('/api/v1/local-authority/notice-contacts').set(bearer(caseworker)).expect(200)).body.localAuthority).toMatchObject(CONTACTS.localAuthority);
    // Another LA's settings are its own.
    expect((await t.http.get('/api/v1/local-authority/notice-contacts').set(bearer(otherAdmin)).expect(200)).body.mediationAdviser).toBeNull();
    const audit = await t.dataSource.query(`SELECT changes FROM audit_events WHERE action = 'local_authority.notice_contacts_set' AND actor_user_id = $1`, [admin.id]);
    expect(audit).toHaveLength(1);
    expect(audit[0].changes.mediationAdviser.after).toMatchObject({ name: 'Global Mediation' });
  });

  it('the notice then carries every contact and the letter renders in the worker: 202, then a tagged PDF with them, its read audited', async () => {
    const view = await t.http.get(`/api/v1/assessments/${assessmentId}`).set(bearer(caseworker)).expect(200);
    const [notice] = view.body.decisionNotices;
    expect(notice.missingContacts).toEqual([]);
    expect(notice.text).toContain('Global Mediation: telephone 0800 064 4488, email send@globalmediation.test');
    expect(notice.text).toContain('SEND Team: Town Hall, Demo DB1 1AA, email send@demo.test');
    expect(notice.parts.map((p: { key: string }) => p.key)).toEqual(['decision', 'appeal', 'mediation_adviser', 'wish_to_mediate', 'disagreement_resolution', 'information_advice_support']);

    const pending = await t.http.get('/api/v1/decision-notices/letter').query(letterQuery()).set(bearer(caseworker)).expect(202);
    expect(pending.headers['retry-after']).toBe('2');
    expect(pending.body).toEqual({ status: 'rendering', noticeDocumentId: expect.any(String) });
    // A second request is the same letter, not a second one.
    const again = await t.http.get('/api/v1/decision-notices/letter').query(letterQuery()).set(bearer(caseworker)).expect(202);
    expect(again.body.noticeDocumentId).toBe(pending.body.noticeDocumentId);

    worker = await startTestWorker(t.config);
    let response = await t.http.get('/api/v1/decision-notices/letter').query(letterQuery()).set(bearer(caseworker)).buffer(true).parse(binary);
    for (let i = 0; i < 300 && response.status === 202; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      response = await t.http.get('/api/v1/decision-notices/letter').query(letterQuery()).set(bearer(caseworker)).buffer(true).parse(binary);
    }
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe('inline; filename="decision-notice-refuse_to_assess-2026-02-17.pdf"');
    const read = await inspectPdf(response.body as Buffer);
    expect(read.tagged).toBe(true);
    for (const font of read.fonts) expect(font).toMatchObject({ embedded: true, unicodeMap: true });
    const text = flattenText(read.text);
    for (const expected of ['Zoë Łukasz-Şükrü', 'Decision not to carry out an EHC needs assessment', 'Friday 17 April 2026', 'Global Mediation', 'SEND Team', 'Demo SENDIASS', 'Demo Disagreement Resolution', 'which issues you want to mediate about']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('recommendations');
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM audit_events WHERE action = 'decision_notice.pdf_read' AND entity_id = $1`, [assessmentId]);
    expect(count).toBe(1);
    const rows = await t.dataSource.query(`SELECT count(*)::int AS count FROM notice_documents WHERE subject_id = $1`, [assessmentId]);
    expect(rows[0].count).toBe(1);
  });

  it('another LA cannot reach the letter (404); a notice before the decision or a decision not on the case is a 422; bad input a 400', async () => {
    await t.http.get('/api/v1/decision-notices/letter').query(letterQuery()).set(bearer(otherCaseworker)).expect(404);
    await t.http.get('/api/v1/decision-notices/letter').query({ ...letterQuery(), notifiedOn: '2026-02-15' }).set(bearer(caseworker)).expect(422);
    await t.http.get('/api/v1/decision-notices/letter').query({ ...letterQuery(), decision: 'not_to_issue' }).set(bearer(caseworker)).expect(422);
    await t.http.get('/api/v1/decision-notices/letter').query({ ...letterQuery(), decision: 'made_up' }).set(bearer(caseworker)).expect(400);
    await t.http.get('/api/v1/decision-notices/letter').query({ ...letterQuery(), notifiedOn: '2026-02-30' }).set(bearer(caseworker)).expect(400);
  });
});
