import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { explainStartupFailure, installGracefulShutdown, loadConfig } from '@app/core';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfig(); // fail with one clear line before any connection is attempted
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: false, abortOnError: false });
  const logger = app.get(Logger);
  app.useLogger(logger);
  // SIGTERM: readiness fails on the probe port, then the drain, then BullMQ lets the active jobs finish before exit.
  installGracefulShutdown(app, { drainMs: config.shutdownDrainMs, logger, process: 'worker' });
  await app.init();
  logger.log('Worker started');
}

main().catch((error: unknown) => {
  console.error(explainStartupFailure(error));
  process.exit(1);
});
