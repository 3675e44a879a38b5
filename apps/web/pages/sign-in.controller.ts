import { createHash, randomBytes } from 'node:crypto';
import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import * as QRCode from 'qrcode';
import { ApiClient, must } from '../api/api-client';
import { PublicPage } from '../core/access';
import { fieldError, FieldError } from '../core/form-errors';
import { FAMILY_ROLE, ROLE_HOME } from '../core/navigation';
import { redirect, Views } from '../core/views';
import { clearSessionCookie, setSessionCookie } from '../session/session.hooks';
import { SessionStore } from '../session/session.store';
import { WEB_CONFIG, WebConfig } from '../web-config';

interface SignInForm {
  email?: string;
  password?: string;
  mfaToken?: string;
  code?: string;
}

interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** What the web keeps for an OpenID Connect sign-in between the redirect to the provider and its return. */
interface PendingOidc {
  providerId: string;
  nonce: string;
  codeVerifier: string;
}

const OIDC_COOKIE = 'ehcp-oidc-state';
const OIDC_TTL_SECONDS = 600;

/**
 * Sign in (web-contract.md): email and password, then a code where the account has a second factor, or setting one up
 * where the LA requires it; or through the LA's identity provider (OpenID Connect). `/` to the person's home; sign out.
 */
@Controller()
export class SignInController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
    private readonly sessions: SessionStore,
    @Inject(WEB_CONFIG) private readonly config: WebConfig,
  ) {}

  @Get()
  home(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return redirect(reply, ROLE_HOME[request.session?.person.role ?? ''] ?? '/sign-in');
  }

  @Get('sign-in')
  @PublicPage()
  async signInPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('ended') ended?: string) {
    if (request.session) return redirect(reply, '/');
    return this.renderSignIn(reply, { ended: ended === '1' });
  }

  @Post('sign-in')
  @PublicPage()
  async signIn(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: SignInForm) {
    const email = String(body?.email ?? '').trim();
    const password = String(body?.password ?? '');
    const errors: FieldError[] = [];
    if (!email) errors.push(fieldError('email', 'Enter your email address'));
    if (!password) errors.push(fieldError('password', 'Enter your password'));
    if (errors.length === 0) {
      const api = this.api.anonymous();
      const login = await api.POST('/api/v1/auth/login', { body: { email, password } });
      if (login.data?.accessToken && login.data.refreshToken) return this.startSession(request, reply, login.data as Tokens);
      // The password was right; a second step remains. The mfaToken (10 minutes, good only for that step) rides in the form.
      if (login.data?.mfaRequired && login.data.mfaToken) return this.views.render(reply, 'sign-in/code.njk', { pageTitle: 'Enter the code from your authenticator app', mfaToken: login.data.mfaToken });
      if (login.data?.mfaEnrolmentRequired && login.data.mfaToken) return this.renderEnrolment(reply, login.data.mfaToken);
      const status = login.response.status;
      if (status === 429) errors.push(fieldError('email', 'There have been too many attempts to sign in. Wait 15 minutes, then try again'));
      else if (status === 401 || status === 400) errors.push(fieldError('email', 'Enter a correct email address and password'));
      else must(login);
    }
    // Only the email is kept: a password is never written back into a page.
    return this.renderSignIn(reply, { errors, values: { email } });
  }

  @Post('sign-in/code')
  @PublicPage()
  async code(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: SignInForm) {
    const mfaToken = String(body?.mfaToken ?? '');
    const code = String(body?.code ?? '').trim();
    if (!mfaToken) return redirect(reply, '/sign-in');
    if (code) {
      const result = await this.api.anonymous().POST('/api/v1/auth/login/mfa', { body: { mfaToken, code } });
      if (result.data) return this.startSession(request, reply, result.data);
      if (![400, 401, 429].includes(result.response.status)) must(result);
    }
    const errors = [fieldError('code', code ? 'The code is not right or was already used: enter the current code from your app, or a recovery code' : 'Enter the code from your authenticator app')];
    return this.views.render(reply, 'sign-in/code.njk', { pageTitle: 'Enter the code from your authenticator app', mfaToken, errors }, 200);
  }

  @Post('sign-in/enrol')
  @PublicPage()
  async confirmEnrolment(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: SignInForm & { secret?: string; otpauthUrl?: string }) {
    const mfaToken = String(body?.mfaToken ?? '');
    const code = String(body?.code ?? '').trim();
    if (!mfaToken) return redirect(reply, '/sign-in');
    if (/^\d{6}$/.test(code)) {
      const result = await this.api.withTokenAnonymous(mfaToken).POST('/api/v1/auth/totp/confirm', { body: { code } });
      if (result.data?.accessToken && result.data.refreshToken) {
        await this.createSession(request, reply, result.data as Tokens);
        return this.views.render(reply, 'sign-in/recovery-codes.njk', { pageTitle: 'Save your recovery codes', recoveryCodes: result.data.recoveryCodes });
      }
      if (![400, 401, 409].includes(result.response.status)) must(result);
    }
    return this.renderEnrolment(reply, mfaToken, [fieldError('code', 'Enter the 6-digit code your authenticator app shows now')], { secret: String(body?.secret ?? ''), otpauthUrl: String(body?.otpauthUrl ?? '') });
  }

  @Get('sign-in/oidc/callback')
  @PublicPage()
  async oidcCallback(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query() query: Record<string, string>) {
    const state = String(query.state ?? '');
    const cookieState = request.cookies?.[OIDC_COOKIE];
    void reply.clearCookie(OIDC_COOKIE, { path: '/sign-in/oidc' });
    const key = `${this.config.sessionPrefix}oidc:${state}`;
    const raw = /^[A-Za-z0-9_-]{32}$/.test(state) ? await this.sessions.redis.getdel(key) : null;
    // The state must be the one this browser was given (its cookie), and not yet used.
    if (!raw || cookieState !== state) return this.renderSignIn(reply, { errors: [fieldError('email', 'Signing in with your organisation took too long or was not started here. Try again')] }, 400);
    const pending = JSON.parse(raw) as PendingOidc;
    if (query.error || !query.code) return this.renderSignIn(reply, { errors: [fieldError('email', 'Your organisation did not sign you in. Try again, or sign in with your email and password')] }, 400);
    const result = await this.api.anonymous().POST('/api/v1/auth/oidc/{providerId}/callback', {
      params: { path: { providerId: pending.providerId } },
      body: { code: String(query.code), state, nonce: pending.nonce, codeVerifier: pending.codeVerifier, redirectUri: this.redirectUri(), ...(query.iss ? { iss: String(query.iss) } : {}) },
    });
    if (result.data) return this.startSession(request, reply, result.data);
    const detail = (result.error as { code?: string } | undefined)?.code === 'oidc_no_account' ? 'You signed in with your organisation, but there is no account for you here. Ask your administrator' : 'Your organisation\'s sign-in could not be checked. Try again';
    return this.renderSignIn(reply, { errors: [fieldError('email', detail)] }, 401);
  }

  @Get('sign-in/oidc/:providerId')
  @PublicPage()
  async oidcStart(@Res() reply: FastifyReply, @Param('providerId', ParseUUIDPipe) providerId: string) {
    const state = randomBytes(24).toString('base64url');
    const pending: PendingOidc = { providerId, nonce: randomBytes(24).toString('base64url'), codeVerifier: randomBytes(32).toString('base64url') };
    const codeChallenge = createHash('sha256').update(pending.codeVerifier).digest('base64url');
    const result = await this.api.anonymous().POST('/api/v1/auth/oidc/{providerId}/authorize-url', { params: { path: { providerId } }, body: { redirectUri: this.redirectUri(), state, nonce: pending.nonce, codeChallenge } });
    if (!result.data) {
      if (result.response.status === 404) must(result);
      return this.renderSignIn(reply, { errors: [fieldError('email', 'Your organisation\'s sign-in is not available at the moment. Try again later, or sign in with your email and password')] }, 503);
    }
    // State, nonce and verifier stay on the server (Redis, 10 minutes, used once); the browser keeps only the state in
    // a cookie that ties the return to this browser.
    await this.sessions.redis.set(`${this.config.sessionPrefix}oidc:${state}`, JSON.stringify(pending), 'EX', OIDC_TTL_SECONDS);
    void reply.setCookie(OIDC_COOKIE, state, { path: '/sign-in/oidc', httpOnly: true, sameSite: 'lax', secure: this.config.cookieSecure, maxAge: OIDC_TTL_SECONDS });
    return redirect(reply, result.data.url);
  }

  @Post('sign-out')
  @PublicPage()
  async signOut(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const session = request.session;
    const family = session?.person.role === FAMILY_ROLE;
    if (session) {
      request.session = undefined;
      await this.sessions.destroy(session.id);
      // Ends the API side too: the token (and the person's other tokens) stop working. A family member's session
      // ends through the family API (their token opens nothing else).
      const api = this.api.withToken(session.data.apiToken);
      await (family ? api.POST('/api/v1/family/sign-out') : api.POST('/api/v1/auth/logout')).catch(() => undefined);
    }
    clearSessionCookie(reply, this.config);
    return redirect(reply, family ? '/family/sign-in?signedOut=1' : '/sign-in');
  }

  private redirectUri(): string {
    return `${this.config.publicUrl.replace(/\/$/, '')}/sign-in/oidc/callback`;
  }

  private async renderSignIn(reply: FastifyReply, context: Record<string, unknown>, status = 200) {
    // The form shows even when the API does not answer (the post then gets the "unavailable" page), without providers.
    const options = await this.api
      .anonymous()
      .GET('/api/v1/auth/oidc/providers')
      .catch(() => undefined);
    return this.views.render(reply, 'sign-in.njk', { pageTitle: 'Sign in', providers: options?.data?.items ?? [], ...context }, status);
  }

  private async renderEnrolment(reply: FastifyReply, mfaToken: string, errors: FieldError[] = [], shown?: { secret: string; otpauthUrl: string }) {
    // After a wrong code, the same secret again (the person's app holds it already); the QR code is drawn here.
    let enrolment = shown && /^[A-Z2-7]{16,64}$/.test(shown.secret) && shown.otpauthUrl.startsWith('otpauth://totp/') ? shown : undefined;
    if (!enrolment) {
      const started = await this.api.withTokenAnonymous(mfaToken).POST('/api/v1/auth/totp/enrol');
      if (!started.data) return redirect(reply, '/sign-in?ended=1');
      enrolment = { secret: started.data.secret, otpauthUrl: started.data.otpauthUrl };
    }
    const qr = await QRCode.toDataURL(enrolment.otpauthUrl, { errorCorrectionLevel: 'M', margin: 2 });
    return this.views.render(reply, 'sign-in/enrol.njk', { pageTitle: 'Set up your authenticator app', mfaToken, secret: enrolment.secret, otpauthUrl: enrolment.otpauthUrl, qr, errors }, 200);
  }

  private async startSession(request: FastifyRequest, reply: FastifyReply, tokens: Tokens) {
    await this.createSession(request, reply, tokens);
    return redirect(reply, '/');
  }

  /** The web session for tokens the API issued (a reply is thenable: never return it from here, it would be awaited). */
  private async createSession(request: FastifyRequest, reply: FastifyReply, tokens: Tokens): Promise<void> {
    const me = must(await this.api.withToken(tokens.accessToken).GET('/api/v1/auth/me'));
    // A new session (and id) at every sign-in, so an id planted before it is worthless.
    if (request.session) await this.sessions.destroy(request.session.id);
    const person = { id: me.id, email: me.email, displayName: me.displayName, role: me.role, discipline: me.discipline ?? null, localAuthorityName: me.localAuthorityName };
    request.session = await this.sessions.create(person, tokens.accessToken, Date.now(), { refreshToken: tokens.refreshToken, expiresIn: tokens.expiresIn });
    setSessionCookie(reply, this.config, request.session);
  }
}
