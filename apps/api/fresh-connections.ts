import type { FastifyInstance } from 'fastify';
import type { Socket } from 'node:net';

/** Longest the close waits for connections that were accepted but have not yet sent their first request. */
const SETTLE_MAX_MS = 2000;

/**
 * Closing the HTTP server destroys every connection without a request in progress (Node's closeIdleConnections). A
 * connection accepted a moment before, whose request the busy process has not read yet, would be reset with its
 * request unanswered. So before the server closes, this waits (up to 2 s) until every open connection has sent a
 * request: those are then in flight, and answered before the process exits. Keep-alive connections that already
 * had an answer are not waited for: while draining, each answer closes its connection.
 */
export function settleFreshConnectionsBeforeClose(fastify: FastifyInstance): void {
  const fresh = new Set<Socket>();
  fastify.server.on('connection', (socket: Socket) => {
    fresh.add(socket);
    socket.once('close', () => fresh.delete(socket));
  });
  fastify.addHook('onRequest', async (request) => {
    fresh.delete(request.raw.socket);
  });
  fastify.addHook('preClose', async () => {
    const deadline = Date.now() + SETTLE_MAX_MS;
    // Two turns of the event loop first: connections the kernel has queued are accepted and their bytes read.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    while ([...fresh].some((socket) => !socket.destroyed) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  });
}
