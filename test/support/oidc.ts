import { ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface OidcTestClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
  token_endpoint_auth_method?: string;
}

export interface RunningProvider {
  issuer: string;
  addAccounts(accounts: Record<string, Record<string, unknown>>): Promise<void>;
  /** Makes the provider re-sign its next ID tokens wrongly ('none' to behave again). */
  tamper(mode: 'none' | 'audience' | 'expired' | 'signature'): Promise<void>;
  /**
   * What a browser does at the provider: follows the authorisation URL, signs in as `sub` and consents, and answers
   * the parameters of the redirect back to the client (code, state, iss).
   */
  signIn(authorizeUrl: string, sub: string): Promise<URLSearchParams>;
  stop(): Promise<void>;
}

/** The real oidc-provider in a child process (it is ESM-only), on a random port of 127.0.0.1. */
export async function startOidcProvider(clients: OidcTestClient[]): Promise<RunningProvider> {
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, 'oidc-provider.mjs')], { env: { ...process.env, OIDC_CLIENTS: JSON.stringify(clients), NODE_ENV: 'test' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const issuer = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve((JSON.parse(line) as { issuer: string }).issuer));
    child.once('exit', (code) => reject(new Error(`oidc-provider exited (${code}): ${stderr}`)));
    setTimeout(() => reject(new Error(`oidc-provider did not start: ${stderr}`)), 20_000).unref();
  });
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${issuer}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    if (response.status !== 204) throw new Error(`${path}: ${response.status}`);
  };
  return {
    issuer,
    addAccounts: (accounts) => post('/test-admin/accounts', accounts),
    tamper: (mode) => post('/test-admin/tamper', { mode }),
    async signIn(authorizeUrl, sub) {
      const cookies = new Map<string, string>();
      const visit = async (url: string): Promise<string> => {
        const response = await fetch(url, { redirect: 'manual', headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
        for (const header of response.headers.getSetCookie()) {
          const [pair] = header.split(';');
          const at = pair.indexOf('=');
          cookies.set(pair.slice(0, at), pair.slice(at + 1));
        }
        const location = response.headers.get('location');
        if (!location || response.status < 300 || response.status >= 400) throw new Error(`expected a redirect from ${url}, got ${response.status}: ${(await response.text()).slice(0, 300)}`);
        return new URL(location, url).toString();
      };
      const interaction = await visit(authorizeUrl);
      const resume = await visit(`${interaction}/login?sub=${encodeURIComponent(sub)}`);
      let back = await visit(resume);
      // Some versions pass through one more resume step before returning to the client.
      if (back.startsWith(issuer)) back = await visit(back);
      return new URL(back).searchParams;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** What the web keeps in its session for one sign-in: state, nonce and the PKCE verifier (and its S256 challenge). */
export function pkceAndState(): { state: string; nonce: string; codeVerifier: string; codeChallenge: string } {
  const codeVerifier = randomBytes(32).toString('base64url');
  return { state: randomBytes(24).toString('base64url'), nonce: randomBytes(24).toString('base64url'), codeVerifier, codeChallenge: createHash('sha256').update(codeVerifier).digest('base64url') };
}
