/**
 * The web's own configuration, read from the environment once at start-up. The web is a client of the API: it shares
 * no configuration with it beyond where to find it (API_BASE_URL) and the Redis that keeps its sessions.
 * Every variable is optional locally; README.md, "The web", lists them with their defaults.
 */
export interface WebConfig {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  host: string;
  /** The API's base, including its `/api/v1` prefix. */
  apiBaseUrl: string;
  /** Longest wait for one API call before the person sees "the service is unavailable" (never a hang). */
  apiTimeoutMs: number;
  redisUrl: string;
  /** Prefix of every session key in Redis (tests use their own). */
  sessionPrefix: string;
  /** A session unused for this long ends. */
  sessionIdleSeconds: number;
  /** A session ends this long after sign-in, however busy. */
  sessionMaxSeconds: number;
  /**
   * Whether cookies are `Secure` and carry the `__Host-` prefix. Browsers refuse a `__Host-` cookie without `Secure`,
   * and refuse to store a `Secure` cookie from plain http://127.0.0.1, so local development and the browser tests use
   * plain names; production always uses `__Host-` (WEB_COOKIE_SECURE=false is refused there).
   */
  cookieSecure: boolean;
  /** The web's own address, as printed by `npm start` and linked from emails. */
  publicUrl: string;
  serviceName: string;
}

export const WEB_CONFIG = Symbol('WEB_CONFIG');

class WebConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new WebConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
  return value;
}

function url(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name] || fallback;
  try {
    const parsed = new URL(raw);
    if (!/^https?:$/.test(parsed.protocol)) throw new Error();
  } catch {
    throw new WebConfigError(`${name} must be an http(s) URL (got "${raw}").`);
  }
  return raw.replace(/\/+$/, '');
}

export function loadWebConfig(env: NodeJS.ProcessEnv = process.env): WebConfig {
  const nodeEnv = (env.NODE_ENV || 'development') as WebConfig['nodeEnv'];
  if (!['development', 'test', 'production'].includes(nodeEnv)) throw new WebConfigError(`NODE_ENV must be development, test or production (got "${nodeEnv}").`);
  const port = integer(env, 'WEB_PORT', 3001, 0, 65535);
  const secureRaw = env.WEB_COOKIE_SECURE;
  if (secureRaw !== undefined && secureRaw !== '' && !['true', 'false'].includes(secureRaw)) throw new WebConfigError(`WEB_COOKIE_SECURE must be true or false (got "${secureRaw}").`);
  const cookieSecure = secureRaw ? secureRaw === 'true' : nodeEnv === 'production';
  if (nodeEnv === 'production' && !cookieSecure) throw new WebConfigError('WEB_COOKIE_SECURE=false is refused when NODE_ENV=production: serve the web over HTTPS.');
  const sessionIdleSeconds = integer(env, 'WEB_SESSION_IDLE_MINUTES', 30, 1, 24 * 60) * 60;
  const sessionMaxSeconds = integer(env, 'WEB_SESSION_MAX_HOURS', 8, 1, 24) * 3600;
  return {
    nodeEnv,
    port,
    host: env.WEB_HOST || '127.0.0.1',
    apiBaseUrl: url(env, 'API_BASE_URL', 'http://127.0.0.1:3000/api/v1'),
    apiTimeoutMs: integer(env, 'WEB_API_TIMEOUT_MS', 10_000, 100, 120_000),
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
    sessionPrefix: env.WEB_SESSION_PREFIX || 'ehcp-web:session:',
    sessionIdleSeconds,
    sessionMaxSeconds: Math.max(sessionMaxSeconds, sessionIdleSeconds),
    cookieSecure,
    publicUrl: url(env, 'WEB_PUBLIC_URL', `http://localhost:${port || 3001}`),
    serviceName: env.WEB_SERVICE_NAME || 'EHCP case management',
  };
}

export function isWebConfigError(error: unknown): error is Error {
  return error instanceof WebConfigError;
}
