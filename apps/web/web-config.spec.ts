import { loadWebConfig } from './web-config';
import { sessionCookieName } from './session/session.hooks';

describe('loadWebConfig', () => {
  it('has safe local defaults: port 3001 on 127.0.0.1, the API on 3000, plain cookie names over http', () => {
    const config = loadWebConfig({});
    expect(config).toMatchObject({ port: 3001, host: '127.0.0.1', apiBaseUrl: 'http://127.0.0.1:3000/api/v1', cookieSecure: false, sessionIdleSeconds: 1800, sessionMaxSeconds: 28800 });
    expect(sessionCookieName(config)).toBe('ehcp-session');
  });

  it('uses Secure __Host- cookies in production and refuses to turn them off there', () => {
    const config = loadWebConfig({ NODE_ENV: 'production' });
    expect(config.cookieSecure).toBe(true);
    expect(sessionCookieName(config)).toBe('__Host-ehcp-session');
    expect(() => loadWebConfig({ NODE_ENV: 'production', WEB_COOKIE_SECURE: 'false' })).toThrow(/WEB_COOKIE_SECURE=false is refused/);
    expect(loadWebConfig({ WEB_COOKIE_SECURE: 'true' }).cookieSecure).toBe(true);
  });

  it('refuses malformed values with a line naming the variable', () => {
    expect(() => loadWebConfig({ WEB_PORT: 'abc' })).toThrow(/WEB_PORT must be a whole number/);
    expect(() => loadWebConfig({ API_BASE_URL: 'ftp://x' })).toThrow(/API_BASE_URL must be an http\(s\) URL/);
    expect(() => loadWebConfig({ WEB_COOKIE_SECURE: 'yes' })).toThrow(/WEB_COOKIE_SECURE must be true or false/);
  });

  it('never lets the absolute lifetime be shorter than the idle timeout', () => {
    expect(loadWebConfig({ WEB_SESSION_IDLE_MINUTES: '120', WEB_SESSION_MAX_HOURS: '1' }).sessionMaxSeconds).toBe(7200);
  });
});
