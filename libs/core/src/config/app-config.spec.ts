import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives the documented local defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/ehcp',
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: 'ehcp',
      demoPassword: 'demo-password',
    });
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('requires JWT_SECRET in production, with a one-line fix', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }).jwtSecret).toBe('x'.repeat(40));
  });

  it.each([
    [{ PORT: 'abc' }, /PORT="abc" is not a whole number/],
    [{ PORT: '70000' }, /PORT=70000 is out of range/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL is not a valid URL/],
    [{ DATABASE_URL: 'mysql://x@y/z' }, /DATABASE_URL must start with postgres:/],
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
      expect(loadConfig({})).toMatchObject({
        emailTransport: 'local',
        emailFrom: 'EHCP service <no-reply@localhost>',
        notifyApiKey: null,
        notifyTemplateId: null,
        notifyBaseUrl: 'https://api.notifications.service.gov.uk',
        smtpUrl: null,
      });
    });

    it('allows the local transport in production (it records instead of sending)', () => {
      expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }).emailTransport).toBe('local');
    });

    it('takes a Notify key, template and base URL', () => {
      const config = loadConfig({ EMAIL_TRANSPORT: 'notify', NOTIFY_API_KEY: NOTIFY_KEY, NOTIFY_TEMPLATE_ID: TEMPLATE, NOTIFY_BASE_URL: 'http://127.0.0.1:9999' });
      expect(config).toMatchObject({ emailTransport: 'notify', notifyApiKey: NOTIFY_KEY, notifyTemplateId: TEMPLATE, notifyBaseUrl: 'http://127.0.0.1:9999' });
    });

    it('takes an SMTP URL with credentials and a From address', () => {
      const config = loadConfig({ EMAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtps://user:p%40ss@mail.example.org:465', EMAIL_FROM: 'SEN team <sen@council.example.gov.uk>' });
      expect(config).toMatchObject({ emailTransport: 'smtp', smtpUrl: 'smtps://user:p%40ss@mail.example.org:465', emailFrom: 'SEN team <sen@council.example.gov.uk>' });
      expect(loadConfig({ EMAIL_FROM: 'sen@council.example.gov.uk' }).emailFrom).toBe('sen@council.example.gov.uk');
    });

    it.each([
      [{ EMAIL_TRANSPORT: 'sendgrid' }, /^EMAIL_TRANSPORT="sendgrid" is not one of local, notify, smtp\.$/],
      [{ EMAIL_TRANSPORT: 'notify', NOTIFY_TEMPLATE_ID: TEMPLATE }, /^NOTIFY_API_KEY is required when EMAIL_TRANSPORT=notify/],
      [{ EMAIL_TRANSPORT: 'notify', NOTIFY_API_KEY: 'not-a-key', NOTIFY_TEMPLATE_ID: TEMPLATE }, /^NOTIFY_API_KEY is not a Notify API key/],
      [{ EMAIL_TRANSPORT: 'notify', NOTIFY_API_KEY: NOTIFY_KEY }, /^NOTIFY_TEMPLATE_ID is required when EMAIL_TRANSPORT=notify/],
      [{ EMAIL_TRANSPORT: 'notify', NOTIFY_API_KEY: NOTIFY_KEY, NOTIFY_TEMPLATE_ID: 'welcome' }, /^NOTIFY_TEMPLATE_ID="welcome" is not a template id/],
      [{ NOTIFY_BASE_URL: 'ftp://notify' }, /^NOTIFY_BASE_URL must start with https:/],
      [{ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), NOTIFY_BASE_URL: 'http://notify.internal' }, /^NOTIFY_BASE_URL must start with https:\/\/ \(got http:\/\/\)/],
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

  describe('PDF rendering limits', () => {
    it('bounds each render by default (60 s, 512 MB heap) and gives up on a document after 3 attempts', () => {
      expect(loadConfig({})).toMatchObject({ pdfRenderTimeoutMs: 60_000, pdfRenderMaxMemoryMb: 512, pdfRenderMaxAttempts: 3 });
      expect(loadConfig({ PDF_RENDER_TIMEOUT_MS: '5000', PDF_RENDER_MAX_MEMORY_MB: '256', PDF_RENDER_MAX_ATTEMPTS: '5' })).toMatchObject({ pdfRenderTimeoutMs: 5000, pdfRenderMaxMemoryMb: 256, pdfRenderMaxAttempts: 5 });
    });

    it.each([
      [{ PDF_RENDER_TIMEOUT_MS: '0' }, /PDF_RENDER_TIMEOUT_MS=0 is out of range/],
      [{ PDF_RENDER_MAX_MEMORY_MB: '16' }, /PDF_RENDER_MAX_MEMORY_MB=16 is out of range/],
      [{ PDF_RENDER_MAX_ATTEMPTS: 'many' }, /PDF_RENDER_MAX_ATTEMPTS="many" is not a whole number/],
    ])('rejects %p', (env, message) => {
      expect(() => loadConfig(env)).toThrow(message);
    });
  });
});
