import { INestApplicationContext } from '@nestjs/common';
import { version as packageVersion } from '../package.json';
import { ProcessLifecycle } from '@app/core';
import { WorkerProbeServer } from '@app/observability';
import { startTestApp, TestApp } from './support/app';
import { startTestWorker } from './support/worker';

/** Probes, version and metrics (api-contract.md, "Operations"). */
describe('operations: probes and version (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ config: { buildCommit: '5ecb010e3c2f' } });
  });
  afterAll(() => t.close());

  it('GET /health/live is 200 with no dependency checked, even when PostgreSQL is gone', async () => {
    await t.http.get('/api/v1/health/live').expect(200, { status: 'ok' });
    await t.dataSource.destroy();
    try {
      await t.http.get('/api/v1/health/live').expect(200, { status: 'ok' });
      const ready = await t.http.get('/api/v1/health/ready').expect(503);
      expect(ready.body).toMatchObject({ status: 'error', shuttingDown: false, checks: { postgres: { status: 'down' }, redis: { status: 'up' } } });
    } finally {
      await t.dataSource.initialize();
    }
  });

  it('GET /health/ready is 200 when PostgreSQL and Redis answer', async () => {
    const response = await t.http.get('/api/v1/health/ready').expect(200);
    expect(response.body).toEqual({ status: 'ok', shuttingDown: false, checks: { postgres: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('GET /version gives the package version and the build commit', async () => {
    const response = await t.http.get('/api/v1/version').expect(200);
    expect(response.body).toEqual({ version: packageVersion, commit: '5ecb010e3c2f' });
  });

  it('readiness fails once the process is shutting down, while liveness and the health check stay up, and answers close their connection', async () => {
    t.app.get(ProcessLifecycle).markShuttingDown();
    const ready = await t.http.get('/api/v1/health/ready').expect(503);
    expect(ready.body).toMatchObject({ status: 'error', shuttingDown: true, checks: { postgres: { status: 'up' }, redis: { status: 'up' } } });
    expect(ready.headers.connection).toBe('close');
    await t.http.get('/api/v1/health/live').expect(200);
    await t.http.get('/api/v1/health').expect(200);
  });
});

describe('operations: the worker probe server (e2e)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker(t.config);
    base = `http://127.0.0.1:${worker.get(WorkerProbeServer).port}`;
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  it('listens on a port of its own (WORKER_METRICS_PORT=0 picks a free one)', () => {
    expect(worker.get(WorkerProbeServer).port).toBeGreaterThan(0);
  });

  it('answers /health/live and /health/ready, and 503 on readiness once the worker is shutting down', async () => {
    const live = await fetch(`${base}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', shuttingDown: false, checks: { postgres: { status: 'up' }, redis: { status: 'up' } } });
    worker.get(ProcessLifecycle).markShuttingDown();
    const draining = await fetch(`${base}/health/ready`);
    expect(draining.status).toBe(503);
    expect(await draining.json()).toMatchObject({ shuttingDown: true });
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
  });

  it('serves Prometheus text on /metrics, and 404 elsewhere', async () => {
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/^ehcp_queue_jobs\{queue="reminders",state="waiting"\} \d+$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
  });
});
