import './tracing';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { explainStartupFailure, installGracefulShutdown, loadConfig } from '@app/core';
import { Logger } from 'nestjs-pino';
import { JobWorkers, WorkerProbeServer } from '@app/observability';
import { stopTracing } from '@app/observability/tracing';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfig(); // fail with one clear line before any connection is attempted
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: false, abortOnError: false });
  const logger = app.get(Logger);
  app.useLogger(logger);
  // SIGTERM: readiness fails on the probe port, then the drain, then the workers take no new job and the active ones
  // (a PDF render included) finish before the render children, the pool and Redis close.
  const jobs = app.get(JobWorkers);
  installGracefulShutdown(app, { drainMs: config.shutdownDrainMs, logger, process: 'worker', afterClose: stopTracing, beforeClose: () => jobs.finishActiveJobs() });
  await app.init();
  logger.log({ msg: 'Worker probe and metrics listening', port: app.get(WorkerProbeServer).port, host: config.host });
  if (config.tracing.enabled) logger.log({ msg: 'Tracing on', endpoint: config.tracing.endpoint, sampleRatio: config.tracing.sampleRatio });
  logger.log('Worker started');
}

main().catch((error: unknown) => {
  console.error(explainStartupFailure(error));
  process.exit(1);
});
