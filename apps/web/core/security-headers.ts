import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { WebConfig } from '../web-config';

declare module 'fastify' {
  interface FastifyReply {
    /** This response's CSP nonces: the layout puts `script` on its one inline script. */
    cspNonce: { script: string; style: string };
  }
}

/** Where the response's nonces ride on the raw response, for the CSP directives that read them. */
const NONCES = Symbol('ehcp-web-csp-nonces');
type WithNonces = ServerResponse & { [NONCES]?: { script: string; style: string } };

/**
 * The web's security headers (helmet's defaults and these): a CSP without 'unsafe-inline' whose script-src and
 * style-src carry a nonce new for every response, HSTS and upgrade-insecure-requests when cookies are Secure, a
 * same-origin referrer policy. `nonces` gives the two nonce sources (helmet calls them per response).
 */
export function securityHeaderOptions(config: WebConfig, nonces?: { script: (res: ServerResponse) => string; style: (res: ServerResponse) => string }): HelmetOptions {
  const nonce = (of: (res: ServerResponse) => string) => (_req: IncomingMessage, res: ServerResponse) => `'nonce-${of(res)}'`;
  return {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: [`'self'`],
        scriptSrc: nonces ? [`'self'`, nonce(nonces.script)] : [`'self'`],
        styleSrc: nonces ? [`'self'`, nonce(nonces.style)] : [`'self'`],
        imgSrc: [`'self'`, 'data:'],
        fontSrc: [`'self'`],
        connectSrc: [`'self'`],
        formAction: [`'self'`],
        frameAncestors: [`'none'`],
        baseUri: [`'none'`],
        objectSrc: [`'none'`],
        upgradeInsecureRequests: config.cookieSecure ? [] : null,
      },
    },
    strictTransportSecurity: config.cookieSecure ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
  };
}

/**
 * Sets the security headers on every response, with fresh CSP nonces (`reply.cspNonce`), as @fastify/helmet with
 * `enableCSPNonces` did, and the same headers. The difference: helmet's middleware is built once, with the nonces as
 * directive functions (helmet's own way to vary a directive per response); @fastify/helmet built and validated the
 * whole helmet configuration again for every request (5% of a caseload page's CPU in the web, docs/benchmarks.md).
 */
export function registerSecurityHeaders(fastify: FastifyInstance, config: WebConfig): void {
  const headers = helmet(securityHeaderOptions(config, { script: (res) => (res as WithNonces)[NONCES]!.script, style: (res) => (res as WithNonces)[NONCES]!.style }));
  fastify.decorateReply('cspNonce', null as unknown as FastifyReply['cspNonce']);
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
    const nonces = { script: randomBytes(16).toString('hex'), style: randomBytes(16).toString('hex') };
    reply.cspNonce = nonces;
    (reply.raw as WithNonces)[NONCES] = nonces;
    headers(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
}
