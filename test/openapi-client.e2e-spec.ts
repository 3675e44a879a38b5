import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { INestApplicationContext } from '@nestjs/common';
import { Discipline, Role } from '@app/core';
import { startTestApp, TestApp } from './support/app';
import { createLocalAuthority, createOrganisation, createUser, TEST_PASSWORD } from './support/factories';
import { londonNoon } from './support/london';
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

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-05-01') });
    worker = await startTestWorker(t.config, t.clock);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.getHttpServer().address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${address.port}`;
    const la = await createLocalAuthority(t.dataSource);
    const trust = await createOrganisation(t.dataSource, la.id);
    const caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    const nurse = await createUser(t.dataSource, t.http, la.id, Role.Professional, { discipline: Discipline.Health, organisationId: trust });
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
      nextReviewDueOn: '2027-05-01',
      placement: 'Demo Primary School',
      versions: ['1:draft', '2:final'],
    });
    expect(result.pdfBytes).toBeGreaterThan(1000);
  });
});
