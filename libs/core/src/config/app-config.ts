import { hkdfSync, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';

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
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/** A configuration problem, reported as one line that says which variable and how to fix it. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
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

/** Refuses a signing key anyone could guess; never echoes it. Applies in every mode, to JWT_SECRET and the file alike. */
function refuseWeakSecret(secret: string, source: string): void {
  const fix = 'generate one with `openssl rand -base64 48`';
  if (secret.length < MIN_SECRET_LENGTH) throw new ConfigError(`${source} is too short: use at least ${MIN_SECRET_LENGTH} random characters (${fix}).`);
  const normalised = normaliseSecret(secret);
  if (KNOWN_SECRETS.includes(normalised) || PLACEHOLDER_WORDS.some((word) => normalised.includes(word))) {
    throw new ConfigError(`${source} is a published or placeholder value, so anyone could sign tokens with it: ${fix}.`);
  }
  if (new Set(secret).size < MIN_SECRET_DISTINCT || isRepetition(secret)) {
    throw new ConfigError(`${source} is not random (too few different characters or a repeated pattern): ${fix}.`);
  }
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

/** Parses and validates the environment; throws ConfigError with a one-line explanation. */
export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = enumVar(env, 'NODE_ENV', 'development', ['development', 'test', 'production'] as const);
  const production = nodeEnv === 'production';

  const jwtSecret = env.JWT_SECRET ?? '';
  if (production && jwtSecret === '') {
    throw new ConfigError('JWT_SECRET is required when NODE_ENV=production: set it to a random string of at least 32 characters (e.g. `openssl rand -base64 48`).');
  }
  if (jwtSecret !== '') refuseWeakSecret(jwtSecret, 'JWT_SECRET');
  const jwtTtlSeconds = intVar(env, 'JWT_TTL_SECONDS', 900, 60, 86400);
  const jwtMaxAgeSeconds = intVar(env, 'JWT_MAX_AGE_SECONDS', 28800, 60, 7 * 86400);
  if (jwtMaxAgeSeconds < jwtTtlSeconds) {
    throw new ConfigError(`JWT_TTL_SECONDS=${jwtTtlSeconds} is longer than JWT_MAX_AGE_SECONDS=${jwtMaxAgeSeconds} (default 28800): shorten the TTL, or raise JWT_MAX_AGE_SECONDS deliberately.`);
  }

  const queuePrefix = env.QUEUE_PREFIX && env.QUEUE_PREFIX !== '' ? env.QUEUE_PREFIX : 'ehcp';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(queuePrefix)) {
    throw new ConfigError(`QUEUE_PREFIX="${queuePrefix}" may only contain letters, digits, "_" and "-" (max 64).`);
  }

  const port = intVar(env, 'PORT', 3000, 0, 65535);
  const sessionIdleMinutes = intVar(env, 'SESSION_IDLE_MINUTES', 60, 5, 7 * 24 * 60);
  const sessionMaxHours = intVar(env, 'SESSION_MAX_HOURS', 12, 1, 30 * 24);
  const config: Omit<AppConfig, 'jwtSecret' | 'mfaEncryptionKey'> = {
    nodeEnv,
    port,
    host: env.HOST && env.HOST !== '' ? env.HOST : '127.0.0.1',
    databaseUrl: urlVar(env, 'DATABASE_URL', 'postgres://ehcp_app@127.0.0.1:5432/ehcp', ['postgres:', 'postgresql:']),
    databaseOwnerUrl:
      production && !(env.DATABASE_OWNER_URL && env.DATABASE_OWNER_URL.trim() !== '')
        ? null
        : urlVar(env, 'DATABASE_OWNER_URL', 'postgres://postgres@127.0.0.1:5432/ehcp', ['postgres:', 'postgresql:']),
    databasePoolSize: intVar(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    redisUrl: urlVar(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    queuePrefix,
    jwtTtlSeconds,
    jwtMaxAgeSeconds,
    demoPassword: env.DEMO_PASSWORD && env.DEMO_PASSWORD !== '' ? env.DEMO_PASSWORD : 'demo-password',
    logLevel: enumVar(env, 'LOG_LEVEL', nodeEnv === 'test' ? 'silent' : 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    bodyLimitBytes: intVar(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
    loginMaxAttempts: intVar(env, 'LOGIN_MAX_ATTEMPTS', 5, 1, 100),
    loginLockoutMinutes: intVar(env, 'LOGIN_LOCKOUT_MINUTES', 15, 1, 1440),
    loginFailureWindowMinutes: intVar(env, 'LOGIN_FAILURE_WINDOW_MINUTES', 15, 1, 1440),
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
    reviewOpenWeeksAhead: intVar(env, 'REVIEW_OPEN_WEEKS_AHEAD', 10, 1, 52),
    emailDrainSeconds: intVar(env, 'EMAIL_DRAIN_SECONDS', 15, 1, 3600),
    emailMaxPerSecond: intVar(env, 'EMAIL_MAX_PER_SECOND', 40, 1, 10_000),
    ...emailConfig(env, production),
    pdfRenderTimeoutMs: intVar(env, 'PDF_RENDER_TIMEOUT_MS', 60_000, 1, 600_000),
    pdfRenderMaxMemoryMb: intVar(env, 'PDF_RENDER_MAX_MEMORY_MB', 512, 64, 8192),
    pdfRenderMaxAttempts: intVar(env, 'PDF_RENDER_MAX_ATTEMPTS', 3, 1, 20),
    sessionIdleMinutes,
    sessionMaxHours,
    oidcHttpTimeoutMs: intVar(env, 'OIDC_HTTP_TIMEOUT_MS', 5000, 100, 60_000),
  };
  // Last, so that a malformed variable above never creates the secret file as a side effect.
  const signingKey = jwtSecret !== '' ? jwtSecret : installationSecret(secretFilePath(env));
  return { ...config, jwtSecret: signingKey, mfaEncryptionKey: mfaEncryptionKey(env, signingKey) };
}
