import './tracing';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { explainStartupFailure, installGracefulShutdown, loadConfig } from '@app/core';
import { Logger } from 'nestjs-pino';
import { ApiModule } from './api.module';
import { configureApiApp, createFastifyAdapter } from './bootstrap';
import { stopTracing } from '@app/observability/tracing';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule, createFastifyAdapter(config), {
    // Silent until pino takes over: a failed start-up prints one line (below), not Nest's module-by-module log.
    logger: false,
    abortOnError: false,
  });
  await configureApiApp(app);
  const logger = app.get(Logger);
  installGracefulShutdown(app, { drainMs: config.shutdownDrainMs, logger, process: 'api', afterClose: stopTracing });
  await app.listen({ port: config.port, host: config.host });
  const address = app.getHttpServer().address();
  if (config.tracing.enabled) logger.log({ msg: 'Tracing on', endpoint: config.tracing.endpoint, sampleRatio: config.tracing.sampleRatio });
  logger.log({ msg: 'API listening', port: typeof address === 'object' && address ? address.port : config.port, host: config.host });
}

main().catch((error: unknown) => {
  console.error(explainStartupFailure(error));
  process.exit(1);
});
