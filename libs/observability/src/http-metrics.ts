import type { FastifyInstance } from 'fastify';
import { MetricsService } from './metrics.service';

/**
 * Counts and times every answered request by route template (`/api/v1/assessments/:id`; `unmatched` for a URL no
 * route has, so that probing random paths cannot create series), method and status.
 */
export function registerHttpMetrics(fastify: FastifyInstance, metrics: MetricsService): void {
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    metrics.observeHttp(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
}
