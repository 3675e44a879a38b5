import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explainStartupFailure } from '../startup';
import { ConfigError, loadConfig, requireOwnerUrl } from './app-config';

/** A strong secret for the cases that need one; generated, so no key sits in the repository. */
const SECRET = randomBytes(48).toString('base64url');
let stateDir: string;
/** Keeps the generated signing key of these tests in a temporary directory, never the user's real state directory. */
const local = (env: Record<string, string> = {}) => ({ JWT_SECRET_FILE: join(stateDir, 'jwt-secret'), ...env });

beforeAll(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'ehcp-config-'));
});
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe('loadConfig', () => {
  it('gives the documented local defaults for an empty environment', () => {
    const config = loadConfig(local());
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      databaseUrl: 'postgres://ehcp_app@127.0.0.1:5432/ehcp',
      databaseOwnerUrl: 'postgres://postgres@127.0.0.1:5432/ehcp',
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: 'ehcp',
      demoPassword: 'demo-password',
    });
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('requires JWT_SECRET in production, with a one-line fix', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET }).jwtSecret).toBe(SECRET);
  });

  it('has no owner connection in production unless DATABASE_OWNER_URL is given: only the migrate step needs it', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: SECRET, DATABASE_URL: 'postgres://ehcp_app:pw@db:5432/ehcp' };
    const config = loadConfig(production);
    expect(config.databaseOwnerUrl).toBeNull();
    expect(() => requireOwnerUrl(config)).toThrow(/DATABASE_OWNER_URL is required/);
    const withOwner = loadConfig({ ...production, DATABASE_OWNER_URL: 'postgres://ehcp_owner:pw@db:5432/ehcp' });
    expect(requireOwnerUrl(withOwner)).toBe('postgres://ehcp_owner:pw@db:5432/ehcp');
  });

  it.each([
    [{ PORT: 'abc' }, /PORT="abc" is not a whole number/],
    [{ PORT: '70000' }, /PORT=70000 is out of range/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL is not a valid URL/],
    [{ DATABASE_URL: 'mysql://x@y/z' }, /DATABASE_URL must start with postgres:/],
    [{ DATABASE_OWNER_URL: 'mysql://x@y/z' }, /DATABASE_OWNER_URL must start with postgres:/],
    [{ REDIS_URL: 'http://localhost' }, /REDIS_URL must start with redis:/],
    [{ QUEUE_PREFIX: 'a:b' }, /QUEUE_PREFIX/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV="staging" is not one of/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET is too short/],
  ])('rejects %p', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  describe('email', () => {
    const NOTIFY_KEY = 'ehcp_live-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0';
    const TEMPLATE = 'f33517ff-2a88-4f6e-b855-c550268ce08a';

    it('records email locally by default, from a localhost address, with Notify production as the base URL', () => {
      expect(loadConfig(local())).toMatchObject({
        emailTransport: 'local',
        emailFrom: 'EHCP service <no-reply@localhost>',
        notifyApiKey: null,
        notifyTemplateId: null,
        notifyBaseUrl: 'https://api.notifications.service.gov.uk',
        smtpUrl: null,
      });
    });

    it('allows the local transport in production (it records instead of sending)', () => {
      expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET }).emailTransport).toBe('local');
    });

    it('takes a Notify key, template and base URL', () => {
      const config = loadConfig(local({ EMAIL_TRANSPORT: 'notify', NOTIFY_API_KEY: NOTIFY_KEY, NOTIFY_TEMPLATE_ID: TEMPLATE, NOTIFY_BASE_URL: 'http://127.0.0.1:9999' }));
      expect(config).toMatchObject({ emailTransport: 'notify', notifyApiKey: NOTIFY_KEY, notifyTemplateId: TEMPLATE, notifyBaseUrl: 'http://127.0.0.1:9999' });
    });

    it('takes an SMTP URL with credentials and a From address', () => {
      const config = loadConfig(local({ EMAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtps://user:p%40ss@mail.example.org:465', EMAIL_FROM: 'SEN team <sen@council.example.gov.uk>' }));
      expect(config).toMatchObject({ emailTransport: 'smtp', smtpUrl: 'smtps://user:p%40ss@mail.example.org:465', emailFrom: 'SEN team <sen@council.example.gov.uk>' });
      expect(loadConfig(local({ EMAIL_FROM: 'sen@council.example.gov.uk' })).emailFrom).toBe('sen@council.example.gov.uk');
    });

    it.each([
      [{ EMAIL_TRANSPORT: 'sendgrid' }, /^EMAIL_TRANSPORT="sendgrid" is not one of local, notify, smtp\.$/],
      [{ EMAIL_TRANSPORT: 'notify', NOTIFY_TEMPLATE_ID: TEMPLATE }, /^NOTIFY_API_KEY is required when EMAIL_TRANSPORT=notify/],
      [{ EMAIL_TRANSPORT: 'notify', NOTIFY_API_KEY: 'not-a-key', NOTIFY_TEMPLATE_ID: TEMPLATE }, /^NOTIFY_API_KEY is not a Notify API key/],
      [{ EMAIL_TRANSPORT: 'notify', NOTIFY_API_KEY: NOTIFY_KEY }, /^NOTIFY_TEMPLATE_ID is required when EMAIL_TRANSPORT=notify/],
      [{ EMAIL_TRANSPORT: 'notify', NOTIFY_API_KEY: NOTIFY_KEY, NOTIFY_TEMPLATE_ID: 'welcome' }, /^NOTIFY_TEMPLATE_ID="welcome" is not a template id/],
      [{ NOTIFY_BASE_URL: 'ftp://notify' }, /^NOTIFY_BASE_URL must start with https:/],
      [{ NODE_ENV: 'production', JWT_SECRET: SECRET, NOTIFY_BASE_URL: 'http://notify.internal' }, /^NOTIFY_BASE_URL must start with https:\/\/ \(got http:\/\/\)/],
      [{ EMAIL_TRANSPORT: 'smtp' }, /^SMTP_URL is required when EMAIL_TRANSPORT=smtp/],
      [{ EMAIL_TRANSPORT: 'smtp', SMTP_URL: 'mail.example.org' }, /^SMTP_URL is not a valid URL/],
      [{ EMAIL_TRANSPORT: 'smtp', SMTP_URL: 'https://user:pw@mail.example.org' }, /^SMTP_URL must be smtp:\/\/host or smtps:\/\/host \(got https:\/\/\)/],
      [{ EMAIL_FROM: 'nobody' }, /^EMAIL_FROM is not an address/],
      [{ EMAIL_FROM: 'x@y.org\r\nBcc: all@y.org' }, /^EMAIL_FROM is not an address/],
    ])('rejects %p with one line', (env, message) => {
      let error: unknown;
      try {
        loadConfig(env);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
    });

    it('never echoes a secret in the error', () => {
      const badKey = 'secret-value-that-is-not-a-notify-key';
      expect(() => loadConfig({ EMAIL_TRANSPORT: 'notify', NOTIFY_API_KEY: badKey, NOTIFY_TEMPLATE_ID: TEMPLATE })).toThrow(
        expect.objectContaining({ message: expect.not.stringContaining(badKey) }),
      );
      expect(() => loadConfig({ EMAIL_TRANSPORT: 'smtp', SMTP_URL: 'http://user:hunter2@mail' })).toThrow(
        expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
      );
    });
  });

  describe('password hashing cost', () => {
    it("keeps argon2's own cost by default (64 MiB, 3 passes) and lowers it only when asked, outside production", () => {
      expect(loadConfig(local())).toMatchObject({ passwordHashMemoryKib: 65_536, passwordHashTimeCost: 3 });
      expect(loadConfig(local({ NODE_ENV: 'test', PASSWORD_HASH_MEMORY_KIB: '1024', PASSWORD_HASH_TIME_COST: '1' }))).toMatchObject({ passwordHashMemoryKib: 1024, passwordHashTimeCost: 1 });
    });

    it("refuses less than OWASP's minimum for argon2id in production (19 MiB, 2 passes)", () => {
      const production = { NODE_ENV: 'production', JWT_SECRET: SECRET };
      expect(loadConfig(production)).toMatchObject({ passwordHashMemoryKib: 65_536, passwordHashTimeCost: 3 });
      expect(() => loadConfig({ ...production, PASSWORD_HASH_MEMORY_KIB: '1024' })).toThrow(/PASSWORD_HASH_MEMORY_KIB=1024 is out of range: use 19456/);
      expect(() => loadConfig({ ...production, PASSWORD_HASH_TIME_COST: '1' })).toThrow(/PASSWORD_HASH_TIME_COST=1 is out of range: use 2/);
      expect(loadConfig({ ...production, PASSWORD_HASH_MEMORY_KIB: '19456', PASSWORD_HASH_TIME_COST: '2' })).toMatchObject({ passwordHashMemoryKib: 19_456, passwordHashTimeCost: 2 });
    });
  });

  describe('reminders job lock', () => {
    it('holds a job 20 s and checks for dead workers every 10 s by default; both can be shortened', () => {
      expect(loadConfig(local())).toMatchObject({ reminderJobLockMs: 20_000, reminderStalledCheckMs: 10_000 });
      expect(loadConfig(local({ REMINDER_JOB_LOCK_MS: '2000', REMINDER_STALLED_CHECK_MS: '500' }))).toMatchObject({ reminderJobLockMs: 2000, reminderStalledCheckMs: 500 });
    });

    it('refuses a stalled check rarer than the lock', () => {
      expect(() => loadConfig(local({ REMINDER_JOB_LOCK_MS: '2000', REMINDER_STALLED_CHECK_MS: '5000' }))).toThrow(/REMINDER_STALLED_CHECK_MS=5000 is longer than REMINDER_JOB_LOCK_MS=2000/);
    });
  });

  describe('tracing (OpenTelemetry)', () => {
    it('is off by default, with the local collector, the process name and every trace kept once on', () => {
      expect(loadConfig(local()).tracing).toEqual({ enabled: false, endpoint: 'http://127.0.0.1:4318', serviceName: null, sampleRatio: 1 });
      expect(loadConfig(local({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector.example:4318/', OTEL_SERVICE_NAME: 'ehcp-api-west', OTEL_TRACES_SAMPLER_ARG: '0.05' })).tracing).toEqual({
        enabled: true,
        endpoint: 'https://collector.example:4318',
        serviceName: 'ehcp-api-west',
        sampleRatio: 0.05,
      });
    });

    it('reports every bad tracing variable with the other problems, in one go', () => {
      let problems: string[] = [];
      try {
        loadConfig(local({ OTEL_TRACES_EXPORTER: 'jaeger', OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector:4317', OTEL_SERVICE_NAME: 'ehcp api', OTEL_TRACES_SAMPLER_ARG: '1.5', PORT: 'x' }));
      } catch (error) {
        problems = (error as ConfigError).problems;
      }
      expect(problems).toHaveLength(5);
      expect(problems.join('\n')).toMatch(/OTEL_TRACES_EXPORTER="jaeger" is not one of none, otlp/);
      expect(problems.join('\n')).toMatch(/OTEL_EXPORTER_OTLP_ENDPOINT="grpc:\/\/collector:4317" is not an http/);
      expect(problems.join('\n')).toMatch(/OTEL_SERVICE_NAME="ehcp api" is not a service name/);
      expect(problems.join('\n')).toMatch(/OTEL_TRACES_SAMPLER_ARG="1.5" is not a ratio/);
    });
  });

  describe('PDF rendering limits', () => {
    it('bounds each render by default (60 s, 512 MB heap) and gives up on a document after 3 attempts, 2 s apart at first', () => {
      expect(loadConfig({})).toMatchObject({ pdfRenderTimeoutMs: 60_000, pdfRenderMaxMemoryMb: 512, pdfRenderMaxAttempts: 3, pdfRenderRetryDelayMs: 2000 });
      expect(loadConfig({ PDF_RENDER_TIMEOUT_MS: '5000', PDF_RENDER_MAX_MEMORY_MB: '256', PDF_RENDER_MAX_ATTEMPTS: '5', PDF_RENDER_RETRY_DELAY_MS: '100' })).toMatchObject({
        pdfRenderTimeoutMs: 5000,
        pdfRenderMaxMemoryMb: 256,
        pdfRenderMaxAttempts: 5,
        pdfRenderRetryDelayMs: 100,
      });
    });

    it.each([
      [{ PDF_RENDER_TIMEOUT_MS: '0' }, /PDF_RENDER_TIMEOUT_MS=0 is out of range/],
      [{ PDF_RENDER_MAX_MEMORY_MB: '16' }, /PDF_RENDER_MAX_MEMORY_MB=16 is out of range/],
      [{ PDF_RENDER_MAX_ATTEMPTS: 'many' }, /PDF_RENDER_MAX_ATTEMPTS="many" is not a whole number/],
      [{ PDF_RENDER_RETRY_DELAY_MS: '0' }, /PDF_RENDER_RETRY_DELAY_MS=0 is out of range/],
    ])('rejects %p', (env, message) => {
      expect(() => loadConfig(env)).toThrow(message);
    });
  });
});

describe('the JWT signing key', () => {
  const oneLine = (env: Record<string, string>): string => {
    try {
      loadConfig(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).not.toContain('\n');
      return (error as Error).message;
    }
    throw new Error('loadConfig accepted it');
  };

  it.each([
    ['the old development constant', 'local-development-only-secret-change-me-0123456789'],
    ['"secret"', 'secret'],
    ['"changeme"', 'changeme'],
    ['the jwt.io HS256 example', 'your-256-bit-secret'],
    ['the newer jwt.io example', 'a-string-secret-at-least-256-bits-long'],
    ['a placeholder phrase', 'our-production-jwt-secret-please-change-me!'],
    ['one repeated character', 'x'.repeat(40)],
    ['a repeated pattern', '0123456789abcdef'.repeat(2)],
    ['a repeated word', 'changeme'.repeat(4)],
    ['too few different characters', 'aaaaaaaaaabbbbbbbbbbccccccccccdddddddddd'],
    ['31 random characters', randomBytes(48).toString('base64url').slice(0, 31)],
  ])('refuses %s in development, test and production, without echoing it', (_name, secret) => {
    for (const NODE_ENV of ['development', 'test', 'production']) {
      const message = oneLine(local({ NODE_ENV, JWT_SECRET: secret }));
      expect(message).toMatch(/^JWT_SECRET is (too short|a published or placeholder value|not random)/);
      expect(message).not.toContain(secret);
    }
  });

  it('accepts generated keys in the usual encodings', () => {
    for (const secret of [randomBytes(48).toString('base64'), randomBytes(32).toString('hex'), randomBytes(24).toString('base64url')]) {
      expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret }).jwtSecret).toBe(secret);
    }
  });

  it('generates a key once per installation, outside the repository, readable by its owner only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ehcp-install-'));
    try {
      const file = join(dir, 'state', 'ehcp', 'jwt-secret');
      expect(existsSync(file)).toBe(false);
      const first = loadConfig({ JWT_SECRET_FILE: file }).jwtSecret;
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect(readFileSync(file, 'utf8').trim()).toBe(first);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      // The next start (the worker, the CLI, the API again) uses the same key.
      expect(loadConfig({ JWT_SECRET_FILE: file }).jwtSecret).toBe(first);
      expect(loadConfig({ NODE_ENV: 'test', JWT_SECRET_FILE: file }).jwtSecret).toBe(first);
      // Another installation gets its own.
      const other = loadConfig({ JWT_SECRET_FILE: join(dir, 'other', 'jwt-secret') }).jwtSecret;
      expect(other).not.toBe(first);
      // No temporary files left behind.
      expect(readdirSync(join(dir, 'state', 'ehcp'))).toEqual(['jwt-secret']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the generated key under XDG_STATE_HOME, else ~/.local/state', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ehcp-xdg-'));
    try {
      const fromXdg = loadConfig({ XDG_STATE_HOME: join(dir, 'xdg'), HOME: join(dir, 'home') }).jwtSecret;
      expect(readFileSync(join(dir, 'xdg', 'ehcp', 'jwt-secret'), 'utf8').trim()).toBe(fromXdg);
      const fromHome = loadConfig({ HOME: join(dir, 'home') }).jwtSecret;
      expect(readFileSync(join(dir, 'home', '.local', 'state', 'ehcp', 'jwt-secret'), 'utf8').trim()).toBe(fromHome);
      expect(fromHome).not.toBe(fromXdg);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not create the file when JWT_SECRET is set, and never uses it in production', () => {
    const file = join(stateDir, 'unused', 'jwt-secret');
    expect(loadConfig({ JWT_SECRET: SECRET, JWT_SECRET_FILE: file }).jwtSecret).toBe(SECRET);
    expect(existsSync(file)).toBe(false);
    loadConfig(local());
    expect(oneLine(local({ NODE_ENV: 'production' }))).toMatch(/^JWT_SECRET is required when NODE_ENV=production/);
  });

  it('refuses a key file that is weak, readable by others, or not an absolute path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ehcp-keyfile-'));
    try {
      const weak = join(dir, 'weak');
      writeFileSync(weak, 'local-development-only-secret-change-me-0123456789\n', { mode: 0o600 });
      expect(oneLine({ JWT_SECRET_FILE: weak })).toMatch(/^The signing key in .*weak is a published or placeholder value/);
      const open = join(dir, 'open');
      writeFileSync(open, `${SECRET}\n`, { mode: 0o644 });
      chmodSync(open, 0o644);
      expect(oneLine({ JWT_SECRET_FILE: open })).toMatch(/is readable by other users: run `chmod 600/);
      expect(oneLine({ JWT_SECRET_FILE: 'relative/jwt-secret' })).toMatch(/^JWT_SECRET_FILE="relative\/jwt-secret" is not an absolute path/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bounds token age: 8 hours by default, never below the TTL', () => {
    expect(loadConfig(local())).toMatchObject({ jwtTtlSeconds: 900, jwtMaxAgeSeconds: 28800 });
    expect(loadConfig(local({ JWT_TTL_SECONDS: '3600', JWT_MAX_AGE_SECONDS: '3600' }))).toMatchObject({ jwtTtlSeconds: 3600, jwtMaxAgeSeconds: 3600 });
    expect(oneLine(local({ JWT_TTL_SECONDS: '3600', JWT_MAX_AGE_SECONDS: '1800' }))).toMatch(/^JWT_TTL_SECONDS=3600 is longer than JWT_MAX_AGE_SECONDS=1800/);
    // A long TTL alone is refused rather than silently lifting the bound.
    expect(oneLine(local({ JWT_TTL_SECONDS: '86400' }))).toMatch(/^JWT_TTL_SECONDS=86400 is longer than JWT_MAX_AGE_SECONDS=28800 \(default 28800\)/);
  });

  it('points every email (staff reminders, family sign-in links) at the local web by default, or at WEB_PUBLIC_URL', () => {
    expect(loadConfig(local()).webPublicUrl).toBe('http://localhost:3001');
    expect(loadConfig(local({ WEB_PORT: '4001' })).webPublicUrl).toBe('http://localhost:4001');
    expect(loadConfig(local({ WEB_PUBLIC_URL: 'https://ehcp.example.gov.uk' })).webPublicUrl).toBe('https://ehcp.example.gov.uk');
    expect(oneLine(local({ WEB_PUBLIC_URL: 'not a url' }))).toMatch(/^WEB_PUBLIC_URL must be an absolute URL/);
  });

  it('counts failed sign-ins within a 15-minute window by default', () => {
    expect(loadConfig(local()).loginFailureWindowMinutes).toBe(15);
    expect(loadConfig(local({ LOGIN_FAILURE_WINDOW_MINUTES: '60' })).loginFailureWindowMinutes).toBe(60);
    expect(oneLine(local({ LOGIN_FAILURE_WINDOW_MINUTES: '0' }))).toMatch(/^LOGIN_FAILURE_WINDOW_MINUTES=0 is out of range/);
  });

  it('derives the second-factor encryption key from the signing key unless MFA_ENCRYPTION_KEY is given', () => {
    const derived = loadConfig({ JWT_SECRET: SECRET }).mfaEncryptionKey;
    expect(derived).toHaveLength(32);
    expect(loadConfig({ JWT_SECRET: SECRET }).mfaEncryptionKey.equals(derived)).toBe(true);
    expect(loadConfig({ JWT_SECRET: randomBytes(48).toString('base64url') }).mfaEncryptionKey.equals(derived)).toBe(false);
    const explicit = randomBytes(32);
    expect(loadConfig({ JWT_SECRET: SECRET, MFA_ENCRYPTION_KEY: explicit.toString('base64') }).mfaEncryptionKey.equals(explicit)).toBe(true);
    expect(loadConfig({ JWT_SECRET: SECRET, MFA_ENCRYPTION_KEY: explicit.toString('hex') }).mfaEncryptionKey.equals(explicit)).toBe(true);
    expect(() => loadConfig({ JWT_SECRET: SECRET, MFA_ENCRYPTION_KEY: 'too-short' })).toThrow(/MFA_ENCRYPTION_KEY is not 32 bytes/);
    expect(loadConfig({ JWT_SECRET: SECRET })).toMatchObject({ sessionIdleMinutes: 60, sessionMaxHours: 12, oidcHttpTimeoutMs: 5000 });
  });
});

describe('configuration errors all at once', () => {
  it('reports every problem of the environment in one error, cross-variable rules included, without echoing a secret', () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'production', PORT: 'abc', REDIS_URL: 'http://localhost', REMINDER_SEND_TIME: '25:00', JWT_TTL_SECONDS: '7200', JWT_MAX_AGE_SECONDS: '3600', EMAIL_TRANSPORT: 'smtp', GIT_COMMIT: 'main' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual([
      expect.stringMatching(/^PORT="abc" is not a whole number/),
      expect.stringMatching(/^REDIS_URL must start with redis:/),
      expect.stringMatching(/^REMINDER_SEND_TIME="25:00" is not a time of day/),
      expect.stringMatching(/^GIT_COMMIT="main" is not a commit/),
      expect.stringMatching(/^JWT_SECRET is required when NODE_ENV=production/),
      expect.stringMatching(/^JWT_TTL_SECONDS=7200 is longer than JWT_MAX_AGE_SECONDS=3600/),
      expect.stringMatching(/^SMTP_URL is required when EMAIL_TRANSPORT=smtp/),
    ]);
    expect((error as Error).message).toMatch(/^7 problems: \(1\) PORT="abc" .* \(7\) SMTP_URL is required/);
    expect((error as Error).message).not.toContain('\n');
    expect(explainStartupFailure(error).split('\n')).toHaveLength(8);
  });

  it('still reports a malformed enum next to the other problems', () => {
    expect(() => loadConfig({ NODE_ENV: 'staging', JWT_SECRET: 'short', EMAIL_TRANSPORT: 'notify' })).toThrow(
      expect.objectContaining({ problems: [expect.stringMatching(/^NODE_ENV="staging"/), expect.stringMatching(/^JWT_SECRET is too short/), expect.stringMatching(/^NOTIFY_API_KEY is required/), expect.stringMatching(/^NOTIFY_TEMPLATE_ID is required/)] }),
    );
  });

  it('takes the operations variables: drain, worker metrics port, build commit', () => {
    expect(loadConfig({})).toMatchObject({ shutdownDrainMs: 5000, workerMetricsPort: 9464, buildCommit: 'unknown' });
    expect(loadConfig({ SHUTDOWN_DRAIN_MS: '0', WORKER_METRICS_PORT: '0', GIT_COMMIT: '5ECB010' })).toMatchObject({ shutdownDrainMs: 0, workerMetricsPort: 0, buildCommit: '5ecb010' });
    expect(() => loadConfig({ SHUTDOWN_DRAIN_MS: '-1' })).toThrow(/SHUTDOWN_DRAIN_MS="-1" is not a whole number/);
  });
});
