import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CookieSerializeOptions } from '@fastify/cookie';
import { WebConfig } from '../web-config';
import { SessionStore, WebSession } from './session.store';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in person's session, when there is one (loaded by the session hook). */
    session?: WebSession;
  }
}

/**
 * The session cookie's name: `__Host-` (Secure, Path=/, no Domain: only this exact origin can set or read it) when
 * cookies are Secure; browsers refuse `__Host-` without Secure, so plain-http local development uses the bare name.
 */
export function sessionCookieName(config: WebConfig): string {
  return config.cookieSecure ? '__Host-ehcp-session' : 'ehcp-session';
}

export function cookieOptions(config: WebConfig): CookieSerializeOptions {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure: config.cookieSecure };
}

/**
 * Loads the session named by the cookie before routing (which pushes back its expiry). A session whose data changed
 * (a flash set or taken, a new API token) is written back before the answer goes out, so the page the browser is sent
 * to next reads it; one that did not change costs no second command (most pages are reads).
 */
export function registerSessionHooks(fastify: FastifyInstance, store: SessionStore, config: WebConfig): void {
  const name = sessionCookieName(config);
  fastify.addHook('onRequest', async (request: FastifyRequest) => {
    if (request.url.startsWith('/assets/') || request.url.startsWith('/govuk/') || request.url.startsWith('/static/')) return;
    const id = request.cookies[name];
    if (id) request.session = await store.load(id);
  });
  fastify.addHook('onSend', async (request: FastifyRequest) => {
    // Reading the session pushed its expiry back already (SessionStore.load): only a change is written.
    if (request.session?.dirty) await store.save(request.session);
  });
}

export function setSessionCookie(reply: FastifyReply, config: WebConfig, session: WebSession): void {
  void reply.setCookie(sessionCookieName(config), session.id, cookieOptions(config));
}

export function clearSessionCookie(reply: FastifyReply, config: WebConfig): void {
  void reply.clearCookie(sessionCookieName(config), cookieOptions(config));
}
