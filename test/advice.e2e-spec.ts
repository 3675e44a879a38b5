import { Discipline, Role } from '@app/core';
import { startTestApp, TestApp } from './support/app';
import { admitMember, bearer, createLocalAuthority, createOrganisation, createUser, TestUser } from './support/factories';
import { londonNoon } from './support/london';

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF\n')]);
const EXE_AS_PDF = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00', 'latin1'), Buffer.alloc(500)]);
const ADVICE = { summary: 'Needs speech and language support.', needs: [{ area: 'communication_and_interaction', description: 'Expressive language delay' }], outcomes: [{ description: 'Uses 3-word sentences', timescale: 'by July 2027' }], provision: [{ description: 'Speech and language therapy', frequency: '30 minutes weekly', duration: '12 months', deliveredBy: 'NHS SLT' }] };

/**
 * Advice from professionals: requests addressed to a person or an organisation's inbox (spanning the LAs it serves),
 * submission with files, review by the caseworker, adviser exceptions, "tell us once", and the caseworker's views.
 */
describe('advice (e2e)', () => {
  let t: TestApp;
  let caseworker: TestUser;
  let otherLaCaseworker: TestUser;
  let nurse: TestUser; // in the trust, as both LAs know it
  let colleague: TestUser; // same trust, not the named assignee
  let stranger: TestUser; // another organisation of the same LA
  let la: { id: string };
  let otherLa: { id: string };
  let trust: string;
  let otherLaTrust: string; // the other LA's own record of the same trust

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-04-01') });
    la = await createLocalAuthority(t.dataSource);
    otherLa = await createLocalAuthority(t.dataSource);
    trust = await createOrganisation(t.dataSource, la.id);
    otherLaTrust = await createOrganisation(t.dataSource, otherLa.id);
    caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    otherLaCaseworker = await createUser(t.dataSource, t.http, otherLa.id, Role.Caseworker);
    nurse = await createUser(t.dataSource, t.http, la.id, Role.Professional, { discipline: Discipline.Health, organisationId: trust });
    colleague = await createUser(t.dataSource, t.http, la.id, Role.Professional, { discipline: Discipline.Health, organisationId: trust });
    // The other LA admits both clinicians to its record of the trust.
    await admitMember(t.dataSource, otherLaTrust, nurse.id);
    await admitMember(t.dataSource, otherLaTrust, colleague.id);
    stranger = await createUser(t.dataSource, t.http, la.id, Role.Professional, { discipline: Discipline.Health, organisationId: await createOrganisation(t.dataSource, [la.id]) });
  });
  afterAll(() => t.close());

  async function assessmentFor(user: TestUser, requestReceivedOn = '2026-01-05') {
    const child = await t.http.post('/api/v1/children').set(bearer(user)).send({ givenName: 'Ada', familyName: 'Advice', dateOfBirth: '2016-06-01' }).expect(201);
    const assessment = await t.http.post('/api/v1/assessments').set(bearer(user)).send({ childId: child.body.id, requestReceivedOn, requestSource: 'parent' }).expect(201);
    await t.http.post(`/api/v1/assessments/${assessment.body.id}/decision-to-assess`).set(bearer(user)).send({ decision: 'assess', decidedOn: '2026-02-02' }).expect(200);
    return assessment.body.id as string;
  }

  async function requestAdvice(user: TestUser, assessmentId: string, body: Record<string, unknown>) {
    return (await t.http.post(`/api/v1/assessments/${assessmentId}/advice-requests`).set(bearer(user)).send({ discipline: 'health', requestedOn: '2026-02-03', ...body }).expect(201)).body;
  }

  const upload = (user: TestUser, id: string, content: Buffer, fileName = 'report.pdf') =>
    t.http.post(`/api/v1/advice-requests/${id}/attachments?fileName=${encodeURIComponent(fileName)}`).set(bearer(user)).set('content-type', 'application/octet-stream').send(content);

  it('gives a professional one inbox across the LAs that admitted them, and nothing else', async () => {
    const here = await requestAdvice(caseworker, await assessmentFor(caseworker), { assigneeOrganisationId: trust });
    const there = await requestAdvice(otherLaCaseworker, await assessmentFor(otherLaCaseworker), { assigneeOrganisationId: otherLaTrust });
    const inbox = await t.http.get('/api/v1/advice-requests').set(bearer(colleague)).expect(200);
    const ids = inbox.body.items.map((r: { id: string }) => r.id);
    expect(ids).toEqual(expect.arrayContaining([here.id, there.id]));
    const one = await t.http.get(`/api/v1/advice-requests/${there.id}`).set(bearer(colleague)).expect(200);
    expect(Object.keys(one.body.child).sort()).toEqual(['dateOfBirth', 'familyName', 'givenName', 'settingName']);
    expect((await t.http.get('/api/v1/advice-requests').set(bearer(stranger)).expect(200)).body.items).toEqual([]);
    await t.http.get(`/api/v1/advice-requests/${here.id}`).set(bearer(stranger)).expect(404);
  });

  it('runs submission with a file, review, return and correction, and keeps each version', async () => {
    const assessmentId = await assessmentFor(caseworker);
    const request = await requestAdvice(caseworker, assessmentId, { assigneeEmail: nurse.email, question: 'Health needs relating to SEN?' });
    expect(request).toMatchObject({ status: 'requested', dueOn: '2026-03-17', deadlineStatus: 'overdue', daysToGo: -15 });

    const file = await upload(nurse, request.id, PDF, 'Clinic letter.pdf').expect(201);
    expect(file.body).toMatchObject({ fileName: 'Clinic letter.pdf', mediaType: 'application/pdf', sizeBytes: PDF.length, submissionVersion: null });

    await t.http.post(`/api/v1/advice-requests/${request.id}/accept`).set(bearer(caseworker)).expect(409); // nothing received yet
    const told = await t.http.get('/api/v1/notifications').set(bearer(nurse)).expect(200);
    expect(told.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'advice_requested', subjectType: 'advice_request', subjectId: request.id })]));
    const submitted = await t.http.post(`/api/v1/advice-requests/${request.id}/submission`).set(bearer(nurse)).send(ADVICE).expect(201);
    const inbox = await t.http.get('/api/v1/notifications').set(bearer(caseworker)).expect(200);
    expect(inbox.body.items.filter((n: { kind: string; subjectId: string }) => n.kind === 'advice_received' && n.subjectId === request.id)).toHaveLength(1);
    expect(submitted.body).toMatchObject({ status: 'received', receivedOn: '2026-04-01', deadlineStatus: 'late', latestSubmission: { version: 1 } });
    expect(submitted.body.attachments).toEqual([expect.objectContaining({ id: file.body.id, submissionVersion: 1 })]);

    // Frozen: the file cannot be removed, the advice cannot be resubmitted without a correction reason.
    await t.http.delete(`/api/v1/advice-requests/${request.id}/attachments/${file.body.id}`).set(bearer(nurse)).expect(409);
    await t.http.post(`/api/v1/advice-requests/${request.id}/submission`).set(bearer(nurse)).send(ADVICE).expect(409);

    const download = await t.http.get(`/api/v1/advice-requests/${request.id}/attachments/${file.body.id}`).set(bearer(caseworker)).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toContain('Clinic letter.pdf');
    expect(Buffer.compare(download.body as Buffer, PDF)).toBe(0);

    const returned = await t.http.post(`/api/v1/advice-requests/${request.id}/return`).set(bearer(caseworker)).send({ reason: 'Please quantify the therapy.' }).expect(200);
    expect(returned.body).toMatchObject({ status: 'returned', returnReason: 'Please quantify the therapy.', returnedOn: '2026-04-01' });
    const outstanding = await t.http.get(`/api/v1/advice-requests?status=outstanding&assessmentId=${assessmentId}`).set(bearer(caseworker)).expect(200);
    expect(outstanding.body.items.map((r: { id: string }) => r.id)).toEqual([request.id]);

    const corrected = await t.http.post(`/api/v1/advice-requests/${request.id}/submission`).set(bearer(nurse)).send({ ...ADVICE, correctionReason: 'Quantified as asked' }).expect(201);
    expect(corrected.body).toMatchObject({ status: 'received', receivedOn: '2026-04-01', latestSubmission: { version: 2, correctionReason: 'Quantified as asked' } });
    const accepted = await t.http.post(`/api/v1/advice-requests/${request.id}/accept`).set(bearer(caseworker)).expect(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', acceptedOn: '2026-04-01' });
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM advice_submissions WHERE advice_request_id = $1`, [request.id]);
    expect(count).toBe(2);
  });

  it('refuses a disguised or oversize file and a stranger’s upload, storing nothing', async () => {
    const request = await requestAdvice(caseworker, await assessmentFor(caseworker), { assigneeEmail: nurse.email });
    const disguised = await upload(nurse, request.id, EXE_AS_PDF, 'report.pdf').expect(415);
    expect(disguised.body).toMatchObject({ code: 'unsupported_attachment_type', status: 415 });
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10 * 1024 * 1024)]);
    expect((await upload(nurse, request.id, big).expect(413)).body.code).toBe('attachment_too_large');
    await upload(stranger, request.id, PDF).expect(404);
    await upload(otherLaCaseworker, request.id, PDF).expect(404);
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM advice_attachments WHERE advice_request_id = $1`, [request.id]);
    expect(count).toBe(0);
  });

  it('refuses a submission to someone else’s request, or after the assessment was withdrawn', async () => {
    const assessmentId = await assessmentFor(caseworker);
    const request = await requestAdvice(caseworker, assessmentId, { assigneeEmail: nurse.email });
    await t.http.post(`/api/v1/advice-requests/${request.id}/submission`).set(bearer(stranger)).send(ADVICE).expect(404);
    await t.http.post(`/api/v1/advice-requests/${request.id}/submission`).set(bearer(colleague)).send(ADVICE).expect(404); // named to the nurse, not the trust
    await t.http.post(`/api/v1/assessments/${assessmentId}/withdraw`).set(bearer(caseworker)).send({ withdrawnOn: '2026-03-01', reason: 'moved_away' }).expect(200);
    const closed = await t.http.post(`/api/v1/advice-requests/${request.id}/submission`).set(bearer(nurse)).send(ADVICE).expect(409);
    expect(closed.body.code).toBe('advice_request_closed');
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM advice_submissions WHERE advice_request_id = $1`, [request.id]);
    expect(count).toBe(0);
  });

  it('records an adviser’s exception (Regs 8(2)) without moving the due date', async () => {
    const assessmentId = await assessmentFor(caseworker);
    const request = await requestAdvice(caseworker, assessmentId, { assigneeEmail: nurse.email });
    await t.http.post(`/api/v1/advice-requests/${request.id}/exceptions`).set(bearer(nurse)).send({ ground: 'absence_from_area', startsOn: '2026-02-10', endsOn: '2026-02-20', reason: 'Family away' }).expect(422);
    await t.http.post(`/api/v1/advice-requests/${request.id}/exceptions`).set(bearer(stranger)).send({ ground: 'missed_appointment', startsOn: '2026-02-10', endsOn: '2026-02-20', reason: 'Probe' }).expect(404);
    await t.http.post(`/api/v1/advice-requests/${request.id}/exceptions`).set(bearer(nurse)).send({ ground: 'missed_appointment', startsOn: '2026-02-10', endsOn: '2026-02-23', reason: 'Clinic appointment missed' }).expect(201);
    const view = await t.http.get(`/api/v1/advice-requests/${request.id}`).set(bearer(caseworker)).expect(200);
    expect(view.body).toMatchObject({ dueOn: '2026-03-17', managementTargetOn: '2026-03-31', exceptions: [expect.objectContaining({ ground: 'missed_appointment' })] });
    const assessment = await t.http.get(`/api/v1/assessments/${assessmentId}`).set(bearer(caseworker)).expect(200);
    const advice = assessment.body.deadlines.find((d: { adviceRequestId: string }) => d.adviceRequestId === request.id);
    expect(advice).toMatchObject({ dueOn: '2026-03-17', managementTargetOn: '2026-03-31', status: 'overdue' });
  });

  it('records "tell us once" with all three agreements and no new 6 weeks', async () => {
    const assessmentId = await assessmentFor(caseworker);
    const reused = await t.http
      .post(`/api/v1/assessments/${assessmentId}/reused-advice`)
      .set(bearer(caseworker))
      .send({ discipline: 'psychology', reusedAdvice: 'EP report of 3 January 2026', adviserAgreedOn: '2026-02-05', localAuthorityAgreedOn: '2026-02-04', familyAgreedOn: '2026-02-06' })
      .expect(201);
    expect(reused.body).toMatchObject({ status: 'reused', receivedOn: '2026-02-06', reusedAdvice: 'EP report of 3 January 2026', familyAgreedOn: '2026-02-06' });
    const assessment = await t.http.get(`/api/v1/assessments/${assessmentId}`).set(bearer(caseworker)).expect(200);
    expect(assessment.body.deadlines.filter((d: { kind: string }) => d.kind === 'advice')).toEqual([]);
    await t.http
      .post(`/api/v1/assessments/${assessmentId}/reused-advice`)
      .set(bearer(caseworker))
      .send({ discipline: 'psychology', reusedAdvice: 'EP report', adviserAgreedOn: '2026-02-05', localAuthorityAgreedOn: '2026-02-04' })
      .expect(400); // the family's agreement is required
  });

  it('shows outstanding and overdue advice by discipline and by provider organisation', async () => {
    const assessmentId = await assessmentFor(caseworker);
    await requestAdvice(caseworker, assessmentId, { discipline: 'psychology', requestedOn: '2026-03-25' }); // due 6 May: open
    const overdue = await t.http.get('/api/v1/advice-requests?status=outstanding&overdue=true&discipline=health').set(bearer(caseworker)).expect(200);
    expect(overdue.body.items.length).toBeGreaterThan(0);
    expect(overdue.body.items.every((r: { discipline: string; daysToGo: number }) => r.discipline === 'health' && r.daysToGo < 0)).toBe(true);
    const byDiscipline = await t.http.get('/api/v1/advice-requests/summary?groupBy=discipline').set(bearer(caseworker)).expect(200);
    expect(byDiscipline.body).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'psychology', outstanding: 1, overdue: 0 })]));
    const health = byDiscipline.body.find((row: { key: string }) => row.key === 'health');
    expect(health.overdue).toBeGreaterThan(0);
    // Health advice is a Regs 8(1) duty (a CFA s31 body); a school's is the Code's expectation (CoP 9.52).
    expect(health).toMatchObject({ overdueDuty: health.overdue, overdueExpectation: 0 });
    const late = await assessmentFor(caseworker);
    await requestAdvice(caseworker, late, { discipline: 'education', requestedOn: '2026-02-03' });
    const withSchool = await t.http.get('/api/v1/advice-requests/summary?groupBy=discipline').set(bearer(caseworker)).expect(200);
    expect(withSchool.body.find((row: { key: string }) => row.key === 'education')).toMatchObject({ overdue: 1, overdueDuty: 0, overdueExpectation: 1 });
    const byOrganisation = await t.http.get('/api/v1/advice-requests/summary?groupBy=organisation').set(bearer(caseworker)).expect(200);
    expect(byOrganisation.body).toEqual(expect.arrayContaining([expect.objectContaining({ key: trust, outstanding: 1 })]));
    // Another LA's figures are its own.
    const theirs = await t.http.get('/api/v1/advice-requests/summary?groupBy=discipline').set(bearer(otherLaCaseworker)).expect(200);
    expect(theirs.body).toEqual([expect.objectContaining({ key: 'health', outstanding: 1 })]);
    await t.http.get('/api/v1/advice-requests/summary?groupBy=discipline').set(bearer(nurse)).expect(403);
    await t.http.get('/api/v1/advice-requests/summary?groupBy=colour').set(bearer(caseworker)).expect(400);
  });
});
