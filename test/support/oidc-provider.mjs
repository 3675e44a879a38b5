/* global process, URL */
// A real OpenID Connect provider (oidc-provider, the certified Node implementation) in a child process: it is
// ESM-only, so the jest tests (CommonJS) start it with `node` and talk to it over HTTP. Listens on a random port of
// 127.0.0.1 and prints one JSON line `{"issuer": ...}` on stdout when ready.
//
// Test-only routes (no part of OpenID Connect):
//   POST /test-admin/accounts  {sub: claims}            accounts the provider knows (merged)
//   POST /test-admin/tamper    {mode}                   'none', 'audience', 'expired' or 'signature': the ID token of
//                                                       the next token responses is re-signed to be wrong that way
//   GET  /interaction/:uid                              a page with one field (the account) for browsers
//   GET  /interaction/:uid/login?sub=...                the person signs in as `sub` and consents
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';
import { exportJWK, generateKeyPair, decodeJwt, SignJWT, decodeProtectedHeader } from 'jose';

const clients = JSON.parse(process.env.OIDC_CLIENTS ?? '[]');
const accounts = new Map();
let tamper = 'none';

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
const { privateKey: strangerKey } = await generateKeyPair('RS256', { extractable: true });

let provider;
const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname.startsWith('/test-admin/') && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const data = JSON.parse(body || '{}');
      if (url.pathname === '/test-admin/accounts') for (const [sub, claims] of Object.entries(data)) accounts.set(sub, claims);
      if (url.pathname === '/test-admin/tamper') tamper = data.mode;
      res.writeHead(204).end();
      return;
    }
    // The provider's own sign-in page, for the browser tests: one field (the account) and a button.
    const page = /^\/interaction\/([^/]+)$/.exec(url.pathname);
    if (page && req.method === 'GET') {
      await provider.interactionDetails(req, res);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
        `<!doctype html><html lang="en"><head><title>Test identity provider</title></head><body><main><h1>Test identity provider</h1>` +
          `<form method="get" action="/interaction/${page[1]}/login"><label for="sub">Account</label><input id="sub" name="sub"><button type="submit">Sign in</button></form></main></body></html>`,
      );
      return;
    }
    const login = /^\/interaction\/([^/]+)\/login$/.exec(url.pathname);
    if (login) {
      const details = await provider.interactionDetails(req, res);
      const sub = url.searchParams.get('sub');
      if (!accounts.has(sub)) {
        res.writeHead(400).end('unknown account');
        return;
      }
      const grant = new provider.Grant({ accountId: sub, clientId: details.params.client_id });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { login: { accountId: sub }, consent: { grantId } }, { mergeWithLastSubmission: false });
      return;
    }
    provider.callback()(req, res);
  } catch (error) {
    res.writeHead(500).end(String(error));
  }
});

await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

provider = new Provider(issuer, {
  clients,
  jwks: { keys: [jwk] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], roles: ['roles'] },
  scopes: ['openid', 'email', 'profile', 'roles', 'offline_access'],
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => true },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(_ctx, sub) {
    if (!accounts.has(sub)) return undefined;
    return { accountId: sub, claims: async () => ({ sub, ...accounts.get(sub) }) };
  },
});

// Re-signs the ID token of a token response when a test asks for a misbehaving provider.
provider.use(async (ctx, next) => {
  await next();
  if (ctx.path !== '/token' || tamper === 'none' || !ctx.body || typeof ctx.body.id_token !== 'string') return;
  const claims = decodeJwt(ctx.body.id_token);
  const header = decodeProtectedHeader(ctx.body.id_token);
  const now = Math.floor(Date.now() / 1000);
  let key = privateKey;
  if (tamper === 'audience') claims.aud = 'someone-else';
  if (tamper === 'expired') Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
  if (tamper === 'signature') key = strangerKey;
  ctx.body = { ...ctx.body, id_token: await new SignJWT(claims).setProtectedHeader({ alg: header.alg, kid: header.kid, typ: header.typ }).sign(key) };
});

process.stdout.write(`${JSON.stringify({ issuer })}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
