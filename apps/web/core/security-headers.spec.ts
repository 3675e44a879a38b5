import fastifyHelmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import { loadWebConfig } from '../web-config';
import { registerSecurityHeaders, securityHeaderOptions } from './security-headers';

/** The headers of one GET /, with the nonces and the date taken out (they differ on every response). */
async function headersOf(app: FastifyInstance): Promise<{ headers: Record<string, unknown>; nonces: string[]; body: string }> {
  app.get('/', async (_request, reply) => reply.type('text/html').send(`${reply.cspNonce.script} ${reply.cspNonce.style}`));
  app.get('/other', async (_request, reply) => reply.type('text/html').send(`${reply.cspNonce.script} ${reply.cspNonce.style}`));
  const response = await app.inject({ method: 'GET', url: '/' });
  const other = await app.inject({ method: 'GET', url: '/other' });
  const { date: _date, ...headers } = response.headers;
  const csp = String(headers['content-security-policy']);
  const nonces = [...csp.matchAll(/'nonce-([0-9a-f]+)'/g)].map((m) => m[1]);
  headers['content-security-policy'] = csp.replace(/'nonce-[0-9a-f]+'/g, "'nonce-N'");
  expect(other.body).not.toBe(response.body);
  return { headers, nonces, body: response.body };
}

describe('the web security headers', () => {
  for (const secure of [true, false]) {
    it(`are those @fastify/helmet gave with CSP nonces, a fresh pair per response (cookies ${secure ? '' : 'not '}Secure)`, async () => {
      const config = loadWebConfig({ NODE_ENV: secure ? 'production' : 'test', WEB_COOKIE_SECURE: String(secure) });
      const before = Fastify();
      await before.register(fastifyHelmet, { enableCSPNonces: true, ...(securityHeaderOptions(config) as object) });
      const now = Fastify();
      registerSecurityHeaders(now, config);
      const [a, b] = [await headersOf(before), await headersOf(now)];
      expect(b.headers).toEqual(a.headers);
      expect(Object.keys(b.headers)).toEqual(Object.keys(a.headers));
      expect(b.headers['content-security-policy']).toContain("script-src 'self' 'nonce-N'");
      expect(b.headers['content-security-policy']).not.toContain('unsafe-inline');
      expect(b.headers['strict-transport-security'] !== undefined).toBe(secure);
      // The nonces in the header are the ones the page gets (reply.cspNonce), 128 bits each.
      expect(b.nonces).toHaveLength(2);
      expect(b.body).toBe(b.nonces.join(' '));
      expect(b.nonces[0]).toMatch(/^[0-9a-f]{32}$/);
      await Promise.all([before.close(), now.close()]);
    });
  }
});
