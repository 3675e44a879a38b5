import { Injectable } from '@nestjs/common';

/**
 * Whether this process is shutting down. Set first thing on SIGTERM (graceful-shutdown.ts), before anything closes,
 * so that readiness answers 503 and the load balancer or orchestrator stops sending work while the process still serves.
 */
@Injectable()
export class ProcessLifecycle {
  private shuttingDownSince: Date | null = null;

  get shuttingDown(): boolean {
    return this.shuttingDownSince !== null;
  }

  /** Idempotent: the first call wins. */
  markShuttingDown(now = new Date()): void {
    this.shuttingDownSince ??= now;
  }
}
