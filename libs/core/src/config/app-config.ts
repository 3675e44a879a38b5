import { hkdfSync, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { TRACING_ENV_FIELDS, TracingConfig, tracingConfigOf } from '../tracing-config';

/**
 * The validated environment. Every variable has a safe local default (api-contract.md) except those that must
 * never default in production (JWT_SECRET). Read once at start-up; nothing else reads process.env.
 */
export interface AppConfig {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  host: string;
  /** What the API and the worker connect as: the least-privilege app role (DATABASE_URL's user, default ehcp_app). */
  databaseUrl: string;
  /**
   * The owner of the tables, for migrations and other DDL (CLI only). Null in production when DATABASE_OWNER_URL is
   * unset: the API and worker never need it, and the commands that do say so.
   */
  databaseOwnerUrl: string | null;
  databasePoolSize: number;
  redisUrl: string;
  /** Redis through Sentinel (REDIS_SENTINELS `host:port,host:port`); null: REDIS_URL's host directly. */
  redisSentinels: { host: string; port: number }[] | null;
  /** The primary's name the Sentinels monitor (REDIS_SENTINEL_NAME, default `mymaster`). */
  redisSentinelName: string;
  /** Prefix of every BullMQ and rate-limit key; `{name}` (a hash tag) keeps every key in one Redis Cluster slot. */
  queuePrefix: string;
  /** HMAC key for access tokens: JWT_SECRET, or in development/test a random key generated once per installation. */
  jwtSecret: string;
  jwtTtlSeconds: number;
  /** Oldest a token may be (from its `iat`), whatever its `exp` says; at least jwtTtlSeconds. */
  jwtMaxAgeSeconds: number;
  /** A session whose tokens were not refreshed for this long ends (SESSION_IDLE_MINUTES, default 60). */
  sessionIdleMinutes: number;
  /** A session ends this long after sign-in however active it is (SESSION_MAX_HOURS, default 12). */
  sessionMaxHours: number;
  /**
   * The AES-256-GCM key (32 bytes) for second-factor secrets at rest: MFA_ENCRYPTION_KEY (base64 or hex of 32 random
   * bytes), else derived with HKDF-SHA256 from the signing key (JWT_SECRET or the installation's key file).
   */
  mfaEncryptionKey: Buffer;
  /** How long the API waits for an identity provider (discovery, token, keys) before answering 502. */
  oidcHttpTimeoutMs: number;
  demoPassword: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  bodyLimitBytes: number;
  loginMaxAttempts: number;
  loginLockoutMinutes: number;
  /** Failed sign-ins count towards a lockout only within this many minutes of the first one. */
  loginFailureWindowMinutes: number;
  rateLimitPerMinute: number;
  loginRateLimitPerMinute: number;
  publicBaseUrl: string;
  /** The web's address (WEB_PUBLIC_URL, as apps/web reads it): emails link to its pages, never to the JSON API. */
  webPublicUrl: string;
  /** Days before an LA deadline that "due soon" reminders go out. */
  reminderLeadDays: number;
  /** Days before an advice deadline that "due soon" reminders go out to the adviser. */
  adviceReminderLeadDays: number;
  /** How often the worker pages reminders due within the horizon into Redis and repairs lost jobs. */
  reminderSweepSeconds: number;
  /** London wall-clock time ("HH:MM") at which the reminders of a day go out. */
  reminderSendTime: string;
  /** How many days ahead Redis holds delayed reminder jobs; later ones stay in PostgreSQL only. */
  reminderHorizonDays: number;
  /** Delivery jobs (one LA's due reminders each) one worker runs at once. */
  reminderConcurrency: number;
  /** Reminders delivered per PostgreSQL transaction. */
  reminderBatchSize: number;
  /** London wall-clock time ("HH:MM") of each LA's daily digest. */
  digestTime: string;
  /** Weeks before a plan's review is due that the worker opens it and tells the caseworker and the setting. */
  reviewOpenWeeksAhead: number;
  /** How often the worker drains the email outbox when nothing nudges it. */
  emailDrainSeconds: number;
  /** Most emails a worker sends per second (GOV.UK Notify allows 3,000 a minute per service). */
  emailMaxPerSecond: number;
  /** How email leaves: `local` records it in the local_mailbox table (nothing is sent), `notify` or `smtp` send it. */
  emailTransport: 'local' | 'notify' | 'smtp';
  /** The From header for SMTP (Notify uses the service's own sender). */
  emailFrom: string;
  /** GOV.UK Notify API key; set when emailTransport is `notify`. */
  notifyApiKey: string | null;
  /** The Notify email template with subject `((subject))` and message `((body))`; set when emailTransport is `notify`. */
  notifyTemplateId: string | null;
  notifyBaseUrl: string;
  /** smtp:// or smtps:// with credentials in the URL; set when emailTransport is `smtp`. */
  smtpUrl: string | null;
  /** Wall-clock limit of one PDF render in its child process; the child is killed past it. */
  pdfRenderTimeoutMs: number;
  /** V8 heap limit (--max-old-space-size) of the PDF render child process. */
  pdfRenderMaxMemoryMb: number;
  /** Render attempts per plan document before it is marked failed and no longer retried or swept. */
  pdfRenderMaxAttempts: number;
  /** First wait before a failed render is tried again (BullMQ's exponential backoff doubles it each attempt). */
  pdfRenderRetryDelayMs: number;
  /** argon2id memory of new password hashes, in KiB (default 65536, the library's; production refuses below 19456). */
  passwordHashMemoryKib: number;
  /** argon2id passes of new password hashes (default 3; production refuses below 2). */
  passwordHashTimeCost: number;
  /** How long a reminders worker holds a job's lock; a dead worker's job is taken over after it lapses. */
  reminderJobLockMs: number;
  /** How often a reminders worker looks for jobs whose worker died (BullMQ's stalled check). */
  reminderStalledCheckMs: number;
  /** On SIGTERM, how long readiness fails while the process still serves before it closes (SHUTDOWN_DRAIN_MS). */
  shutdownDrainMs: number;
  /** The worker's probe and metrics HTTP port (`/health/live`, `/health/ready`, `/metrics`); 0 picks a free one. */
  workerMetricsPort: number;
  /** A streaming replica's connection (the app role) that reports read from (DATABASE_READ_URL); null: the primary. */
  databaseReadUrl: string | null;
  /** The commit the build was made from (GIT_COMMIT, set at build time), shown by GET /version; `unknown` if unset. */
  buildCommit: string;
  /** OpenTelemetry tracing (OTEL_TRACES_EXPORTER, OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME, OTEL_TRACES_SAMPLER_ARG); off by default. */
  tracing: TracingConfig;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * Configuration problems: each one a line saying which variable and how to fix it. loadConfig reports every problem
 * of the environment at once; the message is the one problem, or all of them on one line, numbered.
 */
export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string | string[]) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.length === 1 ? list[0] : `${list.length} problems: ${list.map((problem, index) => `(${index + 1}) ${problem}`).join(' ')}`);
    this.name = 'ConfigError';
    this.problems = list;
  }
}

/** The owner's connection, for the commands that migrate or need DDL; in production it must be given explicitly. */
export function requireOwnerUrl(config: Pick<AppConfig, 'databaseOwnerUrl'>): string {
  if (config.databaseOwnerUrl === null) {
    throw new ConfigError('DATABASE_OWNER_URL is required for this command when NODE_ENV=production: set it to the connection of the role that owns the tables (docs/runbook.md, "Database roles").');
  }
  return config.databaseOwnerUrl;
}

type Env = Record<string, string | undefined>;

/** Unset and empty are the same: the default applies. */
const unset = (value: unknown): boolean => value === undefined || (typeof value === 'string' && value.trim() === '');

/** A whole number in [min, max] (default `fallback`), with the error messages operators already know. */
function intVar(name: string, fallback: number, min: number, max: number) {
  return z.preprocess(
    (raw) => (unset(raw) ? String(fallback) : String(raw).trim()),
    z
      .string()
      .regex(/^\d+$/, { error: (issue) => `${name}="${String(issue.input)}" is not a whole number: set it to an integer between ${min} and ${max} or unset it (default ${fallback}).` })
      .transform(Number)
      .pipe(
        z
          .number()
          .min(min, { error: (issue) => `${name}=${String(issue.input)} is out of range: use ${min} to ${max} (default ${fallback}).` })
          .max(max, { error: (issue) => `${name}=${String(issue.input)} is out of range: use ${min} to ${max} (default ${fallback}).` }),
      ),
  );
}

/** A URL whose scheme is one of `protocols` (default `fallback`). */
function urlVar(name: string, fallback: string, protocols: string[]) {
  return z.preprocess(
    (raw) => (unset(raw) ? fallback : String(raw).trim()),
    z
      .url({ error: () => `${name} is not a valid URL: expected something like ${fallback}.` })
      .check((ctx) => {
        if (!URL.canParse(ctx.value)) return; // z.url() has said so
        const protocol = new URL(ctx.value).protocol;
        if (!protocols.includes(protocol)) ctx.issues.push({ code: 'custom', input: ctx.value, message: `${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')} (got ${protocol}//).` });
      }),
  );
}

/** An optional URL: null when unset or blank, else as urlVar. */
function optionalUrlVar(name: string, example: string, protocols: string[]) {
  return optionalString.pipe(
    z
      .string()
      .nullable()
      .check((ctx) => {
        if (ctx.value === null) return;
        const result = urlVar(name, example, protocols).safeParse(ctx.value);
        if (!result.success) for (const issue of result.error.issues) ctx.issues.push({ code: 'custom', input: ctx.value, message: issue.message });
      }),
  );
}

/** A London wall-clock time, HH:MM. */
function timeVar(name: string, fallback: string) {
  return z.preprocess(
    (raw) => (unset(raw) ? fallback : String(raw).trim()),
    z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: (issue) => `${name}="${String(issue.input)}" is not a time of day: use HH:MM, 24-hour, London time (default ${fallback}).` }),
  );
}

function enumVar<const T extends readonly [string, ...string[]]>(name: string, fallback: T[number], allowed: T) {
  return z.preprocess((raw) => (unset(raw) ? fallback : raw), z.enum(allowed, { error: (issue) => `${name}="${String(issue.input)}" is not one of ${allowed.join(', ')}.` }));
}

/** An optional string: null when unset or blank, trimmed otherwise. */
const optionalString = z.preprocess((raw) => (unset(raw) ? null : String(raw).trim()), z.string().nullable());

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const NOTIFY_KEY = new RegExp(`^[A-Za-z0-9_-]+-${UUID}-${UUID}$`, 'i');

/** `Name <user@domain>` or `user@domain`, on one line (a newline would let it add headers). */
const EMAIL_FROM = /^(?:[^<>\r\n]*<[^\s<>@]+@[A-Za-z0-9.-]+>|[^\s<>@]+@[A-Za-z0-9.-]+)$/;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * The environment's schema: each variable's parsing, default and message, then the rules between variables. Every
 * problem is collected (the cross-variable rules run even when a variable is malformed, on what did parse), so an
 * operator fixes them all in one go. Secrets (JWT_SECRET, NOTIFY_API_KEY, SMTP_URL's password) are never echoed.
 */
const ENV_FIELDS = z
  .object({
    NODE_ENV: enumVar('NODE_ENV', 'development', ['development', 'test', 'production'] as const),
    PORT: intVar('PORT', 3000, 0, 65535),
    HOST: z.preprocess((raw) => (unset(raw) ? '127.0.0.1' : raw), z.string()),
    DATABASE_URL: urlVar('DATABASE_URL', 'postgres://ehcp_app@127.0.0.1:5432/ehcp', ['postgres:', 'postgresql:']),
    DATABASE_OWNER_URL: optionalUrlVar('DATABASE_OWNER_URL', 'postgres://postgres@127.0.0.1:5432/ehcp', ['postgres:', 'postgresql:']),
    DATABASE_READ_URL: optionalUrlVar('DATABASE_READ_URL', 'postgres://ehcp_app@replica:5432/ehcp', ['postgres:', 'postgresql:']),
    DATABASE_POOL_SIZE: intVar('DATABASE_POOL_SIZE', 10, 1, 200),
    REDIS_URL: urlVar('REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    REDIS_SENTINELS: optionalString.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9.:[\]-]+:\d{1,5}(,[A-Za-z0-9.:[\]-]+:\d{1,5})*$/, {
          error: (issue) => `REDIS_SENTINELS="${String(issue.input)}" is not a list of Sentinels: use host:port,host:port (usually three).`,
        })
        .transform((list) => list.split(',').map((entry) => ({ host: entry.slice(0, entry.lastIndexOf(':')).replace(/^\[|\]$/g, ''), port: Number(entry.slice(entry.lastIndexOf(':') + 1)) })))
        .nullable(),
    ),
    REDIS_SENTINEL_NAME: z.preprocess(
      (raw) => (unset(raw) ? 'mymaster' : String(raw).trim()),
      z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, { error: (issue) => `REDIS_SENTINEL_NAME="${String(issue.input)}" is not a Sentinel master name: letters, digits, ".", "_" and "-".` }),
    ),
    QUEUE_PREFIX: z.preprocess(
      (raw) => (raw === undefined || raw === '' ? 'ehcp' : raw),
      z.string().regex(/^([A-Za-z0-9_-]{1,64}|\{[A-Za-z0-9_-]{1,62}\})$/, {
        error: (issue) => `QUEUE_PREFIX="${String(issue.input)}" may only contain letters, digits, "_" and "-" (max 64), or be one such name in braces ({ehcp}) for Redis Cluster.`,
      }),
    ),
    JWT_SECRET: z.preprocess(
      (raw) => raw ?? '',
      z.string().check((ctx) => {
        const problem = ctx.value === '' ? null : weakSecretProblem(ctx.value, 'JWT_SECRET');
        if (problem) ctx.issues.push({ code: 'custom', input: '[redacted]', message: problem });
      }),
    ),
    JWT_TTL_SECONDS: intVar('JWT_TTL_SECONDS', 900, 60, 86400),
    JWT_MAX_AGE_SECONDS: intVar('JWT_MAX_AGE_SECONDS', 28800, 60, 7 * 86400),
    DEMO_PASSWORD: z.preprocess((raw) => (raw === undefined || raw === '' ? 'demo-password' : raw), z.string()),
    LOG_LEVEL: z.preprocess((raw) => (unset(raw) ? undefined : raw), z.enum(LOG_LEVELS, { error: (issue) => `LOG_LEVEL="${String(issue.input)}" is not one of ${LOG_LEVELS.join(', ')}.` }).optional()),
    BODY_LIMIT_BYTES: intVar('BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
    LOGIN_MAX_ATTEMPTS: intVar('LOGIN_MAX_ATTEMPTS', 5, 1, 100),
    LOGIN_LOCKOUT_MINUTES: intVar('LOGIN_LOCKOUT_MINUTES', 15, 1, 1440),
    LOGIN_FAILURE_WINDOW_MINUTES: intVar('LOGIN_FAILURE_WINDOW_MINUTES', 15, 1, 1440),
    RATE_LIMIT_PER_MINUTE: intVar('RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
    LOGIN_RATE_LIMIT_PER_MINUTE: intVar('LOGIN_RATE_LIMIT_PER_MINUTE', 20, 1, 100_000),
    PUBLIC_BASE_URL: z.preprocess((raw) => (raw === '' ? undefined : raw), z.string().optional()),
    WEB_PORT: intVar('WEB_PORT', 3001, 0, 65535),
    WEB_PUBLIC_URL: z.preprocess((raw) => (raw === '' ? undefined : raw), z.url({ error: 'WEB_PUBLIC_URL must be an absolute URL (the web\'s address, e.g. https://ehcp.example.gov.uk).' }).optional()),
    REMINDER_LEAD_DAYS: intVar('REMINDER_LEAD_DAYS', 5, 0, 60),
    ADVICE_REMINDER_LEAD_DAYS: intVar('ADVICE_REMINDER_LEAD_DAYS', 7, 0, 60),
    REMINDER_SWEEP_SECONDS: intVar('REMINDER_SWEEP_SECONDS', 30, 1, 3600),
    REMINDER_SEND_TIME: timeVar('REMINDER_SEND_TIME', '07:00'),
    REMINDER_HORIZON_DAYS: intVar('REMINDER_HORIZON_DAYS', 7, 1, 60),
    REMINDER_CONCURRENCY: intVar('REMINDER_CONCURRENCY', 4, 1, 100),
    REMINDER_BATCH_SIZE: intVar('REMINDER_BATCH_SIZE', 500, 1, 5000),
    DIGEST_TIME: timeVar('DIGEST_TIME', '07:30'),
    REVIEW_OPEN_WEEKS_AHEAD: intVar('REVIEW_OPEN_WEEKS_AHEAD', 10, 1, 52),
    EMAIL_DRAIN_SECONDS: intVar('EMAIL_DRAIN_SECONDS', 15, 1, 3600),
    EMAIL_MAX_PER_SECOND: intVar('EMAIL_MAX_PER_SECOND', 40, 1, 10_000),
    EMAIL_TRANSPORT: enumVar('EMAIL_TRANSPORT', 'local', ['local', 'notify', 'smtp'] as const),
    EMAIL_FROM: z.preprocess(
      (raw) => (unset(raw) ? 'EHCP service <no-reply@localhost>' : String(raw).trim()),
      z.string().regex(EMAIL_FROM, { error: () => 'EMAIL_FROM is not an address: use `Name <user@domain>` or `user@domain` on one line.' }),
    ),
    NOTIFY_API_KEY: optionalString,
    NOTIFY_TEMPLATE_ID: optionalString,
    NOTIFY_BASE_URL: urlVar('NOTIFY_BASE_URL', 'https://api.notifications.service.gov.uk', ['https:', 'http:']),
    SMTP_URL: optionalString,
    PDF_RENDER_TIMEOUT_MS: intVar('PDF_RENDER_TIMEOUT_MS', 60_000, 1, 600_000),
    PDF_RENDER_MAX_MEMORY_MB: intVar('PDF_RENDER_MAX_MEMORY_MB', 512, 64, 8192),
    PDF_RENDER_MAX_ATTEMPTS: intVar('PDF_RENDER_MAX_ATTEMPTS', 3, 1, 20),
    // 2 s, then 4 s, 8 s...: a render that failed for a passing reason gets room. Tests shorten it (docs/testing.md).
    PDF_RENDER_RETRY_DELAY_MS: intVar('PDF_RENDER_RETRY_DELAY_MS', 2000, 1, 600_000),
    // The cost of new password hashes: argon2's own defaults; lower values are for tests, which sign in hundreds of users.
    PASSWORD_HASH_MEMORY_KIB: intVar('PASSWORD_HASH_MEMORY_KIB', 65_536, 1024, 4_194_304),
    PASSWORD_HASH_TIME_COST: intVar('PASSWORD_HASH_TIME_COST', 3, 1, 100),
    // The reminders queue's lock and stalled check: a dead worker's jobs move on within half a minute.
    REMINDER_JOB_LOCK_MS: intVar('REMINDER_JOB_LOCK_MS', 20_000, 1000, 600_000),
    REMINDER_STALLED_CHECK_MS: intVar('REMINDER_STALLED_CHECK_MS', 10_000, 100, 600_000),
    SESSION_IDLE_MINUTES: intVar('SESSION_IDLE_MINUTES', 60, 5, 7 * 24 * 60),
    SESSION_MAX_HOURS: intVar('SESSION_MAX_HOURS', 12, 1, 30 * 24),
    OIDC_HTTP_TIMEOUT_MS: intVar('OIDC_HTTP_TIMEOUT_MS', 5000, 100, 60_000),
    SHUTDOWN_DRAIN_MS: intVar('SHUTDOWN_DRAIN_MS', 5000, 0, 300_000),
    WORKER_METRICS_PORT: intVar('WORKER_METRICS_PORT', 9464, 0, 65535),
    GIT_COMMIT: optionalString.pipe(
      z
        .string()
        .regex(/^[0-9a-f]{7,40}$/i, { error: (issue) => `GIT_COMMIT="${String(issue.input)}" is not a commit: give 7 to 40 hexadecimal digits (\`git rev-parse HEAD\`) or unset it.` })
        .nullable(),
    ),
    ...TRACING_ENV_FIELDS,
  });

/** Rules between variables. They run even when a variable is malformed (on what did parse: hence the type guards). */
const CROSS_VARIABLE_RULES = z.superRefine((env: z.output<typeof ENV_FIELDS>, ctx) => {
      const problem = (message: string) => ctx.addIssue({ code: 'custom', message });
      const production = env.NODE_ENV === 'production';
      if (production && env.JWT_SECRET === '') {
        problem('JWT_SECRET is required when NODE_ENV=production: set it to a random string of at least 32 characters (e.g. `openssl rand -base64 48`).');
      }
      if (typeof env.JWT_TTL_SECONDS === 'number' && typeof env.JWT_MAX_AGE_SECONDS === 'number' && env.JWT_MAX_AGE_SECONDS < env.JWT_TTL_SECONDS) {
        problem(`JWT_TTL_SECONDS=${env.JWT_TTL_SECONDS} is longer than JWT_MAX_AGE_SECONDS=${env.JWT_MAX_AGE_SECONDS} (default 28800): shorten the TTL, or raise JWT_MAX_AGE_SECONDS deliberately.`);
      }
      // OWASP's minimum for argon2id (19 MiB, 2 passes): production never hashes below it.
      if (production && typeof env.PASSWORD_HASH_MEMORY_KIB === 'number' && env.PASSWORD_HASH_MEMORY_KIB < 19_456) {
        problem(`PASSWORD_HASH_MEMORY_KIB=${env.PASSWORD_HASH_MEMORY_KIB} is out of range: use 19456 to 4194304 in production, OWASP's minimum for argon2id (default 65536).`);
      }
      if (production && typeof env.PASSWORD_HASH_TIME_COST === 'number' && env.PASSWORD_HASH_TIME_COST < 2) {
        problem(`PASSWORD_HASH_TIME_COST=${env.PASSWORD_HASH_TIME_COST} is out of range: use 2 to 100 in production, OWASP's minimum for argon2id (default 3).`);
      }
      if (typeof env.REMINDER_STALLED_CHECK_MS === 'number' && typeof env.REMINDER_JOB_LOCK_MS === 'number' && env.REMINDER_STALLED_CHECK_MS > env.REMINDER_JOB_LOCK_MS) {
        problem(`REMINDER_STALLED_CHECK_MS=${env.REMINDER_STALLED_CHECK_MS} is longer than REMINDER_JOB_LOCK_MS=${env.REMINDER_JOB_LOCK_MS}: check for dead workers at least once per lock (defaults 10000 and 20000).`);
      }
      if (production && typeof env.NOTIFY_BASE_URL === 'string' && env.NOTIFY_BASE_URL.startsWith('http:')) {
        problem('NOTIFY_BASE_URL must start with https:// (got http://).');
      }
      if (env.EMAIL_TRANSPORT === 'notify') {
        if (env.NOTIFY_API_KEY === null) problem('NOTIFY_API_KEY is required when EMAIL_TRANSPORT=notify: create an API key in GOV.UK Notify (API integration) and set it.');
        else if (typeof env.NOTIFY_API_KEY === 'string' && !NOTIFY_KEY.test(env.NOTIFY_API_KEY)) problem('NOTIFY_API_KEY is not a Notify API key: expected `keyname-<service id>-<secret>` exactly as Notify shows it once.');
        if (env.NOTIFY_TEMPLATE_ID === null) problem('NOTIFY_TEMPLATE_ID is required when EMAIL_TRANSPORT=notify: create an email template with subject ((subject)) and message ((body)) and set its id.');
        else if (typeof env.NOTIFY_TEMPLATE_ID === 'string' && !new RegExp(`^${UUID}$`, 'i').test(env.NOTIFY_TEMPLATE_ID)) problem(`NOTIFY_TEMPLATE_ID="${env.NOTIFY_TEMPLATE_ID}" is not a template id: copy the UUID from the template's page in Notify.`);
      }
      if (env.EMAIL_TRANSPORT === 'smtp') {
        if (env.SMTP_URL === null) problem('SMTP_URL is required when EMAIL_TRANSPORT=smtp: set it to smtps://user:password@host:465 or smtp://user:password@host:587.');
        else if (typeof env.SMTP_URL === 'string') {
          let parsed: URL | null = null;
          try {
            parsed = new URL(env.SMTP_URL);
          } catch {
            problem('SMTP_URL is not a valid URL: expected smtps://user:password@host:465 (percent-encode special characters in the password).');
          }
          if (parsed && (!['smtp:', 'smtps:'].includes(parsed.protocol) || parsed.hostname === '')) problem(`SMTP_URL must be smtp://host or smtps://host (got ${parsed.protocol}//).`);
        }
      }
});
// Without this, zod skips an object's checks once a field has failed: the operator would fix one round, then see more.
CROSS_VARIABLE_RULES._zod.def.when = () => true;

const ENV_SCHEMA = ENV_FIELDS.check(CROSS_VARIABLE_RULES);
/**
 * Secrets that are published (the jwt.io examples, this project's old development constant) or placeholders. Compared
 * after lower-casing and dropping everything but letters and digits.
 */
const KNOWN_SECRETS = [
  'local-development-only-secret-change-me-0123456789',
  'your-256-bit-secret',
  'your-384-bit-secret',
  'your-512-bit-secret',
  'a-string-secret-at-least-256-bits-long',
  'secret',
  'changeme',
  'password',
  'jwt-secret',
  'secretkey',
].map(normaliseSecret);
/** Placeholder words: a secret containing one was typed by a person or copied from an example, not generated. */
const PLACEHOLDER_WORDS = ['changeme', 'changethis', 'replaceme', 'yoursecret', 'bitsecret', 'secretkey', 'mysecret', 'supersecret', 'developmentonly', 'notasecret', 'placeholder', 'example', 'password'];
const MIN_SECRET_LENGTH = 32;
/** Distinct characters below which a 32+ character string is not random (32 random hex digits have fewer than 8 about once in 3 x 10^7 keys). */
const MIN_SECRET_DISTINCT = 8;

function normaliseSecret(secret: string): string {
  return secret.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Why a signing key is one anyone could guess, or null; never echoes it. Applies in every mode, to JWT_SECRET and the file alike. */
function weakSecretProblem(secret: string, source: string): string | null {
  const fix = 'generate one with `openssl rand -base64 48`';
  if (secret.length < MIN_SECRET_LENGTH) return `${source} is too short: use at least ${MIN_SECRET_LENGTH} random characters (${fix}).`;
  const normalised = normaliseSecret(secret);
  if (KNOWN_SECRETS.includes(normalised) || PLACEHOLDER_WORDS.some((word) => normalised.includes(word))) {
    return `${source} is a published or placeholder value, so anyone could sign tokens with it: ${fix}.`;
  }
  if (new Set(secret).size < MIN_SECRET_DISTINCT || isRepetition(secret)) return `${source} is not random (too few different characters or a repeated pattern): ${fix}.`;
  return null;
}

function refuseWeakSecret(secret: string, source: string): void {
  const problem = weakSecretProblem(secret, source);
  if (problem) throw new ConfigError(problem);
}

/** True when the string is a shorter unit repeated ("abcabcabc..."). */
function isRepetition(value: string): boolean {
  for (let unit = 1; unit <= value.length / 2; unit += 1) {
    if (value.length % unit === 0 && value.slice(unit) === value.slice(0, -unit)) return true;
  }
  return false;
}

/** JWT_SECRET_FILE, or the per-user state directory (XDG_STATE_HOME, else ~/.local/state), outside any checkout. */
function secretFilePath(env: Env): string {
  const explicit = env.JWT_SECRET_FILE?.trim();
  if (explicit) {
    if (!isAbsolute(explicit)) throw new ConfigError(`JWT_SECRET_FILE="${explicit}" is not an absolute path: give the full path of the file that holds the signing key.`);
    return explicit;
  }
  const state = env.XDG_STATE_HOME && isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : join(env.HOME && isAbsolute(env.HOME) ? env.HOME : homedir(), '.local', 'state');
  return join(state, 'ehcp', 'jwt-secret');
}

/**
 * The installation's own signing key when JWT_SECRET is unset (development and test only): read from the file, or
 * generated (48 random bytes) and created atomically with mode 0600 on first start. Every process of the
 * installation (API, worker, CLI) reads the same file, so they agree; another installation (another user or
 * JWT_SECRET_FILE) gets another key, so a token from one is worthless on the other.
 */
function installationSecret(file: string): string {
  const fix = `set JWT_SECRET, or JWT_SECRET_FILE to a writable path`;
  let secret = readSecretFile(file);
  if (secret === null) {
    const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      writeFileSync(temporary, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
      // link() fails if the file exists: when two processes start at once, the first one's key wins, complete.
      linkSync(temporary, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new ConfigError(`Cannot create the signing key file ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}): ${fix}.`);
      }
    } finally {
      rmSync(temporary, { force: true });
    }
    secret = readSecretFile(file);
    if (secret === null) throw new ConfigError(`The signing key file ${file} vanished while it was created: ${fix}.`);
  }
  refuseWeakSecret(secret, `The signing key in ${file}`);
  return secret;
}

function readSecretFile(file: string): string | null {
  try {
    // Refuse a key other users could read (POSIX permissions only; Windows has no such mode bits).
    if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
      throw new ConfigError(`The signing key file ${file} is readable by other users: run \`chmod 600 ${file}\`.`);
    }
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`Cannot read the signing key file ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}): set JWT_SECRET, or fix the file's permissions.`);
  }
}

/** MFA_ENCRYPTION_KEY decoded (32 bytes, base64/base64url or hex), or a key derived from the signing key. */
function mfaEncryptionKey(env: Env, signingKey: string): Buffer {
  const raw = env.MFA_ENCRYPTION_KEY?.trim();
  if (!raw) return Buffer.from(hkdfSync('sha256', Buffer.from(signingKey, 'utf8'), Buffer.alloc(0), 'ehcp second-factor secrets v1', 32));
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new ConfigError('MFA_ENCRYPTION_KEY is not 32 bytes: generate one with `openssl rand -base64 32`.');
  if (new Set(key).size < 8) throw new ConfigError('MFA_ENCRYPTION_KEY is not random: generate one with `openssl rand -base64 32`.');
  return key;
}

/**
 * Parses and validates the environment against ENV_SCHEMA (zod); throws one ConfigError listing every problem, each
 * saying which variable and how to fix it.
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const parsed = ENV_SCHEMA.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => issue.message));
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const config: Omit<AppConfig, 'jwtSecret' | 'mfaEncryptionKey'> = {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databaseOwnerUrl: e.DATABASE_OWNER_URL ?? (production ? null : 'postgres://postgres@127.0.0.1:5432/ehcp'),
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databaseReadUrl: e.DATABASE_READ_URL,
    redisUrl: e.REDIS_URL,
    redisSentinels: e.REDIS_SENTINELS,
    redisSentinelName: e.REDIS_SENTINEL_NAME,
    queuePrefix: e.QUEUE_PREFIX,
    jwtTtlSeconds: e.JWT_TTL_SECONDS,
    jwtMaxAgeSeconds: e.JWT_MAX_AGE_SECONDS,
    demoPassword: e.DEMO_PASSWORD,
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    loginMaxAttempts: e.LOGIN_MAX_ATTEMPTS,
    loginLockoutMinutes: e.LOGIN_LOCKOUT_MINUTES,
    loginFailureWindowMinutes: e.LOGIN_FAILURE_WINDOW_MINUTES,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    publicBaseUrl: e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`,
    webPublicUrl: e.WEB_PUBLIC_URL ?? `http://localhost:${e.WEB_PORT || 3001}`,
    reminderLeadDays: e.REMINDER_LEAD_DAYS,
    adviceReminderLeadDays: e.ADVICE_REMINDER_LEAD_DAYS,
    reminderSweepSeconds: e.REMINDER_SWEEP_SECONDS,
    reminderSendTime: e.REMINDER_SEND_TIME,
    reminderHorizonDays: e.REMINDER_HORIZON_DAYS,
    reminderConcurrency: e.REMINDER_CONCURRENCY,
    reminderBatchSize: e.REMINDER_BATCH_SIZE,
    digestTime: e.DIGEST_TIME,
    reviewOpenWeeksAhead: e.REVIEW_OPEN_WEEKS_AHEAD,
    emailDrainSeconds: e.EMAIL_DRAIN_SECONDS,
    emailMaxPerSecond: e.EMAIL_MAX_PER_SECOND,
    emailTransport: e.EMAIL_TRANSPORT,
    emailFrom: e.EMAIL_FROM,
    notifyApiKey: e.NOTIFY_API_KEY,
    notifyTemplateId: e.NOTIFY_TEMPLATE_ID,
    notifyBaseUrl: e.NOTIFY_BASE_URL,
    smtpUrl: e.SMTP_URL,
    pdfRenderTimeoutMs: e.PDF_RENDER_TIMEOUT_MS,
    pdfRenderMaxMemoryMb: e.PDF_RENDER_MAX_MEMORY_MB,
    pdfRenderMaxAttempts: e.PDF_RENDER_MAX_ATTEMPTS,
    pdfRenderRetryDelayMs: e.PDF_RENDER_RETRY_DELAY_MS,
    passwordHashMemoryKib: e.PASSWORD_HASH_MEMORY_KIB,
    passwordHashTimeCost: e.PASSWORD_HASH_TIME_COST,
    reminderJobLockMs: e.REMINDER_JOB_LOCK_MS,
    reminderStalledCheckMs: e.REMINDER_STALLED_CHECK_MS,
    shutdownDrainMs: e.SHUTDOWN_DRAIN_MS,
    workerMetricsPort: e.WORKER_METRICS_PORT,
    buildCommit: e.GIT_COMMIT?.toLowerCase() ?? 'unknown',
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionMaxHours: e.SESSION_MAX_HOURS,
    oidcHttpTimeoutMs: e.OIDC_HTTP_TIMEOUT_MS,
    tracing: tracingConfigOf(e),
  };
  // Last, and only once everything above is valid, so that a malformed variable never creates the secret file.
  const signingKey = e.JWT_SECRET !== '' ? e.JWT_SECRET : installationSecret(secretFilePath(env));
  return { ...config, jwtSecret: signingKey, mfaEncryptionKey: mfaEncryptionKey(env, signingKey) };
}
