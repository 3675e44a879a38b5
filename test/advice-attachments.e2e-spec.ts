import { Discipline, Role } from '@app/core';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createOrganisation, createUser, TestUser } from './support/factories';
import { londonNoon } from './support/london';
import { minimalDocx, zipOf } from './support/zip';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n'), Buffer.alloc(500, 0x20), Buffer.from('\n%%EOF\n')]);

// supertest reads the body as bytes.
const binary = (res: unknown, cb: (err: Error | null, body: unknown) => void) => {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
};

/**
 * Files sent with advice, from upload to download: the stored name is cleaned and takes its extension from the
 * detected type, a DOCX must be a real OOXML package, and the download's Content-Disposition cannot be subverted.
 */
describe('advice attachments: names and types (e2e)', () => {
  let t: TestApp;
  let caseworker: TestUser;
  let nurse: TestUser;
  let requestId: string;

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-04-01') });
    const la = await createLocalAuthority(t.dataSource);
    const trust = await createOrganisation(t.dataSource, [la.id]);
    caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    nurse = await createUser(t.dataSource, t.http, la.id, Role.Professional, { discipline: Discipline.Health, organisationId: trust });
    const child = await t.http.post('/api/v1/children').set(bearer(caseworker)).send({ givenName: 'Ada', familyName: 'Files', dateOfBirth: '2016-06-01' }).expect(201);
    const assessment = await t.http.post('/api/v1/assessments').set(bearer(caseworker)).send({ childId: child.body.id, requestReceivedOn: '2026-01-05', requestSource: 'parent' }).expect(201);
    await t.http.post(`/api/v1/assessments/${assessment.body.id}/decision-to-assess`).set(bearer(caseworker)).send({ decision: 'assess', decidedOn: '2026-02-02' }).expect(200);
    const advice = await t.http.post(`/api/v1/assessments/${assessment.body.id}/advice-requests`).set(bearer(caseworker)).send({ discipline: 'health', requestedOn: '2026-02-03', assigneeEmail: nurse.email }).expect(201);
    requestId = advice.body.id;
  });
  afterAll(() => t.close());

  const upload = (content: Buffer, fileName: string) =>
    t.http.post(`/api/v1/advice-requests/${requestId}/attachments?fileName=${encodeURIComponent(fileName)}`).set(bearer(nurse)).set('content-type', 'application/octet-stream').send(content);
  const download = (attachmentId: string) => t.http.get(`/api/v1/advice-requests/${requestId}/attachments/${attachmentId}`).set(bearer(caseworker)).buffer(true).parse(binary).expect(200);

  it('stores a real DOCX under a cleaned name with the detected extension, and serves it back safely', async () => {
    const docx = minimalDocx();
    // A right-to-left override makes "EP report\u202Efdp.exe" display as "EP reportexe.pdf".
    const uploaded = await upload(docx, 'EP report\u202Efdp.exe').expect(201);
    expect(uploaded.body).toMatchObject({ fileName: 'EP reportfdp.docx', mediaType: DOCX_TYPE, sizeBytes: docx.length });
    const file = await download(uploaded.body.id);
    expect(file.headers['content-type']).toBe(DOCX_TYPE);
    expect(file.headers['content-disposition']).toBe(`attachment; filename="EP reportfdp.docx"; filename*=UTF-8''EP%20reportfdp.docx`);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(file.body as Buffer, docx)).toBe(0);
  });

  it('keeps a non-ASCII name exactly in filename* and gives plain ASCII in filename', async () => {
    const uploaded = await upload(PDF, 'Zoë’s letter (v2).exe').expect(201);
    expect(uploaded.body).toMatchObject({ fileName: 'Zoë’s letter (v2).pdf', mediaType: 'application/pdf' });
    const file = await download(uploaded.body.id);
    const header = file.headers['content-disposition'] as string;
    expect(header).toBe(`attachment; filename="Zo__s letter (v2).pdf"; filename*=UTF-8''Zo%C3%AB%E2%80%99s%20letter%20%28v2%29.pdf`);
    expect(decodeURIComponent(header.split("UTF-8''")[1])).toBe('Zoë’s letter (v2).pdf');
  });

  it('falls back to a safe name when nothing printable is left, and bounds long names', async () => {
    const blank = await upload(PDF, '\u200B\u202E\u2066 \u2069').expect(201);
    expect(blank.body.fileName).toBe('attachment.pdf');
    const long = await upload(PDF, `${'a'.repeat(250)}.pdf`).expect(201);
    expect(long.body.fileName).toBe(`${'a'.repeat(100)}.pdf`);
    const traversal = await upload(PDF, '..\\..\\windows\\system32\\evil.bat').expect(201);
    expect(traversal.body.fileName).toBe('evil.pdf');
  });

  it('refuses a ZIP that is not a Word document, whatever its name says, and stores nothing', async () => {
    const [{ count: before }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM advice_attachments WHERE advice_request_id = $1`, [requestId]);
    const pkMagicOnly = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from('[Content_Types].xml word/document.xml')]);
    for (const content of [pkMagicOnly, zipOf({ 'payload.exe': 'MZ' }), zipOf({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>', 'word/vbaProject.bin': 'macros' })]) {
      const refused = await upload(content, 'advice.docx').expect(415);
      expect(refused.body).toMatchObject({ code: 'unsupported_attachment_type', status: 415 });
    }
    const [{ count: after }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM advice_attachments WHERE advice_request_id = $1`, [requestId]);
    expect(after).toBe(before);
  });

  it('cleans a name stored before this check on the way out too', async () => {
    const uploaded = await upload(PDF, 'old.pdf').expect(201);
    await t.dataSource.query(`UPDATE advice_attachments SET file_name = $2 WHERE id = $1`, [uploaded.body.id, 'old\u202Efdp.exe"\r\nX: y']);
    const file = await download(uploaded.body.id);
    expect(file.headers['content-disposition']).toBe(`attachment; filename="oldfdp.exe_X_ y"; filename*=UTF-8''oldfdp.exe_X_%20y`);
    const listed = await t.http.get(`/api/v1/advice-requests/${requestId}`).set(bearer(caseworker)).expect(200);
    expect(listed.body.attachments).toEqual(expect.arrayContaining([expect.objectContaining({ id: uploaded.body.id, fileName: 'oldfdp.exe_X_ y' })]));
  });
});
