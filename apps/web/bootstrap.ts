import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GOVUK_DIST_DIR, PUBLIC_DIR } from './core/paths';
import { registerSecurityHeaders } from './core/security-headers';
import { readUpload, UPLOAD_LIMIT_BYTES } from './core/uploads';
import { cookieOptions, registerSessionHooks } from './session/session.hooks';
import { SessionStore } from './session/session.store';
import { WEB_CONFIG, WebConfig } from './web-config';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The CSRF token of a post: a plain form's `_csrf`, or a multipart form's `_csrf` field (an object with its value). */
function csrfTokenOf(request: FastifyRequest): string | undefined {
  const field = (request.body as Record<string, unknown> | undefined)?._csrf;
  if (typeof field === 'string') return field;
  if (field && typeof field === 'object' && typeof (field as { value?: unknown }).value === 'string') return (field as { value: string }).value;
  const header = request.headers['csrf-token'] ?? request.headers['x-csrf-token'];
  return typeof header === 'string' ? header : undefined;
}

export function createWebAdapter(config: WebConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: 1024 * 1024,
    genReqId: () => randomUUID(),
    trustProxy: config.nodeEnv === 'production' ? 1 : false,
    logger: false,
  });
}

/**
 * Everything main.ts and the browser tests share: security headers and a CSP with a fresh nonce per response (no
 * 'unsafe-inline'), GOV.UK Frontend's assets, form bodies, cookies, server-side sessions and CSRF on every post.
 */
export async function configureWebApp(app: NestFastifyApplication): Promise<void> {
  const config = app.get<WebConfig>(WEB_CONFIG);
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();

  // Security headers and a CSP with fresh nonces (reply.cspNonce.script / .style, new for every response; the layout puts
  // the script nonce on its one inline script): core/security-headers.ts.
  registerSecurityHeaders(fastify, config);
  await app.register(cookie);
  // Form bodies (application/x-www-form-urlencoded): Nest's Fastify adapter registers @fastify/formbody itself.
  // File uploads (multipart/form-data: the advice form, the family's documents, the transfer package import): fields (as
  // strings) and the one file (an UploadedFile) land on the body before the CSRF check;
  // a file over the API's limit arrives cut short and marked `truncated`, and the page says it is too big.
  await app.register(multipart, { attachFieldsToBody: 'keyValues', onFile: readUpload, throwFileSizeLimit: false, limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1, fields: 20 } });
  await app.register(csrf, {
    // The secret lives in its own HttpOnly cookie; each form carries a token made from it (`_csrf`).
    sessionPlugin: '@fastify/cookie',
    cookieKey: config.cookieSecure ? '__Host-ehcp-csrf' : 'ehcp-csrf',
    cookieOpts: cookieOptions(config),
    getToken: csrfTokenOf,
  });
  fastify.addHook('preHandler', (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
    if (SAFE_METHODS.has(request.method)) return done();
    fastify.csrfProtection(request, reply, done);
  });

  // GOV.UK Frontend: fonts and images under /assets (where its CSS looks for them), its CSS and JS under /govuk.
  await app.register(fastifyStatic, { root: join(GOVUK_DIST_DIR, 'govuk', 'assets'), prefix: '/assets/', maxAge: '1d' });
  await app.register(fastifyStatic, {
    root: join(GOVUK_DIST_DIR, 'govuk'),
    prefix: '/govuk/',
    decorateReply: false,
    maxAge: '1d',
    allowedPath: (path) => /^\/govuk-frontend\.min\.(css|js)(\.map)?$/.test(path),
  });
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/static/', decorateReply: false, maxAge: '1h' });

  registerSessionHooks(fastify, app.get(SessionStore), config);
}
