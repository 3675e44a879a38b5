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
});
