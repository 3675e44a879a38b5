import { createServer, Server } from 'node:http';
import { readFileSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role } from '@app/core';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import { createTestDatabase, dropTestDatabase, openDataSource, testRunId } from './support';
import { createLocalAuthority, createUser } from './support/factories';
import { issueFinalPlan } from './support/issued-plan';
import { removeKeysUnder } from './support/redis-keys';
import { spawnApp, SpawnedProcess } from './support/spawned-process';
import { waitFor } from './support/wait';

/** One span as the OTLP/HTTP JSON export carries it, with its resource's service name. */
interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

const SPAN_KIND = { SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 } as const;

type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
type OtlpAttribute = { key: string; value: OtlpValue };

function attributesOf(list: OtlpAttribute[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of list ?? []) out[key] = value.stringValue ?? value.intValue ?? value.boolValue ?? value.doubleValue;
  return out;
}

/**
 * A real OTLP/HTTP receiver (the collector's `/v1/traces` endpoint, JSON encoding as @opentelemetry/exporter-trace-otlp-http
 * sends it): decodes every export into spans.
 */
async function startReceiver(): Promise<{ server: Server; url: string; spans: ExportedSpan[]; requests: () => number }> {
  const spans: ExportedSpan[] = [];
  let requests = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests += 1;
      if (request.method !== 'POST' || request.url !== '/v1/traces' || !String(request.headers['content-type']).startsWith('application/json')) {
        response.writeHead(415).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans: { resource: { attributes: OtlpAttribute[] }; scopeSpans: { spans: (Omit<ExportedSpan, 'service' | 'attributes'> & { attributes: OtlpAttribute[] })[] }[] }[];
      };
      for (const resourceSpans of body.resourceSpans) {
        const service = String(attributesOf(resourceSpans.resource.attributes)['service.name']);
        for (const scope of resourceSpans.scopeSpans) {
          for (const span of scope.spans) spans.push({ ...span, service, attributes: attributesOf(span.attributes), parentSpanId: span.parentSpanId || undefined });
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, requests: () => requests };
}

/** The OpenTelemetry packages the process with this pid had loaded when it exited (test/support/loaded-modules.js). */
function loadedBy(report: string, pid: number): string[] {
  return JSON.parse(readFileSync(`${report}.${pid}`, 'utf8')) as string[];
}

const PRELOAD = join(__dirname, 'support', 'loaded-modules.js');

/**
 * Traces for real: the API and the worker are spawned with OTEL_TRACES_EXPORTER=otlp, exporting to a receiver this
 * test runs; a plan is taken to final through the API; the final-plan request's trace holds its PostgreSQL queries and
 * the worker's PDF render job (the trace context travels with the BullMQ job), with the render's own queries under it.
 * Then the same processes with tracing off: no OpenTelemetry module loaded, nothing sent.
 */
describe('OpenTelemetry traces across the API, PostgreSQL, BullMQ and the worker (e2e, spawned processes)', () => {
  let databaseUrl: string;
  let dataSource: DataSource;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const prefix = `ehcp-test-${testRunId()}-tracing-${process.pid}`;
  const report = join(tmpdir(), `ehcp-loaded-modules-${process.pid}`);
  const processes: SpawnedProcess[] = [];

  function spawn(app: 'api' | 'worker', env: Record<string, string>): SpawnedProcess {
    const spawned = spawnApp(app, {
      DATABASE_URL: databaseUrl,
      QUEUE_PREFIX: prefix,
      DATABASE_POOL_SIZE: '4',
      SHUTDOWN_DRAIN_MS: '0',
      RATE_LIMIT_PER_MINUTE: '100000',
      LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
      PASSWORD_HASH_MEMORY_KIB: '1024',
      PASSWORD_HASH_TIME_COST: '1',
      NODE_OPTIONS: `--require ${PRELOAD}`,
      LOADED_MODULES_REPORT: report,
      ...env,
    });
    processes.push(spawned);
    return spawned;
  }

  async function stop(spawned: SpawnedProcess): Promise<void> {
    spawned.child.kill('SIGTERM');
    expect(await spawned.exited).toBe(0);
  }

  beforeAll(async () => {
    receiver = await startReceiver();
    databaseUrl = await createTestDatabase();
    dataSource = await openDataSource(databaseUrl);
  }, 60_000);
  afterAll(async () => {
    for (const spawned of processes) spawned.kill();
    await Promise.all(processes.map((spawned) => spawned.exited));
    await dataSource?.destroy();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
    await removeKeysUnder(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
    await new Promise((resolve) => receiver?.server.close(resolve));
    for (const spawned of processes) rmSync(`${report}.${spawned.child.pid}`, { force: true });
  });

  it('puts the request, its queries and the PDF job it enqueued (and the job’s queries) in one trace', async () => {
    const tracing = { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '200', GIT_COMMIT: 'abc1234' };
    const api = spawn('api', tracing);
    const worker = spawn('worker', tracing);
    const listening = await api.waitForLog((line) => line.msg === 'API listening', 150_000);
    await worker.waitForLog((line) => line.msg === 'Worker started', 150_000);
    expect(api.logs.find((line) => line.msg === 'Tracing on')).toMatchObject({ endpoint: receiver.url, sampleRatio: 1 });
    const http = supertest(`http://127.0.0.1:${listening.port as number}`);

    const la = await createLocalAuthority(dataSource);
    const caseworker = await createUser(dataSource, http, la.id, Role.Caseworker);
    const { planId, assessmentId } = await issueFinalPlan(http, caseworker, { dateOfBirth: '2015-01-01', requestReceivedOn: '2026-01-05', finalIssuedOn: '2026-03-01' });
    await waitFor(async () => (await dataSource.query<unknown[]>(`SELECT 1 FROM plan_documents WHERE plan_id = $1 AND status = 'rendered'`, [planId])).length > 0, 'the final plan rendered', 90_000);

    const finalRoute = 'POST /api/v1/assessments/:id/final-plan';
    const isRequest = (span: ExportedSpan) => span.service === 'ehcp-api' && span.kind === SPAN_KIND.SERVER && span.name === finalRoute;
    await waitFor(async () => receiver.spans.some(isRequest), 'the final-plan request span', 30_000);
    const request = receiver.spans.find(isRequest)!;
    expect(request.attributes).toMatchObject({ 'http.route': '/api/v1/assessments/:id/final-plan' });
    expect(String(request.attributes['url.path'] ?? request.attributes['http.target'])).toContain(assessmentId);
    const inTrace = () => receiver.spans.filter((span) => span.traceId === request.traceId);
    const isRender = (span: ExportedSpan) => span.service === 'ehcp-worker' && span.kind === SPAN_KIND.CONSUMER && span.attributes['bullmq.job.name'] === 'render-plan-pdf';
    await waitFor(async () => inTrace().some(isRender), 'the worker job span in the request trace', 30_000);
    // The worker's span is exported when the job ends; its queries first: wait for one of them too.
    const byId = () => new Map(inTrace().map((span) => [span.spanId, span]));
    const ancestors = (span: ExportedSpan): ExportedSpan[] => {
      const chain: ExportedSpan[] = [];
      const spans = byId();
      for (let at = span.parentSpanId ? spans.get(span.parentSpanId) : undefined; at; at = at.parentSpanId ? spans.get(at.parentSpanId) : undefined) chain.push(at);
      return chain;
    };
    const render = inTrace().find(isRender)!;
    await waitFor(async () => inTrace().some((span) => span.service === 'ehcp-worker' && span.attributes['db.system.name'] === 'postgresql' && ancestors(span).includes(render)), 'the render job’s queries', 30_000);

    // The request's own queries are its descendants, and say what they ran (with placeholders, not values).
    const requestQueries = inTrace().filter((span) => span.service === 'ehcp-api' && span.attributes['db.system.name'] === 'postgresql');
    expect(requestQueries.length).toBeGreaterThan(3);
    for (const query of requestQueries) {
      expect(query.kind).toBe(SPAN_KIND.CLIENT);
      expect(ancestors(query)).toContainEqual(request);
    }
    expect(requestQueries.some((query) => /UPDATE|INSERT/.test(String(query.attributes['db.query.text'])))).toBe(true);
    expect(requestQueries.map((query) => String(query.attributes['db.query.text'])).join('\n')).not.toContain(assessmentId);

    // The job hand-off: the API's producer span (under the request) is the parent of the worker's job span.
    const producer = inTrace().find((span) => span.service === 'ehcp-api' && span.kind === SPAN_KIND.PRODUCER);
    expect(producer).toBeDefined();
    expect(ancestors(producer!)).toContainEqual(request);
    expect(ancestors(render)[0]).toEqual(producer);
    expect(ancestors(render)).toContainEqual(request);
    expect(render).toMatchObject({ name: 'process documents', attributes: { 'bullmq.job.name': 'render-plan-pdf' } });
    // The job's queries (reading the plan, storing the PDF) are under the job.
    const jobQueries = inTrace().filter((span) => span.service === 'ehcp-worker' && span.attributes['db.system.name'] === 'postgresql');
    expect(jobQueries.length).toBeGreaterThan(0);
    for (const query of jobQueries) expect(ancestors(query)).toContainEqual(render);

    // Probes are not traced.
    await http.get('/api/v1/health/ready').expect(200);
    await stop(api);
    await stop(worker);
    expect(receiver.spans.filter((span) => /health/.test(span.name) || /health/.test(String(span.attributes['url.path'])))).toEqual([]);
    // The control for the test below: a traced process did load OpenTelemetry.
    expect(loadedBy(report, api.child.pid!)).toEqual(expect.arrayContaining(['@opentelemetry/instrumentation-pg', '@opentelemetry/sdk-trace-node', 'bullmq-otel']));
    expect(loadedBy(report, worker.child.pid!)).toEqual(expect.arrayContaining(['@opentelemetry/instrumentation-pg', 'bullmq-otel']));
  }, 400_000);

  it('with tracing off (the default), loads no OpenTelemetry module and sends nothing', async () => {
    const before = receiver.requests();
    // The receiver's address is configured, but OTEL_TRACES_EXPORTER is not: tracing stays off.
    const off = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '200' };
    const api = spawn('api', off);
    const worker = spawn('worker', off);
    const listening = await api.waitForLog((line) => line.msg === 'API listening', 150_000);
    await worker.waitForLog((line) => line.msg === 'Worker started', 150_000);
    const http = supertest(`http://127.0.0.1:${listening.port as number}`);
    const la = await createLocalAuthority(dataSource);
    const caseworker = await createUser(dataSource, http, la.id, Role.Caseworker);
    const { planId } = await issueFinalPlan(http, caseworker, { dateOfBirth: '2015-01-01', requestReceivedOn: '2026-01-05', finalIssuedOn: '2026-03-01' });
    await waitFor(async () => (await dataSource.query<unknown[]>(`SELECT 1 FROM plan_documents WHERE plan_id = $1 AND status = 'rendered'`, [planId])).length > 0, 'the final plan rendered', 90_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await stop(api);
    await stop(worker);

    expect(api.logs.some((line) => line.msg === 'Tracing on')).toBe(false);
    // prom-client (the metrics) requires @opentelemetry/api when it is installed, for exemplars: the API facade alone,
    // which does nothing without a registered provider. No SDK, instrumentation or exporter is loaded.
    const inert = (loaded: string[]) => loaded.filter((name) => name !== '@opentelemetry/api');
    expect(inert(loadedBy(report, api.child.pid!))).toEqual([]);
    expect(inert(loadedBy(report, worker.child.pid!))).toEqual([]);
    expect(receiver.requests()).toBe(before);
  }, 400_000);
});
