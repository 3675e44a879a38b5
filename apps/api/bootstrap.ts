import helmet from '@fastify/helmet';
import { NestFastifyApplication, FastifyAdapter } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { MAX_ATTACHMENT_BYTES } from '@app/advice';
import { TokenService } from '@app/identity';
import { APP_CONFIG, AppConfig, DomainError, ProcessLifecycle, generateRequestId, jsonShapeProblem, sendProblem, toProblem, UnauthenticatedError } from '@app/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { MetricsService, registerHttpMetrics } from '@app/observability';
import { nameRequestSpan } from '@app/observability/tracing';
import { ReadReplicaStatus } from '@app/database';
import { settleFreshConnectionsBeforeClose } from './fresh-connections';
import { answerMethodNotAllowed } from './method-not-allowed';
import { registerQueueBoard } from './queue-board';
import { createOpenApiDocument } from './openapi';

export const API_PREFIX = 'api/v1';

/** The only routes that take raw bytes (application/octet-stream): advice attachments and the family's documents. */
const OCTET_STREAM_ROUTES = new Set([`/${API_PREFIX}/advice-requests/:id/attachments`, `/${API_PREFIX}/family/assessments/:id/documents`]);
/** An attachment body may be a little over the 10 MB limit so that the service answers it with its own 413. */
const OCTET_STREAM_LIMIT_BYTES = MAX_ATTACHMENT_BYTES + 1024 * 1024;

class JsonTooComplexError extends DomainError {
  constructor(detail: string) {
    super(400, 'json_too_complex', 'Invalid request', `${detail} Send a flatter, smaller document.`);
  }
}

class OctetStreamNotAcceptedError extends DomainError {
  constructor() {
    super(415, 'unsupported_media_type', 'Unsupported media type', 'Only file uploads (advice attachments, family documents) take application/octet-stream; send this request as application/json.');
  }
}

function isOctetStream(request: FastifyRequest): boolean {
  return /^application\/octet-stream\s*(;|$)/i.test(request.headers['content-type'] ?? '');
}

/** Fastify with the request-size limit, request ids and no framework-level logging (pino does that). */
export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    genReqId: generateRequestId,
    trustProxy: config.nodeEnv === 'production' ? 1 : false,
    logger: false,
    // While shutting down, requests that still arrive on an open connection are served (and logged) like any other,
    // not answered with Fastify's bare 503: each answer then closes its connection (below), so none is left open.
    return503OnClosing: false,
    // A malformed URL (bad percent-encoding, over-long parameter) is refused by the router before Nest sees it.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => sendProblem(reply, toProblem(error, String(request.id), request.url.split('?')[0])),
  });
}

/** Everything main.ts and the e2e tests share: one definition of the real HTTP app. */
export async function configureApiApp(app: NestFastifyApplication, options: { useNestLogger?: boolean } = {}): Promise<void> {
  if (options.useNestLogger !== false) app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX);
  // SIGTERM is handled by installGracefulShutdown (main.ts): readiness fails first, then a drain, then close.

  const fastify = app.getHttpAdapter().getInstance();
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: [`'self'`],
        styleSrc: [`'self'`, `'unsafe-inline'`],
        imgSrc: [`'self'`, 'data:'],
        scriptSrc: [`'self'`, `'unsafe-inline'`],
      },
    },
  });
  // Errors Fastify raises before a handler runs (malformed JSON, body too large) reach Nest's error handler and so the
  // global ProblemDetailsFilter, which turns them into problem+json like every other error.
  // JSON bodies: the depth and width are checked by a linear scan before parsing, so class-transformer never recurses
  // thousands of levels or walks a million-element array (issue 12); Fastify's own parser (with its prototype-poisoning
  // protection) then parses. Registering it here also stops Nest adding its urlencoded parser: the API takes JSON only.
  const jsonParser = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit: fastify.initialConfig.bodyLimit }, (request, body, done) => {
    const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
    const problem = jsonShapeProblem(text);
    if (problem) return done(new JsonTooComplexError(problem), undefined);
    jsonParser(request as FastifyRequest, text, done);
  });
  // JSON lines for imports arrive as text; the handler splits and validates each line.
  fastify.addContentTypeParser(['application/x-ndjson', 'text/plain'], { parseAs: 'string' }, (_request, body, done) => done(null, body));
  // Advice attachments arrive as raw bytes; the service checks the size (10 MB) and the type from the content.
  fastify.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: OCTET_STREAM_LIMIT_BYTES }, (_request, body, done) => done(null, body));
  // Before a byte of an octet-stream body is read: only the upload route takes one, and only with a token whose
  // signature and expiry hold (the guard still does the full check later), so an anonymous or forged caller cannot
  // make the process buffer 11 MB.
  const tokens = app.get(TokenService, { strict: false });
  fastify.addHook('preParsing', async (request) => {
    if (!isOctetStream(request)) return;
    if (!OCTET_STREAM_ROUTES.has(request.routeOptions.url ?? '') || request.method !== 'POST') throw new OctetStreamNotAcceptedError();
    const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!token || !(tokens.verify(token) ?? tokens.verifyFamily(token))) throw new UnauthenticatedError();
  });
  answerMethodNotAllowed(fastify);
  const lifecycle = app.get(ProcessLifecycle);
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', String(request.id));
    void reply.header('cache-control', 'no-store');
    // Draining: each answer closes its keep-alive connection, so clients reconnect through the load balancer elsewhere.
    if (lifecycle.shuttingDown) void reply.header('connection', 'close');
  });
  settleFreshConnectionsBeforeClose(fastify);
  // Reports may come from a streaming replica (DATABASE_READ_URL): every answer says where from and how stale it may be.
  const readStatus = app.get(ReadReplicaStatus);
  fastify.addHook('onSend', async (request, reply) => {
    if (!(request.routeOptions.url ?? '').startsWith(`/${API_PREFIX}/reports`) || reply.statusCode >= 400) return;
    const freshness = await readStatus.freshness().catch(() => null);
    if (!freshness) return;
    void reply.header('x-data-source', freshness.source);
    void reply.header('x-data-max-staleness-seconds', String(freshness.maxStalenessSeconds));
  });
  const metrics = app.get(MetricsService);
  registerHttpMetrics(fastify, metrics);
  // With tracing on (OTEL_TRACES_EXPORTER=otlp), the request's span is named after its route template, not its URL.
  fastify.addHook('onRequest', async (request) => nameRequestSpan(request.method, request.routeOptions.url ?? 'unmatched'));
  // Prometheus scrapes the API's own port, outside /api/v1 and without a token (aggregates only, nothing personal):
  // do not route /metrics through the public proxy (docs/runbook.md, "Metrics").
  fastify.get('/metrics', async (_request, reply) => reply.type(metrics.contentType).send(await metrics.text()));

  await registerQueueBoard(app, app.get<AppConfig>(APP_CONFIG));

  const document = createOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
