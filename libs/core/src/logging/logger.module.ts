import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CoreConfigModule } from '../config/core-config.module';

/**
 * Fields that must never reach a log line: credentials, names and identifiers (statutory-rules.md §8).
 * Objects are logged by id; these paths are a safety net for anything logged by mistake.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.accessToken',
  '*.token',
  '*.givenName',
  '*.familyName',
  '*.name',
  '*.email',
  '*.dateOfBirth',
  '*.upn',
  '*.uln',
  '*.nhsNumber',
  '*.postcode',
];

@Module({
  imports: [
    LoggerModule.forRootAsync({
      imports: [CoreConfigModule],
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // Nest 11's path syntax for "every route" (nestjs-pino's default '*' triggers a deprecation warning).
        forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        pinoHttp: {
          level: config.logLevel,
          // Readable lines for a developer at a terminal; JSON everywhere else (production, CI, pipes).
          transport: config.nodeEnv === 'development' && process.stdout.isTTY ? { target: 'pino-pretty', options: { singleLine: true, colorize: true } } : undefined,
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          // The query string may hold a name being searched for: log the path only.
          serializers: {
            req: (req: IncomingMessage & { id?: string }) => ({ id: req.id, method: req.method, url: (req.url ?? '').split('?')[0] }),
            res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
          },
          customProps: () => ({ service: 'ehcp-api' }),
          // Probes and scrapes are not logged (they come every few seconds); everything else is, whatever its status.
          autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/api/v1/health') || (req.url ?? '').split('?')[0] === '/metrics' },
        },
      }),
    }),
  ],
})
export class AppLoggerModule {}
