/**
 * The validated environment. Every variable has a safe local default (api-contract.md) except those that must
 * never default in production (JWT_SECRET). Read once at start-up; nothing else reads process.env.
 */
export interface AppConfig {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  host: string;
  databaseUrl: string;
  databasePoolSize: number;
  redisUrl: string;
  queuePrefix: string;
  jwtSecret: string;
  jwtTtlSeconds: number;
  demoPassword: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  bodyLimitBytes: number;
  loginMaxAttempts: number;
  loginLockoutMinutes: number;
  rateLimitPerMinute: number;
  loginRateLimitPerMinute: number;
  publicBaseUrl: string;
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
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/** A configuration problem, reported as one line that says which variable and how to fix it. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const DEV_JWT_SECRET = 'local-development-only-secret-change-me-0123456789';

type Env = Record<string, string | undefined>;

function intVar(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) {
    throw new ConfigError(`${name}="${raw}" is not a whole number: set it to an integer between ${min} and ${max} or unset it (default ${fallback}).`);
  }
  const value = Number(raw);
  if (value < min || value > max) {
    throw new ConfigError(`${name}=${value} is out of range: use ${min} to ${max} (default ${fallback}).`);
  }
  return value;
}

function urlVar(env: Env, name: string, fallback: string, protocols: string[]): string {
  const raw = env[name] && env[name]!.trim() !== '' ? env[name]!.trim() : fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL: expected something like ${fallback}.`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')} (got ${parsed.protocol}//).`);
  }
  return raw;
}

function timeVar(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(raw.trim())) throw new ConfigError(`${name}="${raw}" is not a time of day: use HH:MM, 24-hour, London time (default ${fallback}).`);
  return raw.trim();
}

function enumVar<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name}="${raw}" is not one of ${allowed.join(', ')}.`);
  }
  return raw as T;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const NOTIFY_KEY = new RegExp(`^[A-Za-z0-9_-]+-${UUID}-${UUID}$`, 'i');

/** `Name <user@domain>` or `user@domain`, on one line (a newline would let it add headers). */
const EMAIL_FROM = /^(?:[^<>\r\n]*<[^\s<>@]+@[A-Za-z0-9.-]+>|[^\s<>@]+@[A-Za-z0-9.-]+)$/;

type EmailConfig = Pick<AppConfig, 'emailTransport' | 'emailFrom' | 'notifyApiKey' | 'notifyTemplateId' | 'notifyBaseUrl' | 'smtpUrl'>;

/** Email settings. Secrets (the Notify key, SMTP credentials) are never echoed in an error. */
function emailConfig(env: Env, production: boolean): EmailConfig {
  const transport = enumVar(env, 'EMAIL_TRANSPORT', 'local', ['local', 'notify', 'smtp'] as const);
  const set = (name: string): string | null => (env[name] && env[name]!.trim() !== '' ? env[name]!.trim() : null);

  const emailFrom = set('EMAIL_FROM') ?? 'EHCP service <no-reply@localhost>';
  if (!EMAIL_FROM.test(emailFrom)) {
    throw new ConfigError('EMAIL_FROM is not an address: use `Name <user@domain>` or `user@domain` on one line.');
  }

  const notifyApiKey = set('NOTIFY_API_KEY');
  const notifyTemplateId = set('NOTIFY_TEMPLATE_ID');
  const notifyBaseUrl = urlVar(env, 'NOTIFY_BASE_URL', 'https://api.notifications.service.gov.uk', production ? ['https:'] : ['https:', 'http:']);
  if (transport === 'notify') {
    if (notifyApiKey === null) {
      throw new ConfigError('NOTIFY_API_KEY is required when EMAIL_TRANSPORT=notify: create an API key in GOV.UK Notify (API integration) and set it.');
    }
    if (!NOTIFY_KEY.test(notifyApiKey)) {
      throw new ConfigError('NOTIFY_API_KEY is not a Notify API key: expected `keyname-<service id>-<secret>` exactly as Notify shows it once.');
    }
    if (notifyTemplateId === null) {
      throw new ConfigError('NOTIFY_TEMPLATE_ID is required when EMAIL_TRANSPORT=notify: create an email template with subject ((subject)) and message ((body)) and set its id.');
    }
    if (!new RegExp(`^${UUID}$`, 'i').test(notifyTemplateId)) {
      throw new ConfigError(`NOTIFY_TEMPLATE_ID="${notifyTemplateId}" is not a template id: copy the UUID from the template's page in Notify.`);
    }
  }

  const smtpUrl = set('SMTP_URL');
  if (transport === 'smtp') {
    if (smtpUrl === null) {
      throw new ConfigError('SMTP_URL is required when EMAIL_TRANSPORT=smtp: set it to smtps://user:password@host:465 or smtp://user:password@host:587.');
    }
    let parsed: URL;
    try {
      parsed = new URL(smtpUrl);
    } catch {
      throw new ConfigError('SMTP_URL is not a valid URL: expected smtps://user:password@host:465 (percent-encode special characters in the password).');
    }
    if (!['smtp:', 'smtps:'].includes(parsed.protocol) || parsed.hostname === '') {
      throw new ConfigError(`SMTP_URL must be smtp://host or smtps://host (got ${parsed.protocol}//).`);
    }
  }

  return { emailTransport: transport, emailFrom, notifyApiKey, notifyTemplateId, notifyBaseUrl, smtpUrl };
}

/** Parses and validates the environment; throws ConfigError with a one-line explanation. */
export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = enumVar(env, 'NODE_ENV', 'development', ['development', 'test', 'production'] as const);
  const production = nodeEnv === 'production';

  const jwtSecret = env.JWT_SECRET ?? '';
  if (production && jwtSecret === '') {
    throw new ConfigError('JWT_SECRET is required when NODE_ENV=production: set it to a random string of at least 32 characters (e.g. `openssl rand -base64 48`).');
  }
  if (jwtSecret !== '' && jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET is too short: use at least 32 random characters.');
  }

  const queuePrefix = env.QUEUE_PREFIX && env.QUEUE_PREFIX !== '' ? env.QUEUE_PREFIX : 'ehcp';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(queuePrefix)) {
    throw new ConfigError(`QUEUE_PREFIX="${queuePrefix}" may only contain letters, digits, "_" and "-" (max 64).`);
  }

  const port = intVar(env, 'PORT', 3000, 0, 65535);
  return {
    nodeEnv,
    port,
    host: env.HOST && env.HOST !== '' ? env.HOST : '127.0.0.1',
    databaseUrl: urlVar(env, 'DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/ehcp', ['postgres:', 'postgresql:']),
    databasePoolSize: intVar(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    redisUrl: urlVar(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    queuePrefix,
    jwtSecret: jwtSecret !== '' ? jwtSecret : DEV_JWT_SECRET,
    jwtTtlSeconds: intVar(env, 'JWT_TTL_SECONDS', 900, 60, 86400),
    demoPassword: env.DEMO_PASSWORD && env.DEMO_PASSWORD !== '' ? env.DEMO_PASSWORD : 'demo-password',
    logLevel: enumVar(env, 'LOG_LEVEL', nodeEnv === 'test' ? 'silent' : 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    bodyLimitBytes: intVar(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
    loginMaxAttempts: intVar(env, 'LOGIN_MAX_ATTEMPTS', 5, 1, 100),
    loginLockoutMinutes: intVar(env, 'LOGIN_LOCKOUT_MINUTES', 15, 1, 1440),
    rateLimitPerMinute: intVar(env, 'RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
    loginRateLimitPerMinute: intVar(env, 'LOGIN_RATE_LIMIT_PER_MINUTE', 20, 1, 100_000),
    publicBaseUrl: env.PUBLIC_BASE_URL && env.PUBLIC_BASE_URL !== '' ? env.PUBLIC_BASE_URL : `http://localhost:${port}`,
    reminderLeadDays: intVar(env, 'REMINDER_LEAD_DAYS', 5, 0, 60),
    adviceReminderLeadDays: intVar(env, 'ADVICE_REMINDER_LEAD_DAYS', 7, 0, 60),
    reminderSweepSeconds: intVar(env, 'REMINDER_SWEEP_SECONDS', 30, 1, 3600),
    reminderSendTime: timeVar(env, 'REMINDER_SEND_TIME', '07:00'),
    reminderHorizonDays: intVar(env, 'REMINDER_HORIZON_DAYS', 7, 1, 60),
    reminderConcurrency: intVar(env, 'REMINDER_CONCURRENCY', 4, 1, 100),
    reminderBatchSize: intVar(env, 'REMINDER_BATCH_SIZE', 500, 1, 5000),
    digestTime: timeVar(env, 'DIGEST_TIME', '07:30'),
    emailDrainSeconds: intVar(env, 'EMAIL_DRAIN_SECONDS', 15, 1, 3600),
    emailMaxPerSecond: intVar(env, 'EMAIL_MAX_PER_SECOND', 40, 1, 10_000),
    ...emailConfig(env, production),
    pdfRenderTimeoutMs: intVar(env, 'PDF_RENDER_TIMEOUT_MS', 60_000, 1, 600_000),
    pdfRenderMaxMemoryMb: intVar(env, 'PDF_RENDER_MAX_MEMORY_MB', 512, 64, 8192),
    pdfRenderMaxAttempts: intVar(env, 'PDF_RENDER_MAX_ATTEMPTS', 3, 1, 20),
  };
}
