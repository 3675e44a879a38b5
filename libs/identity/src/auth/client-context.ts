import type { FastifyRequest } from 'fastify';
import { ClientContext } from './sessions.service';

/** Where a request comes from, for the sessions list (the address as trustProxy resolves it). */
export function clientContextOf(request: FastifyRequest): ClientContext {
  const agent = request.headers['user-agent'];
  return { userAgent: typeof agent === 'string' && agent !== '' ? agent.slice(0, 300) : null, address: request.ip ?? null, requestId: String(request.id) };
}
