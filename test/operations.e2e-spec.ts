import { INestApplicationContext } from '@nestjs/common';
import { version as packageVersion } from '../package.json';
import { randomUUID } from 'node:crypto';
import { ProcessLifecycle, Role } from '@app/core';
import { MetricsService, WorkerProbeServer } from '@app/observability';
import { JobName, QueueName } from '@app/queue';
import { Queue } from 'bullmq';
import { bearer, createLocalAuthority, createUser } from './support/factories';
import { issueFinalPlan } from './support/issued-plan';
import { isLive } from '../apps/cli/commands/healthcheck.command';
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

  it('is what the container HEALTHCHECK asks (npm run healthcheck -- worker): live when it answers, not when nothing listens', async () => {
    expect(await isLive(`${base}/health/live`)).toBe(true);
    expect(await isLive(`${base}/health/nothing`)).toBe(false);
    expect(await isLive('http://127.0.0.1:1/health/live', 500)).toBe(false);
  });

  it('times PDF renders and jobs in the worker', async () => {
    const la = await createLocalAuthority(t.dataSource);
    const caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    const { planId } = await issueFinalPlan(t.http, caseworker, { dateOfBirth: '2015-01-01', requestReceivedOn: '2026-01-05', finalIssuedOn: '2026-03-01' });
    let pdf = await t.http.get(`/api/v1/plans/${planId}/pdf`).set(bearer(caseworker));
    for (let i = 0; i < 300 && pdf.status === 202; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      pdf = await t.http.get(`/api/v1/plans/${planId}/pdf`).set(bearer(caseworker));
    }
    expect(pdf.status).toBe(200);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(sample(text, 'ehcp_pdf_render_seconds_count{outcome="rendered"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'ehcp_job_duration_seconds_count{queue="documents",job="render-plan-pdf",outcome="completed"}')).toBeGreaterThanOrEqual(1);
  });
});

/** The value of one series in Prometheus text (0 when absent). */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('operations: metrics on the API port (e2e)', () => {
  let t: TestApp;
  let queue: Queue;

  beforeAll(async () => {
    t = await startTestApp();
    t.app.get(MetricsService).databaseGaugesTtlMs = 0;
    queue = new Queue(QueueName.Maintenance, { connection: { url: t.config.redisUrl }, prefix: t.config.queuePrefix });
  });
  afterAll(async () => {
    await queue.close();
    await t.close();
  });

  const scrape = async () => {
    const response = await t.http.get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text;
  };

  it('counts and times requests by route template and status, with no id or unknown path in a label', async () => {
    const before = await scrape();
    const series = 'http_requests_total{method="GET",route="/api/v1/version",status="200"}';
    await t.http.get('/api/v1/version').expect(200);
    await t.http.get('/api/v1/version').expect(200);
    const id = randomUUID();
    await t.http.get(`/api/v1/assessments/${id}`).expect(401);
    await t.http.get(`/api/v1/no-such-thing/${id}`).expect(404);
    const after = await scrape();
    expect(sample(after, series) - sample(before, series)).toBe(2);
    expect(sample(after, 'http_request_duration_seconds_count{method="GET",route="/api/v1/version",status="200"}')).toBeGreaterThanOrEqual(2);
    expect(sample(after, 'http_requests_total{method="GET",route="/api/v1/assessments/:id",status="401"}')).toBe(1);
    expect(sample(after, 'http_requests_total{method="GET",route="unmatched",status="404"}')).toBeGreaterThanOrEqual(1);
    expect(after).not.toContain(id);
    expect(after).not.toContain('no-such-thing');
  });

  it('shows the database pool and the queue depths, which move with the queue', async () => {
    const before = await scrape();
    expect(sample(before, 'ehcp_db_pool_connections{state="max"}')).toBe(5);
    expect(before).toMatch(/^ehcp_db_pool_connections\{state="in_use"\} \d+$/m);
    const delayed = 'ehcp_queue_jobs{queue="maintenance",state="delayed"}';
    expect(sample(before, delayed)).toBe(0);
    await queue.add(JobName.CloseCeasedPlans, {}, { delay: 3_600_000, jobId: 'metrics-test-delayed' });
    expect(sample(await scrape(), delayed)).toBe(1);
  });

  it('shows the reminder and outbox lag from PostgreSQL, which move when reminders and emails wait', async () => {
    const before = await scrape();
    expect(sample(before, 'ehcp_reminder_lag_seconds')).toBe(0);
    expect(sample(before, 'ehcp_email_outbox_lag_seconds')).toBe(0);

    const la = await createLocalAuthority(t.dataSource);
    const caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    const child = await t.http.post('/api/v1/children').set(bearer(caseworker)).send({ givenName: 'Lag', familyName: 'Child', dateOfBirth: '2016-04-01' }).expect(201);
    await t.http.post('/api/v1/assessments').set(bearer(caseworker)).send({ childId: child.body.id, requestReceivedOn: '2026-02-20', requestSource: 'parent' }).expect(201);
    const [{ count }] = await t.dataSource.query<{ count: number }[]>(
      `WITH moved AS (UPDATE reminders SET send_at = now() - interval '10 minutes' WHERE local_authority_id = $1 AND state = 'scheduled' RETURNING 1) SELECT count(*)::int AS count FROM moved`,
      [la.id],
    );
    expect(count).toBeGreaterThanOrEqual(1);
    await t.dataSource.query(
      `INSERT INTO email_outbox (local_authority_id, notification_id, to_address, subject, body, created_at) VALUES ($1, gen_random_uuid(), 'someone@example.test', 's', 'b', now() - interval '2 minutes')`,
      [la.id],
    );
    const after = await scrape();
    expect(sample(after, 'ehcp_reminder_lag_seconds')).toBeGreaterThanOrEqual(600);
    expect(sample(after, 'ehcp_reminders_late')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'ehcp_email_outbox_lag_seconds')).toBeGreaterThanOrEqual(120);
    expect(sample(after, 'ehcp_email_outbox_pending')).toBe(1);
    expect(after).not.toContain('someone@example.test');
  });
});
