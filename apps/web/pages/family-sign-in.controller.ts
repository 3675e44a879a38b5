import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiClient, must } from '../api/api-client';
import { PublicPage } from '../core/access';
import { fieldError, FieldError } from '../core/form-errors';
import { FAMILY_ROLE } from '../core/navigation';
import { redirect, Views } from '../core/views';
import { setSessionCookie } from '../session/session.hooks';
import { SessionStore } from '../session/session.store';
import { WEB_CONFIG, WebConfig } from '../web-config';

type Form = Record<string, string | undefined>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TOO_MANY = 'You have tried to sign in too many times. Wait 15 minutes, then try again';
const CODE_TITLE = 'Check your email';

/**
 * Signing in for families (parents, young people, representatives): no password. They give their email address, we
 * email a 6-digit code and a link (the API does, whatever the address: the page never says whether it is known), they
 * type the code or follow the link. The API's token is kept in the server-side session as a staff member's is.
 */
@Controller('family/sign-in')
@PublicPage()
export class FamilySignInController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
    private readonly sessions: SessionStore,
    @Inject(WEB_CONFIG) private readonly config: WebConfig,
  ) {}

  /** The email page; with the emailed link's `?token=`, a page with one button that signs in (a GET never spends it). */
  @Get()
  page(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query() query: Form) {
    const token = String(query.token ?? '');
    if (token) {
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return this.emailPage(reply, { errors: [fieldError('email', 'This sign-in link is not complete. Enter your email address to get a new code')] }, 400);
      return this.views.render(reply, 'family/sign-in-link.njk', { pageTitle: 'Continue to sign in', token });
    }
    if (request.session?.person.role === FAMILY_ROLE) return redirect(reply, '/family');
    return this.emailPage(reply, { ended: query.ended === '1', signedOut: query.signedOut === '1' });
  }

  @Post()
  async requestCode(@Res() reply: FastifyReply, @Body() body: Form) {
    const email = String(body?.email ?? '').trim();
    if (!email) return this.emailPage(reply, { errors: [fieldError('email', 'Enter your email address')], values: { email } });
    if (email.length > 320 || !EMAIL.test(email)) return this.emailPage(reply, { errors: [fieldError('email', 'Enter an email address in the correct format, like name@example.com')], values: { email } });
    const result = await this.api.anonymous().POST('/api/v1/family/sign-in', { body: { email } });
    if (result.response.status === 429) return this.emailPage(reply, { errors: [fieldError('email', TOO_MANY)], values: { email } });
    if (result.response.status === 400) return this.emailPage(reply, { errors: [fieldError('email', 'Enter an email address in the correct format, like name@example.com')], values: { email } });
    must(result);
    // The same page whether or not the address has access: nothing here tells anyone who uses the service.
    return this.views.render(reply, 'family/sign-in-code.njk', { pageTitle: CODE_TITLE, email });
  }

  @Post('code')
  async code(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: Form) {
    const email = String(body?.email ?? '').trim();
    const code = String(body?.code ?? '').replace(/\s/g, '');
    if (!email) return redirect(reply, '/family/sign-in');
    let error: FieldError;
    if (!code) error = fieldError('code', 'Enter the 6-digit code from the email');
    else if (!/^\d{6}$/.test(code)) error = fieldError('code', 'The code must be 6 numbers, like 123456');
    else {
      const result = await this.api.anonymous().POST('/api/v1/family/sign-in/verify', { body: { email, code } });
      if (result.data) return this.startSession(request, reply, result.data.accessToken);
      if (result.response.status === 429) error = fieldError('code', TOO_MANY);
      else if (result.response.status === 401 || result.response.status === 400)
        error = fieldError('code', 'The code is not right, has run out or was already used. Check the newest email we sent you. After 5 wrong tries a code stops working: then ask for a new one');
      else return must(result);
    }
    return this.views.render(reply, 'family/sign-in-code.njk', { pageTitle: CODE_TITLE, email, errors: [error] });
  }

  @Post('link')
  async link(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: Form) {
    const token = String(body?.token ?? '');
    if (/^[A-Za-z0-9_-]{20,100}$/.test(token)) {
      const result = await this.api.anonymous().POST('/api/v1/family/sign-in/verify', { body: { token } });
      if (result.data) return this.startSession(request, reply, result.data.accessToken);
      if (result.response.status === 429) return this.emailPage(reply, { errors: [fieldError('email', TOO_MANY)] });
      if (![400, 401].includes(result.response.status)) return must(result);
    }
    return this.emailPage(reply, { errors: [fieldError('email', 'This sign-in link has run out or was already used. Enter your email address to get a new code')] });
  }

  private emailPage(reply: FastifyReply, context: Record<string, unknown>, status = 200) {
    return this.views.render(reply, 'family/sign-in.njk', { pageTitle: 'Sign in to follow your child’s EHC plan', ...context }, status);
  }

  private async startSession(request: FastifyRequest, reply: FastifyReply, accessToken: string) {
    // A family token answers /family/me (never /auth/me, which is staff only).
    const me = must(await this.api.withToken(accessToken).GET('/api/v1/family/me'));
    if (request.session) await this.sessions.destroy(request.session.id);
    const person = { id: me.id, email: me.email, displayName: me.name, role: FAMILY_ROLE, discipline: null, localAuthorityName: '' };
    request.session = await this.sessions.create(person, accessToken, Date.now());
    setSessionCookie(reply, this.config, request.session);
    return redirect(reply, '/family');
  }
}
