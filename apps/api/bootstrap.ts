import helmet from '@fastify/helmet';
import { NestFastifyApplication, FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { MAX_ATTACHMENT_BYTES } from '@app/advice';
import { AppConfig, generateRequestId, ProblemDetailsDto } from '@app/core';
import { Logger } from 'nestjs-pino';

export const API_PREFIX = 'api/v1';

/** Fastify with the request-size limit, request ids and no framework-level logging (pino does that). */
export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    genReqId: generateRequestId,
    trustProxy: config.nodeEnv === 'production' ? 1 : false,
    logger: false,
  });
}

/** Everything main.ts and the e2e tests share: one definition of the real HTTP app. */
export async function configureApiApp(app: NestFastifyApplication, options: { useNestLogger?: boolean } = {}): Promise<void> {
  if (options.useNestLogger !== false) app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX);
  app.enableShutdownHooks();

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
  // JSON lines for imports arrive as text; the handler splits and validates each line.
  fastify.addContentTypeParser(['application/x-ndjson', 'text/plain'], { parseAs: 'string' }, (_request, body, done) => done(null, body));
  // Advice attachments arrive as raw bytes; the service checks the size (10 MB) and the type from the content.
  fastify.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: 2 * MAX_ATTACHMENT_BYTES }, (_request, body, done) => done(null, body));
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', String(request.id));
    void reply.header('cache-control', 'no-store');
  });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('EHCP case management API')
      .setDescription(
        'Education, Health and Care needs assessments, advice, plans and reviews for local authorities in England. ' +
          'Errors are RFC 9457 problem details (application/problem+json). Dates are YYYY-MM-DD (Europe/London).',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
    { extraModels: [ProblemDetailsDto] },
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
