import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import multipart, { type MultipartFile } from '@fastify/multipart';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GOVUK_DIST_DIR, PUBLIC_DIR } from './core/paths';
import { cookieOptions, registerSessionHooks } from './session/session.hooks';
import { SessionStore } from './session/session.store';
import { WEB_CONFIG, WebConfig } from './web-config';

/** The API's limit for an advice attachment (10 MB): the web reads no more than this of an upload. */
export const UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

/** An uploaded file as the controllers get it on the body. */
export interface UploadedFile {
  fileName: string;
  bytes: Buffer;
  /** The file was larger than UPLOAD_LIMIT_BYTES. */
  truncated: boolean;
}

async function readUpload(part: MultipartFile): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of part.file) chunks.push(chunk as Buffer);
  const value: UploadedFile = { fileName: part.filename, bytes: Buffer.concat(chunks), truncated: part.file.truncated };
  Object.assign(part, { value });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

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

  await app.register(helmet, {
    // reply.cspNonce.script / .style: new for every response; the layout puts it on its one inline script.
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: [`'self'`],
        scriptSrc: [`'self'`],
        styleSrc: [`'self'`],
        imgSrc: [`'self'`, 'data:'],
        fontSrc: [`'self'`],
        connectSrc: [`'self'`],
        formAction: [`'self'`],
        frameAncestors: [`'none'`],
        baseUri: [`'none'`],
        objectSrc: [`'none'`],
        upgradeInsecureRequests: config.cookieSecure ? [] : null,
      },
    },
    strictTransportSecurity: config.cookieSecure ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
  });
  await app.register(cookie);
  // Form bodies (application/x-www-form-urlencoded): Nest's Fastify adapter registers @fastify/formbody itself.
  // File uploads (multipart/form-data, the advice form): fields and the file land on the body before the CSRF check;
  // a file over the API's limit arrives cut short and marked `truncated`, and the page says it is too big.
  await app.register(multipart, { attachFieldsToBody: 'keyValues', onFile: readUpload, throwFileSizeLimit: false, limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1, fields: 20 } });
  await app.register(csrf, {
    // The secret lives in its own HttpOnly cookie; each form carries a token made from it (`_csrf`).
    sessionPlugin: '@fastify/cookie',
    cookieKey: config.cookieSecure ? '__Host-ehcp-csrf' : 'ehcp-csrf',
    cookieOpts: cookieOptions(config),
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
