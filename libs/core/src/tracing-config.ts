import { z } from 'zod';

/**
 * OpenTelemetry tracing (docs/runbook.md, "Traces"). Off unless OTEL_TRACES_EXPORTER=otlp. Its own small schema, so
 * that a process can read it before anything else is loaded (instrumentation must patch http, pg and ioredis before
 * they are first required); loadConfig validates the same fields with every other variable, so a bad value is
 * reported with the rest.
 */
export interface TracingConfig {
  /** OTEL_TRACES_EXPORTER=otlp: spans are exported; `none` (the default): no OpenTelemetry package is even loaded. */
  enabled: boolean;
  /** The OTLP/HTTP receiver's base URL (OTEL_EXPORTER_OTLP_ENDPOINT); spans go to `<endpoint>/v1/traces`. */
  endpoint: string;
  /** OTEL_SERVICE_NAME; null: `ehcp-api` for the API, `ehcp-worker` for the worker. */
  serviceName: string | null;
  /** Share of new traces kept (OTEL_TRACES_SAMPLER_ARG, 0 to 1); a trace started elsewhere keeps its caller's decision. */
  sampleRatio: number;
}

const blank = (value: unknown): boolean => value === undefined || (typeof value === 'string' && value.trim() === '');

export const TRACING_ENV_FIELDS = {
  OTEL_TRACES_EXPORTER: z.preprocess(
    (raw) => (blank(raw) ? 'none' : String(raw).trim()),
    z.enum(['none', 'otlp'], { error: (issue) => `OTEL_TRACES_EXPORTER="${String(issue.input)}" is not one of none, otlp (default none: tracing off).` }),
  ),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess(
    (raw) => (blank(raw) ? 'http://127.0.0.1:4318' : String(raw).trim().replace(/\/+$/, '')),
    z.string().check((ctx) => {
      const ok = URL.canParse(ctx.value) && ['http:', 'https:'].includes(new URL(ctx.value).protocol);
      if (!ok) ctx.issues.push({ code: 'custom', input: ctx.value, message: `OTEL_EXPORTER_OTLP_ENDPOINT="${ctx.value}" is not an http:// or https:// URL: give the OTLP/HTTP receiver's base, e.g. http://otel-collector:4318 (default http://127.0.0.1:4318).` });
    }),
  ),
  OTEL_SERVICE_NAME: z.preprocess(
    (raw) => (blank(raw) ? null : String(raw).trim()),
    z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/, { error: (issue) => `OTEL_SERVICE_NAME="${String(issue.input)}" is not a service name: letters, digits, ".", "_" and "-" (default ehcp-api / ehcp-worker).` })
      .nullable(),
  ),
  OTEL_TRACES_SAMPLER_ARG: z.preprocess(
    (raw) => (blank(raw) ? '1' : String(raw).trim()),
    z
      .string()
      .regex(/^(0(\.\d+)?|1(\.0+)?)$/, { error: (issue) => `OTEL_TRACES_SAMPLER_ARG="${String(issue.input)}" is not a ratio: use a number from 0 to 1, e.g. 0.1 to keep one trace in ten (default 1).` })
      .transform(Number),
  ),
};

type TracingEnv = { [K in keyof typeof TRACING_ENV_FIELDS]: z.output<(typeof TRACING_ENV_FIELDS)[K]> };

export function tracingConfigOf(e: TracingEnv): TracingConfig {
  return { enabled: e.OTEL_TRACES_EXPORTER === 'otlp', endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: e.OTEL_SERVICE_NAME, sampleRatio: e.OTEL_TRACES_SAMPLER_ARG };
}

/** The tracing settings alone, or null when they are invalid (loadConfig then reports the problem with the others). */
export function readTracingConfig(env: Record<string, string | undefined> = process.env): TracingConfig | null {
  const parsed = z.object(TRACING_ENV_FIELDS).safeParse(env);
  return parsed.success ? tracingConfigOf(parsed.data) : null;
}
