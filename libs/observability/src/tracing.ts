/* eslint-disable @typescript-eslint/no-require-imports -- OpenTelemetry is required only when tracing is on */
import type { Telemetry } from 'bullmq';
import { readTracingConfig } from '@app/core/tracing-config';

/**
 * OpenTelemetry traces across the API, the worker, PostgreSQL, Redis and the BullMQ hand-off (docs/runbook.md,
 * "Traces"). Off unless OTEL_TRACES_EXPORTER=otlp; when off, no OpenTelemetry package is loaded at all (the requires
 * below only run when it is on). Each process calls startTracing first thing (apps/api/tracing.ts,
 * apps/worker/tracing.ts are the first imports of their main.ts), because the instrumentations patch http, pg and
 * ioredis as they are first required.
 *
 * What is traced: each HTTP request (named `METHOD /route/:template`), every PostgreSQL query made inside it (the SQL
 * with its $n placeholders, never the parameter values), Redis commands inside a span, and BullMQ jobs: adding a job
 * starts a producer span whose context travels in the job's options, and the worker's `process` span for that job is
 * its child, so a PDF render joins the request that issued the plan. Probes and /metrics are not traced.
 */
interface ActiveTracing {
  telemetry: Telemetry;
  serviceName: string;
  nameRequestSpan(method: string, route: string): void;
  shutdown(): Promise<void>;
}

const KEY = Symbol.for('ehcp.tracing');
const holder = globalThis as typeof globalThis & { [KEY]?: ActiveTracing };

/** Paths never traced: the probes and the metrics scrape (the load balancer's and Prometheus' polling). */
const UNTRACED = /^\/(api\/v1\/)?(health|metrics)(\/|\?|$)/;

/** Starts tracing if the environment says so; returns whether it is on. Safe to call twice. */
export function startTracing(defaultServiceName: string, env: Record<string, string | undefined> = process.env): boolean {
  if (holder[KEY]) return true;
  const config = readTracingConfig(env);
  if (!config?.enabled) return false;

  const api = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
  const node = require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { registerInstrumentations } = require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { IORedisInstrumentation } = require('@opentelemetry/instrumentation-ioredis') as typeof import('@opentelemetry/instrumentation-ioredis');
  const { BullMQOtel } = require('bullmq-otel') as typeof import('bullmq-otel');

  const serviceName = config.serviceName ?? defaultServiceName;
  const version = env.GIT_COMMIT?.trim() || 'unknown';
  const provider = new node.NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName, 'service.version': version, 'service.namespace': 'ehcp' }),
    sampler: new node.ParentBasedSampler({ root: new node.TraceIdRatioBasedSampler(config.sampleRatio) }),
    spanProcessors: [new node.BatchSpanProcessor(new OTLPTraceExporter({ url: `${config.endpoint}/v1/traces` }))],
  });
  // The AsyncLocalStorage context manager and the W3C traceparent propagator.
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED.test(request.url ?? ''),
        // Outgoing calls (Notify, an identity provider) only as part of a traced request or job.
        requireParentforOutgoingSpans: true,
      }),
      // Queries outside any request or job (pool keep-alive, start-up) would be traces of one span each.
      new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });

  holder[KEY] = {
    serviceName,
    telemetry: new BullMQOtel({ tracerName: 'ehcp-bullmq', version }) as unknown as Telemetry,
    nameRequestSpan(method, route) {
      const span = api.trace.getActiveSpan();
      if (!span) return;
      span.updateName(`${method} ${route}`);
      span.setAttribute('http.route', route);
    },
    shutdown: () => provider.shutdown(),
  };
  return true;
}

/** BullMQ's `telemetry` option for queues and workers: undefined (BullMQ's own no-op) when tracing is off. */
export function jobTelemetry(): Telemetry | undefined {
  return holder[KEY]?.telemetry;
}

/** Names the current request's server span after its route template (a no-op when tracing is off). */
export function nameRequestSpan(method: string, route: string): void {
  holder[KEY]?.nameRequestSpan(method, route);
}

/** Exports the spans still buffered; called last on a graceful shutdown. */
export async function stopTracing(): Promise<void> {
  const active = holder[KEY];
  if (!active) return;
  delete holder[KEY];
  await active.shutdown().catch(() => undefined);
}
