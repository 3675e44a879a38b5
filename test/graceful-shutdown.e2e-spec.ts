import { request as httpRequest, Agent } from 'node:http';
import { Role } from '@app/core';
import { QueueName } from '@app/queue';
import { Queue } from 'bullmq';
import { startTestApp, TestApp } from './support/app';
import { createTestDatabase, dropTestDatabase } from './support/database';
import { createLocalAuthority, createUser } from './support/factories';
import { issueFinalPlan } from './support/issued-plan';
import { LogLine, spawnApp, SpawnedProcess } from './support/spawned-process';

interface Answer {
  path: string;
  status?: number;
  requestId?: string;
  error?: string;
  /** Date.now() when the answer (or the error) arrived. */
  at: number;
}

const DRAIN_MS = 3000;

function call(port: number, agent: Agent | false, method: string, path: string, body?: object): Promise<Answer> {
  return new Promise((resolve) => {
    const payload = body ? JSON.stringify(body) : undefined;
    const request = httpRequest({ host: '127.0.0.1', port, method, path, agent, headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {} }, (response) => {
      response.resume();
      response.on('end', () => resolve({ path, status: response.statusCode, requestId: response.headers['x-request-id'] as string | undefined, at: Date.now() }));
      response.on('error', (error: NodeJS.ErrnoException) => resolve({ path, error: error.code ?? error.message, at: Date.now() }));
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ path, error: error.code ?? error.message, at: Date.now() }));
    request.end(payload);
  });
}

/**
 * What the steady clients send: a refused write with its body, a refused read, the version. The slow requests are the
 * burst's sign-ins below; a sign-in in this loop too (as before) spent about 20 of the test's 35 CPU s on argon2 at
 * production's cost, on 2 cores shared with the rest of the suite (docs/testing.md, "Fifth round").
 */
const WORK: [string, string, object?][] = [
  ['POST', '/api/v1/assessments', { childId: 'not-a-child' }],
  ['GET', '/api/v1/assessments'],
  ['GET', '/api/v1/version'],
];
/** A sign-in that fails: PostgreSQL and argon2 at production's cost against the dummy hash, the slowest public path. */
const SLOW_SIGN_IN = { email: 'nobody@shutdown.test', password: 'not-the-password' };

/**
 * SIGTERM against a real API process (spawned, on a free port) under a bounded load: readiness fails first while the
 * process still serves, the clients (as a load balancer would) stop sending once readiness fails, requests still in
 * flight when the drain ends are answered, and every answer is in the log. No connection is reset.
 */
describe('graceful shutdown of the API under load (e2e, spawned process)', () => {
  let databaseUrl: string;
  let api: SpawnedProcess;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    api = spawnApp('api', {
      DATABASE_URL: databaseUrl,
      QUEUE_PREFIX: `ehcp-test-shutdown-${process.pid}`,
      SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
      RATE_LIMIT_PER_MINUTE: '1000000',
      LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
      DATABASE_POOL_SIZE: '5',
    });
  }, 150_000);
  afterAll(async () => {
    api?.kill();
    await api?.exited;
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('fails readiness first, drains, finishes what is in flight, logs every answer and exits 0', async () => {
    const listening = await api.waitForLog((line) => line.msg === 'API listening', 140_000);
    const port = listening.port as number;
    expect(port).toBeGreaterThan(0);

    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const answers: Answer[] = [];
    let stopped = false;
    // Eight keep-alive clients in a loop, as a load balancer's connections would be.
    const clients = Array.from({ length: 8 }, async (_, index) => {
      for (let n = index; !stopped; n += 1) {
        const [method, path, body] = WORK[n % WORK.length];
        answers.push(await call(port, agent, method, path, body));
      }
    });
    // The load balancer's check: every 100 ms; it stops sending 300 ms after the first failure (well within the drain).
    const readiness: Answer[] = [];
    const probe = (async () => {
      while (!stopped) {
        const answer = await call(port, false, 'GET', '/api/v1/health/ready');
        readiness.push(answer);
        if (answer.status === 503) setTimeout(() => (stopped = true), 300);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    // Under load before the signal: at least 40 answers (the machine may be slow: wait for them, not for a time).
    for (let waited = 0; answers.length < 40 && waited < 30_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    const before = answers.length;
    const sigtermAt = Date.now();
    api.child.kill('SIGTERM');
    // A client that ignored the check: a burst of slow sign-ins (argon2 runs four at a time) on fresh connections
    // during the drain, many of them still running when the drain ends and the server starts closing. (Connections
    // the process has not even accepted when its listener closes are refused or reset by the kernel: that is what the
    // drain is for, so the burst comes well inside it.)
    await new Promise((resolve) => setTimeout(resolve, DRAIN_MS / 3));
    const burst = await Promise.all(Array.from({ length: 24 }, () => call(port, false, 'POST', '/api/v1/auth/login', SLOW_SIGN_IN)));
    await Promise.all([...clients, probe]);
    agent.destroy();
    const code = await api.exited;

    // Served throughout: nothing reset, refused or hung up, before or after SIGTERM.
    const all = [...answers, ...burst];
    expect(all.filter((a) => a.error)).toEqual([]);
    expect(before).toBeGreaterThanOrEqual(40);
    expect(answers.filter((a) => a.at > sigtermAt).length).toBeGreaterThan(0);
    expect(all.every((a) => a.status === 200 || a.status === 401)).toBe(true);
    // Readiness failed (and said why) while the process still served.
    const failed = readiness.find((a) => a.status === 503);
    expect(failed).toBeDefined();
    expect(failed!.at - sigtermAt).toBeLessThan(DRAIN_MS);

    // The shutdown is logged, in order, and the process exits cleanly.
    expect(code).toBe(0);
    const started = api.logs.find((l) => l.msg === 'Shutdown started: readiness now fails');
    const drained = api.logs.find((l) => l.msg === 'Drain over: closing (in-flight requests and jobs finish first)');
    const complete = api.logs.find((l) => l.msg === 'Shutdown complete');
    expect(started).toMatchObject({ signal: 'SIGTERM', drainMs: DRAIN_MS });
    expect(drained).toBeDefined();
    expect(complete).toBeDefined();
    expect(drained!.time! - started!.time!).toBeGreaterThanOrEqual(DRAIN_MS - 50);

    // Every answer a client received is in the log with its request id and status.
    const logged = new Map<string, LogLine>();
    for (const line of api.logs) {
      const req = line.req as { id?: string } | undefined;
      const res = line.res as { statusCode?: number } | undefined;
      if (req?.id && res?.statusCode) logged.set(req.id, line);
    }
    const missing = all.filter((a) => !a.requestId || (logged.get(a.requestId)?.res as { statusCode?: number } | undefined)?.statusCode !== a.status);
    expect(missing).toEqual([]);
    // Some of the burst was still in flight when the drain ended, and was answered.
    const inFlightAtClose = burst.filter((a) => (logged.get(a.requestId!)?.time ?? 0) > drained!.time!);
    expect(inFlightAtClose.length).toBeGreaterThan(0);
  }, 120_000);
});

/**
 * SIGTERM against a real worker process (spawned) while it renders a plan PDF: its readiness fails on the probe port,
 * the drain passes, the worker takes no new job, the render in flight finishes and is stored, and the process exits 0.
 */
describe('graceful shutdown of the worker with a job in flight (e2e, spawned process)', () => {
  let t: TestApp;
  let worker: SpawnedProcess;
  let queue: Queue;

  beforeAll(async () => {
    t = await startTestApp();
    queue = new Queue(QueueName.Documents, { connection: { url: t.config.redisUrl }, prefix: t.config.queuePrefix });
    worker = spawnApp('worker', { DATABASE_URL: t.config.databaseUrl, QUEUE_PREFIX: t.config.queuePrefix, SHUTDOWN_DRAIN_MS: '1000', DATABASE_POOL_SIZE: '4' });
  }, 150_000);
  afterAll(async () => {
    worker?.kill();
    await worker?.exited;
    await queue?.close();
    await t?.close();
  });

  it('fails readiness, finishes the render in flight, logs the shutdown and exits 0', async () => {
    const probe = await worker.waitForLog((line) => line.msg === 'Worker probe and metrics listening', 140_000);
    await worker.waitForLog((line) => line.msg === 'Worker started');
    const probeUrl = `http://127.0.0.1:${probe.port as number}/health/ready`;
    expect((await fetch(probeUrl)).status).toBe(200);

    const la = await createLocalAuthority(t.dataSource);
    const caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    const { planId } = await issueFinalPlan(t.http, caseworker, { dateOfBirth: '2015-01-01', requestReceivedOn: '2026-01-05', finalIssuedOn: '2026-03-01' });
    // The moment a render is running, stop the worker.
    for (let waited = 0; waited < 60_000; waited += 25) {
      if (((await queue.getJobCounts('active')).active ?? 0) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    worker.child.kill('SIGTERM');
    const started = await worker.waitForLog((line) => line.msg === 'Shutdown started: readiness now fails', 30_000);
    const draining = await fetch(probeUrl);
    expect(draining.status).toBe(503);
    expect(await draining.json()).toMatchObject({ shuttingDown: true });

    expect(await worker.exited).toBe(0);
    const complete = worker.logs.find((line) => line.msg === 'Shutdown complete');
    expect(complete).toMatchObject({ process: 'worker' });
    // A render was running when the signal came, and it was finished and stored, not abandoned.
    const documents = await t.dataSource.query<{ status: string; rendered_at: Date | null; version_number: number }[]>(
      'SELECT status, rendered_at, version_number FROM plan_documents WHERE plan_id = $1 ORDER BY version_number',
      [planId],
    );
    const finishedAfterSignal = documents.filter((d) => d.status === 'rendered' && d.rendered_at!.getTime() > started.time!);
    expect(finishedAfterSignal.length).toBeGreaterThan(0);
    expect(worker.logs.some((line) => line.msg === 'plan document rendered' && line.time! > started.time!)).toBe(true);
  }, 180_000);
});
