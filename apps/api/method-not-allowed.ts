import { DomainError, sendProblem, toProblem } from '@app/core';
import type { FastifyInstance } from 'fastify';

class MethodNotAllowedError extends DomainError {
  constructor(method: string, allowed: string[]) {
    super(405, 'method_not_allowed', 'Method not allowed', `This path does not take ${method}; it takes ${allowed.join(', ')} (see the Allow header).`);
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A path that exists, asked with a method it does not take, is a 405 with `Allow` (RFC 9110 15.5.6), not a 404:
 * clients and fuzzers can tell a wrong method from a wrong path. Unknown paths stay 404. The route table is collected
 * as Nest registers each route, so this must be called before the app is initialised.
 */
export function answerMethodNotAllowed(fastify: FastifyInstance): void {
  const routes: { pattern: RegExp; methods: string[] }[] = [];
  fastify.addHook('onRoute', (route) => {
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).map(String);
    const source = route.url
      .split('/')
      .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : escapeRegExp(segment)))
      .join('/');
    routes.push({ pattern: new RegExp(`^${source}$`), methods });
  });
  fastify.addHook('onRequest', async (request, reply) => {
    if (!request.is404) return;
    const path = request.url.split('?')[0];
    const allowed = [...new Set(routes.filter((route) => route.pattern.test(path)).flatMap((route) => route.methods))].sort();
    if (allowed.length === 0 || allowed.includes(request.method)) return;
    void reply.header('allow', allowed.join(', '));
    sendProblem(reply, toProblem(new MethodNotAllowedError(request.method, allowed), String(request.id), path));
    return reply;
  });
}
