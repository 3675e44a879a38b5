import { INestApplicationContext } from '@nestjs/common';
import { Discipline, Role } from '@app/core';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createOrganisation, createUser, TestUser } from './support/factories';
import { londonNoon } from './support/london';
import { flattenText, inspectPdf } from './support/pdf-inspect';
import { startTestWorker } from './support/worker';
import { seekAdviceForDraft } from './support/advice-before-draft';

// supertest reads the body as bytes.
const binary = (res: unknown, cb: (err: Error | null, body: unknown) => void) => {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** The plan from the decision to issue to the final PDF, with concurrent edits, quality checks and versions. */
describe('EHC plans (e2e)', () => {
  let t: TestApp;
  let worker: INestApplicationContext | null = null;
  let caseworker: TestUser;
  let colleague: TestUser;
  let nurse: TestUser;
  let assessmentId: string;
  let planId: string;
  let adviceId: string;

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-05-01') });
    const la = await createLocalAuthority(t.dataSource);
    const trust = await createOrganisation(t.dataSource, [la.id]);
    caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    colleague = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    nurse = await createUser(t.dataSource, t.http, la.id, Role.Professional, { discipline: Discipline.Health, organisationId: trust });
    const child = await t.http.post('/api/v1/children').set(bearer(caseworker)).send({ givenName: 'Zoë', familyName: 'Łukasz-Şükrü', dateOfBirth: '2016-03-14' }).expect(201);
    await t.http.post('/api/v1/children').set(bearer(caseworker)).send({ givenName: 'Siân', familyName: 'Griffiths', dateOfBirth: '2016-05-01' }).expect(201);
    const assessment = await t.http.post('/api/v1/assessments').set(bearer(caseworker)).send({ childId: child.body.id, requestReceivedOn: '2026-01-05', requestSource: 'parent' }).expect(201);
    assessmentId = assessment.body.id;
    await t.http.post(`/api/v1/assessments/${assessmentId}/decision-to-assess`).set(bearer(caseworker)).send({ decision: 'assess', decidedOn: '2026-02-02' }).expect(200);
    const advice = await t.http.post(`/api/v1/assessments/${assessmentId}/advice-requests`).set(bearer(caseworker)).send({ discipline: 'health', requestedOn: '2026-02-03', assigneeEmail: nurse.email }).expect(201);
    adviceId = advice.body.id;
    await t.http
      .post(`/api/v1/advice-requests/${adviceId}/submission`)
      .set(bearer(nurse))
      .send({ summary: 'Health advice', needs: [{ area: 'sensory_and_physical', description: 'Hearing loss in the left ear' }], outcomes: [{ description: 'Follows class instructions', timescale: 'by July 2027' }], provision: [{ description: 'Audiology review', frequency: 'every 6 months', duration: 'ongoing', deliveredBy: 'NHS audiology' }] })
      .expect(201);
  });
  afterAll(async () => {
    await worker?.close();
    await t.close();
  });

  it('creates the plan with the decision to issue; the assessment carries its id', async () => {
    const decided = await t.http.post(`/api/v1/assessments/${assessmentId}/decision-to-issue`).set(bearer(caseworker)).send({ decision: 'issue', decidedOn: '2026-03-20' }).expect(200);
    planId = decided.body.planId;
    expect(planId).toEqual(expect.any(String));
    const plan = await t.http.get(`/api/v1/plans/${planId}`).set(bearer(caseworker)).expect(200);
    expect(plan.body).toMatchObject({ id: planId, assessmentId, status: 'drafting', version: 1, latestVersionNumber: 0, nextReviewDueOn: null });
    expect(Object.keys(plan.body.sections)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'H2', 'I', 'J', 'K']);
    expect(plan.headers.etag).toBe('"1"');
  });

  it('edits sections under If-Match: 428 without, 412 when stale, never a lost update', async () => {
    const put = (code: string, body: unknown, ifMatch?: string) => {
      const call = t.http.put(`/api/v1/plans/${planId}/sections/${code}`).set(bearer(caseworker));
      return (ifMatch ? call.set('if-match', ifMatch) : call).send(body as object);
    };
    await put('A', { text: 'Zoë loves drawing.' }).expect(428);
    const first = await put('A', { text: 'Zoë loves drawing and wants to be a vet.' }, '"1"').expect(200);
    expect(first.headers.etag).toBe('"2"');
    // Two caseworkers edit different sections from the same read: one wins, the other is told, nothing is lost.
    const [a, b] = await Promise.all([
      t.http.put(`/api/v1/plans/${planId}/sections/B`).set(bearer(caseworker)).set('if-match', '"2"').send({ text: 'Needs', items: [{ id: 'n1', area: 'communication_and_interaction', description: 'Expressive language delay' }] }),
      t.http.put(`/api/v1/plans/${planId}/sections/J`).set(bearer(colleague)).set('if-match', '"2"').send({ text: 'No personal budget requested.' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const loser = a.status === 412 ? a : b;
    expect(loser.body).toMatchObject({ code: 'stale_version', currentVersion: 3 });
    await put('Z', { text: 'x' }, '"3"').expect(404);
    await put('E', { text: 'x', items: [{ id: 'o1', description: 'Outcome' }] }, '"3"').expect(400); // needIds missing
    await put('A', { text: 'x', items: [{ id: 'q' }] }, '"3"').expect(400); // A takes only text
    await put('F', { text: 'x', items: [{ id: 'p1', description: 'SLT', outcomeIds: [], costs: 5 }] }, '"3"').expect(400); // unknown field
  });

  it('pulls the adviser’s needs, outcomes and provision into the plan with attribution', async () => {
    const current = await t.http.get(`/api/v1/plans/${planId}`).set(bearer(caseworker)).expect(200);
    const imported = await t.http.post(`/api/v1/plans/${planId}/from-advice`).set(bearer(caseworker)).set('if-match', current.headers.etag).send({ adviceRequestId: adviceId }).expect(200);
    expect(imported.body.sections.C.items).toEqual([expect.objectContaining({ description: 'Hearing loss in the left ear', source: { adviceRequestId: adviceId, discipline: 'health', receivedOn: '2026-05-01' } })]);
    expect(imported.body.sections.G.items[0]).toMatchObject({ description: 'Audiology review', frequency: 'every 6 months' });
    expect(imported.body.sections.E.items[0].needIds).toEqual([imported.body.sections.C.items[0].id]);
  });

  it('refuses to issue a draft with errors, names them, and issues it once fixed', async () => {
    const quality = await t.http.get(`/api/v1/plans/${planId}/quality?stage=draft`).set(bearer(caseworker)).expect(200);
    expect(quality.body.filter((f: { severity: string }) => f.severity === 'error').map((f: { section: string }) => f.section)).toEqual(expect.arrayContaining(['F']));
    await seekAdviceForDraft(t.http, bearer(caseworker), assessmentId);
    const refused = await t.http.post(`/api/v1/assessments/${assessmentId}/draft-plan`).set(bearer(caseworker)).send({ issuedOn: '2026-04-20' }).expect(422);
    expect(refused.body).toMatchObject({ code: 'plan_quality_errors', findings: expect.arrayContaining([expect.objectContaining({ code: 'section_empty', section: 'F' })]) });

    let plan = await t.http.get(`/api/v1/plans/${planId}`).set(bearer(caseworker)).expect(200);
    const outcomeIds = [plan.body.sections.E.items[0].id];
    plan = await t.http
      .put(`/api/v1/plans/${planId}/sections/F`)
      .set(bearer(caseworker))
      .set('if-match', plan.headers.etag)
      .send({ text: 'Support in class.', items: [{ id: 'p1', description: 'Speech and language therapy', frequency: '30 minutes weekly', duration: '12 months', deliveredBy: 'NHS SLT', outcomeIds }] })
      .expect(200);
    // Another child's name in the text blocks issuing.
    plan = await t.http.put(`/api/v1/plans/${planId}/sections/A`).set(bearer(caseworker)).set('if-match', plan.headers.etag).send({ text: 'Zoë sits next to Siân Griffiths.' }).expect(200);
    const named = await t.http.post(`/api/v1/assessments/${assessmentId}/draft-plan`).set(bearer(caseworker)).send({ issuedOn: '2026-04-20' }).expect(422);
    expect(named.body.findings).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'other_child_named', section: 'A' })]));
    plan = await t.http.put(`/api/v1/plans/${planId}/sections/A`).set(bearer(caseworker)).set('if-match', plan.headers.etag).send({ text: 'Zoë loves drawing and wants to be a vet.' }).expect(200);

    const issued = await t.http.post(`/api/v1/assessments/${assessmentId}/draft-plan`).set(bearer(caseworker)).send({ issuedOn: '2026-04-20' }).expect(200);
    expect(issued.body.status).toBe('draft_issued');
    const after = await t.http.get(`/api/v1/plans/${planId}`).set(bearer(caseworker)).expect(200);
    expect(after.body).toMatchObject({ status: 'draft_issued', latestVersionNumber: 1 });
    // The health advice received, and the other Regs 6(1) kinds reused before the draft (Regs 6(4)).
    expect(after.body.sections.K.items).toEqual(expect.arrayContaining([expect.objectContaining({ description: 'Health advice', adviceRequestId: adviceId })]));
    expect(after.body.sections.K.items).toHaveLength(5);
  });

  it('answers 202 with Retry-After until the worker has rendered the PDF, then serves a tagged PDF with every section and name', async () => {
    const pending = await t.http.get(`/api/v1/plans/${planId}/pdf`).set(bearer(caseworker)).expect(202);
    expect(pending.headers['retry-after']).toBe('2');

    worker = await startTestWorker(t.config);
    let response = await t.http.get(`/api/v1/plans/${planId}/pdf`).set(bearer(caseworker)).buffer(true).parse(binary);
    for (let i = 0; i < 300 && response.status === 202; i += 1) { // up to 30 s: a cold render child from the sources takes seconds
      await new Promise((resolve) => setTimeout(resolve, 100));
      response = await t.http.get(`/api/v1/plans/${planId}/pdf`).set(bearer(caseworker)).buffer(true).parse(binary);
    }
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pdf = response.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const versions = await t.http.get(`/api/v1/plans/${planId}/versions`).set(bearer(caseworker)).expect(200);
    expect(versions.body).toEqual([expect.objectContaining({ number: 1, stage: 'draft', issuedOn: '2026-04-20', documentStatus: 'rendered' })]);
    expect(response.headers['x-content-sha256']).toBe(versions.body[0].documentSha256);

    // Read back in-process with pdf.js: always runs, nothing to skip when a system tool is missing.
    const read = await inspectPdf(pdf);
    const text = flattenText(read.text);
    for (const code of ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'H2', 'I', 'J', 'K']) expect(text).toContain(`Section ${code}:`);
    expect(text).toContain('Zoë Łukasz-Şükrü');
    expect(text).toContain('Speech and language therapy');
    expect(text).toContain('DRAFT');
    expect(read.pageCount).toBeGreaterThanOrEqual(2); // the cover and contents share the first page (issue 23)
    expect(flattenText(read.pages[0])).toContain('Contents');
    expect(read.tagged).toBe(true);
    expect(read.structure).toEqual(expect.arrayContaining(['Document', 'Sect', 'H1', 'H2', 'P', 'Table', 'TH', 'TD']));
    expect(read.info).toEqual({ title: 'Education, Health and Care Plan for Zoë Łukasz-Şükrü (draft)', author: expect.any(String), language: 'en-GB' });
    expect(read.fonts.length).toBeGreaterThan(0);
    for (const font of read.fonts) expect(font).toMatchObject({ embedded: true, subset: true, unicodeMap: true });
  });

  it('issues the final plan with a placement, freezes version 2, sets the review date, and compares versions', async () => {
    await t.http.post(`/api/v1/assessments/${assessmentId}/representations`).set(bearer(caseworker)).send({ receivedOn: '2026-04-30' }).expect(200);
    const noPlacement = await t.http.post(`/api/v1/assessments/${assessmentId}/final-plan`).set(bearer(caseworker)).send({ issuedOn: '2026-05-01' }).expect(422);
    expect(noPlacement.body.findings).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'placement_missing', section: 'I' })]));
    const plan = await t.http.get(`/api/v1/plans/${planId}`).set(bearer(caseworker)).expect(200);
    await t.http.put(`/api/v1/plans/${planId}/sections/I`).set(bearer(caseworker)).set('if-match', plan.headers.etag).send({ text: '', items: [{ name: 'Demo Primary School', urn: '990001', type: 'Mainstream primary school' }] }).expect(200);
    // Section G holds the health advice's provision: the trust's nurse agrees it before the final plan (CFA s42(3)).
    const unsigned = await t.http.post(`/api/v1/assessments/${assessmentId}/final-plan`).set(bearer(caseworker)).send({ issuedOn: '2026-05-01' }).expect(422);
    expect(unsigned.body.code).toBe('health_sign_off_missing');
    await t.http.post(`/api/v1/plans/${planId}/health-sign-off`).set(bearer(nurse)).send({ agreedOn: '2026-04-30' }).expect(200);
    await t.http.post(`/api/v1/assessments/${assessmentId}/final-plan`).set(bearer(caseworker)).send({ issuedOn: '2026-05-01' }).expect(200);
    const final = await t.http.get(`/api/v1/plans/${planId}`).set(bearer(caseworker)).expect(200);
    expect(final.body).toMatchObject({ status: 'issued', latestVersionNumber: 2, finalIssuedOn: '2026-05-01', nextReviewDueOn: '2027-04-30' });
    const v1 = await t.http.get(`/api/v1/plans/${planId}/versions/1`).set(bearer(caseworker)).expect(200);
    expect(v1.body.sections.I.items).toEqual([]);
    const diff = await t.http.get(`/api/v1/plans/${planId}/compare?from=1&to=2`).set(bearer(caseworker)).expect(200);
    expect(diff.body.map((d: { section: string }) => d.section)).toEqual(['I']);
    await t.http.get(`/api/v1/plans/${planId}/versions/9`).set(bearer(caseworker)).expect(404);
  });

  it('renders the same bytes for the same version, whoever asks and however often', async () => {
    const first = await t.http.get(`/api/v1/plans/${planId}/pdf?version=1`).set(bearer(caseworker)).buffer(true).parse(binary).expect(200);
    const again = await t.http.get(`/api/v1/plans/${planId}/pdf?version=1`).set(bearer(colleague)).buffer(true).parse(binary).expect(200);
    expect(Buffer.compare(first.body as Buffer, again.body as Buffer)).toBe(0);
  });

  it('keeps plans away from professionals and other LAs', async () => {
    await t.http.get(`/api/v1/plans/${planId}`).set(bearer(nurse)).expect(403);
    const otherLa = await createLocalAuthority(t.dataSource);
    const outsider = await createUser(t.dataSource, t.http, otherLa.id, Role.Caseworker);
    await t.http.get(`/api/v1/plans/${planId}`).set(bearer(outsider)).expect(404);
    await t.http.get(`/api/v1/plans/${planId}/pdf`).set(bearer(outsider)).expect(404);
  });
});
