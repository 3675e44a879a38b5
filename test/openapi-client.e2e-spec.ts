import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { INestApplicationContext } from '@nestjs/common';
import { Discipline, Role } from '@app/core';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createOrganisation, createUser, TEST_PASSWORD, TestUser } from './support/factories';
import { londonNoon } from './support/london';
import { responseValidator } from './support/openapi-validator';
import { startTestWorker } from './support/worker';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..');
const CLIENT_DIR = join(ROOT, 'test/openapi-client');
const GENERATED_DIR = join(CLIENT_DIR, 'generated');
const OUT_DIR = join(ROOT, 'tmp', `openapi-client-${process.pid}`);

/**
 * What an integrator does: generate types from the running API's document (openapi-typescript), compile a client
 * that uses them (openapi-fetch) under `tsc --strict`, and run it from the request to the final plan's PDF. A
 * document that types a field as `Record<string, never>`, leaves one out, or mistypes a response makes the compile
 * or the run fail; the client's source may not paper over it with casts.
 */
describe('A generated client (e2e)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let baseUrl: string;
  let env: Record<string, string>;
  let users: Record<'caseworker' | 'nurse' | 'manager' | 'admin', TestUser>;
  let organisationId: string;
  let created: { assessmentId: string; childId: string; planId: string; adviceRequestId: string } | undefined;

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-05-01') });
    worker = await startTestWorker(t.config, t.clock);
    baseUrl = t.url;
    const la = await createLocalAuthority(t.dataSource);
    const trust = await createOrganisation(t.dataSource, la.id);
    organisationId = trust;
    const caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    const nurse = await createUser(t.dataSource, t.http, la.id, Role.Professional, { discipline: Discipline.Health, organisationId: trust });
    const manager = await createUser(t.dataSource, t.http, la.id, Role.Manager);
    const admin = await createUser(t.dataSource, t.http, la.id, Role.LaAdmin);
    users = { caseworker, nurse, manager, admin };
    env = { API_BASE_URL: baseUrl, PASSWORD: TEST_PASSWORD, CASEWORKER_EMAIL: caseworker.email, ADVISER_EMAIL: nurse.email };
    mkdirSync(GENERATED_DIR, { recursive: true });
    mkdirSync(OUT_DIR, { recursive: true });
  });
  afterAll(async () => {
    rmSync(OUT_DIR, { recursive: true, force: true });
    await worker?.close();
    await t?.close();
  });

  it('has no casts, non-null assertions or `any` to hide a wrong type', () => {
    const source = readFileSync(join(CLIENT_DIR, 'flow.ts'), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(source.match(/\bas\s+(?!const\b)[\w{[('"]/g) ?? []).toEqual([]);
    expect(source.match(/(?:[=(,:?]|\breturn)\s*<\w+>\s*[\w(]/g) ?? []).toEqual([]);
    expect(source.match(/[\w)\]]!(?=[.;,)[\s])/g) ?? []).toEqual([]);
    expect(source.match(/\bany\b/g) ?? []).toEqual([]);
  });

  it('generates types from /docs-json, compiles the client under --strict and drives an assessment to the final PDF', async () => {
    const document = await fetch(`${baseUrl}/docs-json`).then((response) => response.text());
    const spec = join(OUT_DIR, 'openapi.json');
    writeFileSync(spec, document);
    await run(process.execPath, [join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'), spec, '--output', join(GENERATED_DIR, 'schema.d.ts')], { cwd: ROOT });

    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const compiled = await run(
      process.execPath,
      [tsc, '--strict', '--noEmitOnError', '--target', 'es2022', '--module', 'node16', '--moduleResolution', 'node16', '--types', 'node', '--rootDir', CLIENT_DIR, '--outDir', OUT_DIR, join(CLIENT_DIR, 'flow.ts')],
      { cwd: ROOT },
    ).catch((error: { stdout?: string; message: string }) => ({ stdout: `${error.stdout ?? ''}${error.message}`, failed: true }));
    expect(compiled).not.toHaveProperty('failed');

    const { stdout } = await run(process.execPath, [join(OUT_DIR, 'flow.js')], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 45_000 }).catch((error: { stderr?: string; message: string }) => {
      throw new Error(`the client failed: ${error.stderr ?? error.message}`);
    });
    const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
    expect(result).toMatchObject({
      draftStatus: 'draft_issued',
      finalStatus: 'plan_issued',
      planStatus: 'issued',
      nextReviewDueOn: '2027-04-30',
      placement: 'Demo Primary School',
      versions: ['1:draft', '2:final'],
    });
    expect(result.pdfBytes).toBeGreaterThan(1000);
    created = result;
    // Two child processes (openapi-typescript, then tsc --strict over the client) before the flow itself: tsc alone
    // takes 10 to 40 s on a busy 2-core machine.
  }, 180_000);

  it('answers every read of that case exactly as the document describes it (required fields, types, formats, nulls)', async () => {
    if (!created) throw new Error('the client flow did not run');
    const { assessmentId, childId, planId, adviceRequestId } = created;
    const document = (await t.http.get('/docs-json').expect(200)).body;
    const validate = responseValidator(document);
    const reads: [keyof typeof users, string, string][] = [
      ['caseworker', '/api/v1/assessments/{id}', `/api/v1/assessments/${assessmentId}`],
      ['caseworker', '/api/v1/assessments/{id}/timeline', `/api/v1/assessments/${assessmentId}/timeline`],
      ['caseworker', '/api/v1/assessments', `/api/v1/assessments?childId=${childId}`],
      ['caseworker', '/api/v1/children/{id}', `/api/v1/children/${childId}`],
      ['caseworker', '/api/v1/children', '/api/v1/children?limit=5'],
      ['caseworker', '/api/v1/plans/{id}', `/api/v1/plans/${planId}`],
      ['caseworker', '/api/v1/plans/{id}/quality', `/api/v1/plans/${planId}/quality`],
      ['caseworker', '/api/v1/plans/{id}/versions', `/api/v1/plans/${planId}/versions`],
      ['caseworker', '/api/v1/plans/{id}/versions/{number}', `/api/v1/plans/${planId}/versions/2`],
      ['caseworker', '/api/v1/plans/{id}/compare', `/api/v1/plans/${planId}/compare?from=1&to=2`],
      ['caseworker', '/api/v1/advice-requests', `/api/v1/advice-requests?assessmentId=${assessmentId}`],
      ['nurse', '/api/v1/advice-requests/{id}', `/api/v1/advice-requests/${adviceRequestId}`],
      ['nurse', '/api/v1/advice-requests', '/api/v1/advice-requests'],
      ['caseworker', '/api/v1/notifications', '/api/v1/notifications'],
      ['caseworker', '/api/v1/auth/me', '/api/v1/auth/me'],
      ['manager', '/api/v1/reports/timeliness', '/api/v1/reports/timeliness?from=2026-01-01&to=2026-12-31'],
      ['manager', '/api/v1/reports/risk', '/api/v1/reports/risk'],
      ['manager', '/api/v1/reports/exception-rates', '/api/v1/reports/exception-rates?from=2026-01-01&to=2026-12-31'],
      ['manager', '/api/v1/reports/sen2', '/api/v1/reports/sen2?censusDate=2026-05-01'],
      ['manager', '/api/v1/audit', '/api/v1/audit?limit=50'],
      ['admin', '/api/v1/users', '/api/v1/users'],
      ['admin', '/api/v1/organisations', '/api/v1/organisations'],
      ['admin', '/api/v1/organisations/{id}', `/api/v1/organisations/${organisationId}`],
      ['admin', '/api/v1/organisations/{id}/members', `/api/v1/organisations/${organisationId}/members`],
      ['admin', '/api/v1/users/{id}', `/api/v1/users/${users.nurse.id}`],
      ['manager', '/api/v1/advice-requests/summary', '/api/v1/advice-requests/summary?groupBy=organisation'],
      ['admin', '/api/v1/operations/queues', '/api/v1/operations/queues'],
    ];
    const problems: string[] = [];
    for (const [who, path, url] of reads) {
      const response = await t.http.get(url).set(bearer(users[who]));
      problems.push(...validate('GET', path, response.status, response.body));
    }
    // Errors too: a problem+json body as ProblemDetailsDto says.
    const notFound = await t.http.get('/api/v1/assessments/3f2b8c1e-7d4a-4b6e-9a0c-1d2e3f4a5b6c').set(bearer(users.caseworker));
    expect(notFound.status).toBe(404);
    problems.push(...validate('GET', '/api/v1/assessments/{id}', 404, JSON.parse(notFound.text)));
    const again = await t.http.post(`/api/v1/assessments/${assessmentId}/final-plan`).set(bearer(users.caseworker)).send({ issuedOn: '2026-05-01' });
    expect(again.status).toBe(409);
    problems.push(...validate('POST', '/api/v1/assessments/{id}/final-plan', 409, JSON.parse(again.text)));
    expect(problems).toEqual([]);
  });
});
