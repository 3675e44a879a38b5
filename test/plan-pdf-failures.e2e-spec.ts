import { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { Role } from '@app/core';
import { PlanDocumentRendererService, PlanDocumentsProcessor } from '@app/plans';
import { jobId, JobName, QueueName } from '@app/queue';
import { Job, Queue } from 'bullmq';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createUser, TestUser } from './support/factories';
import { londonNoon } from './support/london';
import { flattenText, inspectPdf } from './support/pdf-inspect';
import { waitFor } from './support/wait';
import { startTestWorker } from './support/worker';
import { Client } from 'pg';
import { ownerUrlOf } from './support/test-env';
import { seekAdviceForDraft } from './support/advice-before-draft';

// supertest reads the body as bytes.
const binary = (res: unknown, cb: (err: Error | null, body: unknown) => void) => {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** The input of security issue 12: one plan text that is a single 60,000-character word. */
const WORD = Array.from({ length: 60_000 }, (_, i) => 'abcdefghijklmnopqrstuvwxyz'[(i * 7 + ((i * i) % 13)) % 26]).join('');

/**
 * Render failures end: a document that cannot be rendered is tried PDF_RENDER_MAX_ATTEMPTS times, then marked
 * failed, not swept again, and the PDF endpoint says so (409) instead of 202 forever. A normal render still works,
 * and the worker stops at once even with a render in flight (its child is killed).
 */
describe('plan PDF render failures (e2e)', () => {
  let t: TestApp;
  let worker: INestApplicationContext | null = null;
  let caseworker: TestUser;
  let assessmentId: string;
  let planId: string;

  beforeAll(async () => {
    // Retries 100 ms and 200 ms apart instead of production's 2 s and 4 s: the test counts attempts, not waits.
    t = await startTestApp({ now: londonNoon('2026-05-01'), config: { pdfRenderMaxAttempts: 3, pdfRenderRetryDelayMs: 100 } });
    const la = await createLocalAuthority(t.dataSource);
    caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    const cw = bearer(caseworker);
    const child = await t.http.post('/api/v1/children').set(cw).send({ givenName: 'Long', familyName: 'Word', dateOfBirth: '2016-01-01' }).expect(201);
    const assessment = await t.http.post('/api/v1/assessments').set(cw).send({ childId: child.body.id, requestReceivedOn: '2026-01-05', requestSource: 'parent' }).expect(201);
    assessmentId = assessment.body.id;
    await t.http.post(`/api/v1/assessments/${assessmentId}/decision-to-assess`).set(cw).send({ decision: 'assess', decidedOn: '2026-02-02' }).expect(200);
    const decided = await t.http.post(`/api/v1/assessments/${assessmentId}/decision-to-issue`).set(cw).send({ decision: 'issue', decidedOn: '2026-03-02' }).expect(200);
    planId = decided.body.planId;
    const sections: [string, unknown][] = [
      ['A', { text: `Views. ${WORD}` }],
      ['B', { text: 'Needs', items: [{ id: 'n1', area: 'cognition_and_learning', description: 'Reading' }] }],
      ['E', { text: 'Outcomes', items: [{ id: 'o1', description: 'Reads fluently', needIds: ['n1'] }] }],
      ['F', { text: 'Provision', items: [{ id: 'p1', description: 'Phonics', frequency: 'daily', duration: '1 year', deliveredBy: 'Teacher', outcomeIds: ['o1'] }] }],
    ];
    for (const [index, [code, body]] of sections.entries()) {
      await t.http.put(`/api/v1/plans/${planId}/sections/${code}`).set(cw).set('if-match', `"${index + 1}"`).send(body as object).expect(200);
    }
    await seekAdviceForDraft(t.http, cw, assessmentId);
    await t.http.post(`/api/v1/assessments/${assessmentId}/draft-plan`).set(cw).send({ issuedOn: '2026-03-10' }).expect(200);
  });
  afterAll(async () => {
    await worker?.close();
    await t.close();
  });

  const documentRow = async (versionNumber: number) =>
    (
      await t.dataSource.query<{ status: string; attempts: number; failure_kind: string | null; failure_reason: string | null; failed_at: Date | null }[]>(
        'SELECT status, attempts, failure_kind, failure_reason, failed_at FROM plan_documents WHERE plan_id = $1 AND version_number = $2',
        [planId, versionNumber],
      )
    )[0];

  it('gives up after the capped attempts (every render killed at its time limit), and the PDF endpoint says why', async () => {
    worker = await startTestWorker({ ...t.config, pdfRenderTimeoutMs: 1 });
    await waitFor(async () => (await documentRow(1)).status === 'failed', 'version 1 marked failed', 60_000, 100);
    const row = await documentRow(1);
    expect(row).toMatchObject({ status: 'failed', attempts: 3, failure_kind: 'timeout', failed_at: expect.any(Date) });
    expect(row.failure_reason).toBe('Rendering took longer than 1 ms. (attempt 3 of 3)');

    const answer = await t.http.get(`/api/v1/plans/${planId}/pdf`).set(bearer(caseworker)).expect(409);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ status: 409, code: 'pdf_render_failed', versionNumber: 1, attempts: 3, reason: row.failure_reason, failedAt: expect.any(String) });
    expect(answer.body.detail).toContain('could not be produced after 3 attempts: Rendering took longer than 1 ms.');
    expect(answer.body.detail).toContain('issue the next version');
    const versions = await t.http.get(`/api/v1/plans/${planId}/versions`).set(bearer(caseworker)).expect(200);
    expect(versions.body).toEqual([expect.objectContaining({ number: 1, documentStatus: 'failed', documentFailureReason: row.failure_reason, documentSha256: null })]);
    const one = await t.http.get(`/api/v1/plans/${planId}/versions/1`).set(bearer(caseworker)).expect(200);
    expect(one.body).toMatchObject({ documentStatus: 'failed', documentFailureReason: row.failure_reason });
  });

  it('is not queued again: not by the sweeper after Redis lost its job, nor by a duplicate delivery, nor by asking for the PDF', async () => {
    const queue = worker!.get<Queue>(getQueueToken(QueueName.Documents), { strict: false });
    const id = jobId('plan-pdf', planId, 1);
    await (await queue.getJob(id))?.remove(); // as after a Redis flush or a restart: only PostgreSQL remembers
    const renderer = worker!.get(PlanDocumentRendererService, { strict: false });
    expect(await renderer.pending()).not.toContainEqual({ planId, versionNumber: 1 });
    const swept = await worker!.get(PlanDocumentsProcessor, { strict: false }).process({ name: JobName.SweepPlanDocuments, data: {} } as Job);
    expect(swept).toEqual({ enqueued: 0 });
    await t.http.get(`/api/v1/plans/${planId}/pdf`).set(bearer(caseworker)).expect(409);
    expect(await queue.getJob(id)).toBeUndefined();
    expect(await renderer.render(planId, 1)).toBe('failed'); // a job delivered anyway changes nothing
    expect((await documentRow(1)).attempts).toBe(3);
  });

  it('marks failed without rendering a document whose attempts all started and never finished (the worker died each time)', async () => {
    await t.dataSource.query(`UPDATE plan_documents SET status = 'pending', attempts = 3, failure_kind = NULL, failure_reason = NULL, failed_at = NULL WHERE plan_id = $1 AND version_number = 1`, [planId]);
    const renderer = worker!.get(PlanDocumentRendererService, { strict: false });
    expect(await renderer.render(planId, 1)).toBe('failed');
    expect(await documentRow(1)).toMatchObject({ status: 'failed', attempts: 3, failure_kind: 'abandoned' });
  });

  it('renders the next version, long word included, with the normal limits; the failed version stays failed', async () => {
    await worker!.close();
    worker = await startTestWorker(t.config);
    const cw = bearer(caseworker);
    await t.http.post(`/api/v1/assessments/${assessmentId}/representations`).set(cw).send({ receivedOn: '2026-03-20' }).expect(200);
    const plan = await t.http.get(`/api/v1/plans/${planId}`).set(cw).expect(200);
    await t.http.put(`/api/v1/plans/${planId}/sections/I`).set(cw).set('if-match', plan.headers.etag).send({ text: '', items: [{ name: 'Demo Primary School', urn: '990001', type: 'Mainstream primary school' }] }).expect(200);
    await t.http.post(`/api/v1/assessments/${assessmentId}/final-plan`).set(cw).send({ issuedOn: '2026-04-01' }).expect(200);

    await waitFor(async () => (await documentRow(2)).status === 'rendered', 'version 2 rendered', 60_000, 100);
    const response = await t.http.get(`/api/v1/plans/${planId}/pdf`).set(cw).buffer(true).parse(binary).expect(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const read = await inspectPdf(response.body as Buffer);
    const body = read.pages.map((page) => page.replace(/^Long Word - EHC-\d{4}-\d{5,} - EHC plan version 2 - page \d+ of \d+$/m, '')).join('');
    expect(flattenText(body).replace(/ /g, '')).toContain(WORD);
    expect(await documentRow(2)).toMatchObject({ attempts: 1, failure_kind: null });
    expect((await documentRow(1)).status).toBe('failed');
    await t.http.get(`/api/v1/plans/${planId}/pdf?version=1`).set(cw).expect(409);
  });

  it('stops the worker at once with a render in flight: the render child is killed and the document stays pending', async () => {
    await worker!.close();
    await t.dataSource.query(`UPDATE plan_documents SET status = 'pending', attempts = 0, content = NULL, sha256 = NULL, rendered_at = NULL WHERE plan_id = $1 AND version_number = 2`, [planId]);
    // Heavier than any real plan (about 600,000 characters of prose): its render takes far longer than the bound below.
    // Plan versions are append-only for the app's role: the test rewrites this one as the owner.
    const owner = new Client({ connectionString: ownerUrlOf(t.config.databaseUrl) });
    await owner.connect();
    try {
      await owner.query(`UPDATE plan_versions SET sections = jsonb_set(sections, '{B,text}', to_jsonb(repeat('the child reads with support every day. ', 15000))) WHERE plan_id = $1 AND number = 2`, [planId]);
    } finally {
      await owner.end();
    }
    worker = await startTestWorker({ ...t.config, pdfRenderTimeoutMs: 120_000 });
    // The completed job goes, so the sweep can enqueue the render again; a fresh worker that has already taken it (its
    // lock says so) is rendering the heavy version, which is what this test waits for next.
    const previous = await worker.get<Queue>(getQueueToken(QueueName.Documents), { strict: false }).getJob(jobId('plan-pdf', planId, 2));
    await previous?.remove().catch((error: unknown) => {
      if (!/locked by another worker/.test(String(error))) throw error;
    });
    await worker.get(PlanDocumentsProcessor, { strict: false }).process({ name: JobName.SweepPlanDocuments, data: {} } as Job);
    // A fresh worker's render child takes seconds to start and lay all that out: stop while it works.
    await waitFor(async () => (await documentRow(2)).attempts === 1, 'version 2 render started', 30_000, 20);
    const stopping = performance.now();
    await worker.close();
    worker = null;
    expect(performance.now() - stopping).toBeLessThan(3000);
    expect(await documentRow(2)).toMatchObject({ status: 'pending', attempts: 0, failure_kind: null });
  });
});
