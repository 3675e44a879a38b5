import { INestApplicationContext, LoggerService } from '@nestjs/common';
import { ProcessLifecycle } from './process-lifecycle';

export interface GracefulShutdownOptions {
  /** How long readiness fails while the process still serves, before anything closes (SHUTDOWN_DRAIN_MS). */
  drainMs: number;
  logger: LoggerService;
  /** 'api' or 'worker', in the log lines. */
  process: string;
  /** Called after the drain delay and before the application closes (the worker pauses its job consumers here). */
  beforeClose?: () => Promise<void>;
  /** Called once the application has closed, before the process exits (the last spans are exported here). */
  afterClose?: () => Promise<void>;
  signals?: NodeJS.Signals[];
}

/**
 * SIGTERM / SIGINT, in this order: readiness fails at once (ProcessLifecycle); the process keeps serving for
 * `drainMs` so that the load balancer notices and stops sending (answers carry `Connection: close` meanwhile, so
 * keep-alive clients move elsewhere); then the application closes: the HTTP server stops accepting connections and
 * waits for the requests in flight, the job workers finish their active jobs, and only then do the database pool and
 * Redis close. Each step is logged. A second signal during the drain is ignored (one shutdown at a time).
 * Replaces Nest's enableShutdownHooks, which closes at once.
 */
export function installGracefulShutdown(app: INestApplicationContext, options: GracefulShutdownOptions): void {
  const lifecycle = app.get(ProcessLifecycle);
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    void shutDown(signal);
  };
  const shutDown = async (signal: NodeJS.Signals) => {
    const began = Date.now();
    lifecycle.markShuttingDown();
    options.logger.log({ msg: 'Shutdown started: readiness now fails', signal, process: options.process, drainMs: options.drainMs });
    try {
      if (options.drainMs > 0) await new Promise((resolve) => setTimeout(resolve, options.drainMs));
      await options.beforeClose?.();
      options.logger.log({ msg: 'Drain over: closing (in-flight requests and jobs finish first)', process: options.process });
      await app.close();
      await options.afterClose?.();
      options.logger.log({ msg: 'Shutdown complete', process: options.process, ms: Date.now() - began });
      process.exit(0);
    } catch (error) {
      options.logger.error({ msg: 'Shutdown failed', process: options.process, err: error });
      process.exit(1);
    }
  };
  for (const signal of options.signals ?? (['SIGTERM', 'SIGINT'] as NodeJS.Signals[])) process.on(signal, onSignal);
}
