import { INestApplicationContext } from '@nestjs/common';
import { Role } from '@app/core';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createUser, TestLocalAuthority, TestUser } from './support/factories';
import { londonNoon } from './support/london';
import { flattenText, inspectPdf } from './support/pdf-inspect';
import { waitFor } from './support/wait';
import { startTestWorker } from './support/worker';
import { removeKeysUnder } from './support/redis-keys';
import { BoardPacksProcessor } from '@app/reporting';
import { JobName } from '@app/queue';
import { Job } from 'bullmq';

const binary = (res: unknown, cb: (err: Error | null, body: unknown) => void) => {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
};

/**
 * The board pack (issue 27): a manager asks for one for a period through the API; the worker renders the scorecard,
 * the charts and the owners' commentary as a tagged PDF in the plans' sandbox; it downloads once rendered (202 with
 * Retry-After until then), audited, and only within the LA.
 */
describe('board pack (e2e)', () => {
  let t: TestApp;
  let worker: INestApplicationContext | null = null;
  let la: TestLocalAuthority;
  let manager: TestUser;
  let caseworker: TestUser;
  let otherManager: TestUser;
  let packId: string;

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-09-15') });
    la = await createLocalAuthority(t.dataSource);
    manager = await createUser(t.dataSource, t.http, la.id, Role.Manager);
    caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    otherManager = await createUser(t.dataSource, t.http, (await createLocalAuthority(t.dataSource)).id, Role.Manager);
    const m = bearer(manager);
    const child = (await t.http.post('/api/v1/children').set(m).send({ givenName: 'Board', familyName: 'Pack', dateOfBirth: '2015-03-01' }).expect(201)).body.id;
    const line = { externalReference: 'B1', childId: child, requestReceivedOn: '2025-11-03', requestSource: 'parent', decisionToAssess: { decision: 'assess', decidedOn: '2025-12-01' }, decisionToIssue: { decision: 'issue', decidedOn: '2026-04-01' }, draftIssuedOn: '2026-04-10', finalIssuedOn: '2026-05-20' };
    await t.http.post('/api/v1/assessments/import').set(m).set('content-type', 'application/x-ndjson').send(JSON.stringify(line)).expect(200);
    await t.http.put('/api/v1/reports/scorecard/targets/timeliness_20_weeks_excl').set(m).send({ target: 60, amber: 50 }).expect(200);
    await t.http.post('/api/v1/reports/scorecard/commentary').set(m).send({ measure: 'timeliness_20_weeks_excl', periodFrom: '2026-01-01', periodTo: '2026-09-15', owner: 'Head of SEN, Siân Jones', action: 'Weekly panel for cases past week 16', dueOn: '2026-12-31' }).expect(201);
    // A commentary on another period is not in this pack.
    await t.http.post('/api/v1/reports/scorecard/commentary').set(m).send({ measure: 'appeal_rate', periodFrom: '2024-01-01', periodTo: '2024-12-31', owner: 'Someone Else', action: 'Old news', dueOn: '2025-03-31' }).expect(201);
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    await t.close();
  });

  it('takes the request (202, pending) and answers 202 with Retry-After until the worker has rendered it', async () => {
    const res = await t.http.post('/api/v1/reports/board-packs').set(bearer(manager)).send({ from: '2026-01-01', to: '2026-09-15' }).expect(202);
    packId = res.body.id;
    expect(res.body).toMatchObject({ from: '2026-01-01', to: '2026-09-15', status: 'pending', pageCount: null, pdfUrl: `/api/v1/reports/board-packs/${packId}/pdf` });
    const pending = await t.http.get(`/api/v1/reports/board-packs/${packId}/pdf`).set(bearer(manager)).expect(202);
    expect(pending.headers['retry-after']).toBe('2');
    expect(pending.body).toEqual({ status: 'rendering', id: packId });
    const list = await t.http.get('/api/v1/reports/board-packs').set(bearer(manager)).expect(200);
    expect(list.body.map((p: { id: string }) => p.id)).toEqual([packId]);
  });

  it('is rendered by the worker: a tagged PDF with the scorecard in words, the charts and this period’s commentary', async () => {
    // Redis lost the job before any worker ran (a flush, a restart): only PostgreSQL remembers the pack, and the
    // worker's sweeper (a job scheduler; run here at once rather than after its 30 s) enqueues it again.
    await removeKeysUnder(t.config.redisUrl, t.config.queuePrefix);
    worker = await startTestWorker(t.config, t.clock);
    expect(await worker.get(BoardPacksProcessor, { strict: false }).process({ name: JobName.SweepBoardPacks, data: {} } as Job)).toEqual({ enqueued: 1 });
    await waitFor(async () => (await t.http.get(`/api/v1/reports/board-packs/${packId}`).set(bearer(manager))).body.status === 'rendered', 'board pack rendered', 120_000, 250);
    const res = await t.http.get(`/api/v1/reports/board-packs/${packId}/pdf`).set(bearer(manager)).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename="board-pack-2026-01-01-to-2026-09-15.pdf"');
    const pdf = await inspectPdf(res.body as Buffer);
    expect(pdf.tagged).toBe(true);
    expect(pdf.info.title).toBe(`Board pack: ${la.name}, 1 January 2026 to 15 September 2026`);
    for (const font of pdf.fonts) expect(font.embedded).toBe(true);
    expect(pdf.structure.filter((s) => s === 'Figure')).toHaveLength(5);
    const text = flattenText(pdf.text);
    // T: one plan, on day 198: 0% within 20 weeks against a target of 60, amber from 50: red.
    expect(text).toMatch(/Final plans issued within 20 weeks, excluding exceptions \(%\) 0% No figure No comparison 60% 50% Red/);
    for (const words of ['Head of SEN, Siân Jones', 'Weekly panel for cases past week 16', '31 December 2026', 'Caseload by stage', 'Plans maintained', 'Prepared on 15 September 2026']) expect(text).toContain(words);
    expect(text).not.toContain('Old news');
    const meta = await t.http.get(`/api/v1/reports/board-packs/${packId}`).set(bearer(manager)).expect(200);
    expect(meta.body).toMatchObject({ status: 'rendered', pageCount: pdf.pageCount, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const audit = await t.dataSource.query<{ action: string }[]>(`SELECT action FROM audit_events WHERE actor_user_id = $1 AND entity_id = $2 ORDER BY occurred_at`, [manager.id, packId]);
    expect(audit.map((a) => a.action)).toEqual(['report.board_pack_requested', 'report.board_pack_downloaded']);
  }, 180_000);

  it('keeps packs to their LA and managers, and refuses bad periods with problem details', async () => {
    await t.http.get(`/api/v1/reports/board-packs/${packId}`).set(bearer(otherManager)).expect(404);
    await t.http.get(`/api/v1/reports/board-packs/${packId}/pdf`).set(bearer(otherManager)).expect(404);
    expect((await t.http.get('/api/v1/reports/board-packs').set(bearer(otherManager)).expect(200)).body).toEqual([]);
    await t.http.post('/api/v1/reports/board-packs').set(bearer(caseworker)).send({ from: '2026-01-01', to: '2026-09-15' }).expect(403);
    await t.http.get(`/api/v1/reports/board-packs/${packId}/pdf`).set(bearer(caseworker)).expect(403);
    const backwards = await t.http.post('/api/v1/reports/board-packs').set(bearer(manager)).send({ from: '2026-09-15', to: '2026-01-01' }).expect(400);
    expect(backwards.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(backwards.body.errors[0].field).toBe('to');
    await t.http.post('/api/v1/reports/board-packs').set(bearer(manager)).send({ from: '2026-02-30', to: '2026-03-01' }).expect(400);
    await t.http.get('/api/v1/reports/board-packs/not-a-uuid').set(bearer(manager)).expect(400);
  });
});
