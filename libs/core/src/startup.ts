import { ConfigError } from './config/app-config';

/** Thrown when a dependency does not answer at start-up; the message is the one line an operator needs. */
export class DependencyUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DependencyUnavailableError';
  }
}

interface ErrorLike {
  code?: string;
  message?: string;
  address?: string;
  port?: number;
  errors?: ErrorLike[];
}

/** Turns a start-up failure into one clear line saying what is wrong and how to fix it, instead of a stack trace. */
export function explainStartupFailure(error: unknown): string {
  if (error instanceof ConfigError) {
    if (error.problems.length <= 1) return `Configuration error: ${error.message}`;
    return [`Configuration errors (${error.problems.length}), all to fix before it starts:`, ...error.problems.map((problem) => `  - ${problem}`)].join('\n');
  }
  if (error instanceof DependencyUnavailableError) return `Start-up failed: ${error.message}`;
  const e = (error ?? {}) as ErrorLike;
  const inner = e.errors?.[0] ?? e;
  const code = e.code ?? inner.code;
  const port = inner.port;
  if ((code === 'ECONNREFUSED' || code === 'ETIMEDOUT' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH') && port !== 6379) {
    return `Start-up failed: PostgreSQL is not reachable (${code}${inner.address ? ` at ${inner.address}:${port}` : ''}). Start PostgreSQL or set DATABASE_URL (default postgres://ehcp_app@127.0.0.1:5432/ehcp) and, for migrations, DATABASE_OWNER_URL (default postgres://postgres@127.0.0.1:5432/ehcp).`;
  }
  if (code === 'ECONNREFUSED' && port === 6379) {
    return 'Start-up failed: Redis is not reachable. Start Redis or set REDIS_URL (default redis://127.0.0.1:6379).';
  }
  if (code === '3D000') return `Start-up failed: the database does not exist (${e.message}). Run \`npm run db:migrate\`, which creates it, or set DATABASE_URL.`;
  if (code === '28000' && /role .* does not exist/.test(e.message ?? '')) {
    return `Start-up failed: ${e.message}. Run \`npm run db:migrate\`, which creates the app role outside production, or create it as in docs/runbook.md ("Database roles").`;
  }
  if (code === '28P01' || code === '28000') return `Start-up failed: PostgreSQL refused the credentials in DATABASE_URL (${e.message}).`;
  if (code === '42P01') return `Start-up failed: the database schema is missing (${e.message}). Run \`npm run db:migrate\`.`;
  const message = error instanceof Error ? error.message : String(error);
  return `Start-up failed: ${message}`;
}
