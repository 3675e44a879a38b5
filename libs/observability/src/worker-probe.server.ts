import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/core';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { MetricsService } from './metrics.service';
import { ReadinessService } from './readiness.service';

/**
 * The worker's probe and metrics server on WORKER_METRICS_PORT (default 9464) at HOST: `GET /health/live` (200 while
 * the process runs), `GET /health/ready` (PostgreSQL and Redis answer and the worker is not shutting down; 503
 * otherwise) and `GET /metrics` (Prometheus text). Nothing else, no authentication: bind it to a private address.
 * It closes last, after the job workers, so that the orchestrator sees readiness fail throughout the shutdown.
 */
@Injectable()
export class WorkerProbeServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WorkerProbeServer');
  private server: Server | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly readiness: ReadinessService,
    private readonly metrics: MetricsService,
  ) {}

  /** The port it listens on (useful with WORKER_METRICS_PORT=0). */
  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer((request, response) => void this.answer(request, response));
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.workerMetricsPort, this.config.host, () => resolve());
    });
    this.server = server;
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'text/plain', 'method not allowed\n', { allow: 'GET, HEAD' });
      if (path === '/health/live') return send(response, 200, 'application/json', JSON.stringify({ status: 'ok' }));
      if (path === '/health/ready') {
        const readiness = await this.readiness.readiness();
        return send(response, readiness.status === 'ok' ? 200 : 503, 'application/json', JSON.stringify(readiness));
      }
      if (path === '/metrics') return send(response, 200, this.metrics.contentType, await this.metrics.text());
      return send(response, 404, 'text/plain', 'not found\n');
    } catch (error) {
      this.logger.error({ msg: 'probe request failed', path, err: { message: (error as Error).message } });
      return send(response, 500, 'text/plain', 'error\n');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function send(response: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', ...headers });
  response.end(body);
}
