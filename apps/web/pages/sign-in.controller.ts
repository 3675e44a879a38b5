import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiClient, must } from '../api/api-client';
import { PublicPage } from '../core/access';
import { fieldError, FieldError } from '../core/form-errors';
import { ROLE_HOME } from '../core/navigation';
import { redirect, Views } from '../core/views';
import { clearSessionCookie, setSessionCookie } from '../session/session.hooks';
import { SessionStore } from '../session/session.store';
import { WEB_CONFIG, WebConfig } from '../web-config';

interface SignInForm {
  email?: string;
  password?: string;
}

/** Sign in with email and password (web-contract.md), `/` to the person's home, sign out. */
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
  signInPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('ended') ended?: string) {
    if (request.session) return redirect(reply, '/');
    return this.views.render(reply, 'sign-in.njk', { pageTitle: 'Sign in', ended: ended === '1' });
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
      if (login.data) {
        const token = login.data.accessToken;
        const me = must(await this.api.withToken(token).GET('/api/v1/auth/me'));
        // A new session (and id) at every sign-in, so an id planted before it is worthless.
        if (request.session) await this.sessions.destroy(request.session.id);
        const person = { id: me.id, email: me.email, displayName: me.displayName, role: me.role, discipline: me.discipline ?? null, localAuthorityName: me.localAuthorityName };
        request.session = await this.sessions.create(person, token);
        setSessionCookie(reply, this.config, request.session);
        return redirect(reply, '/');
      }
      const status = login.response.status;
      if (status === 429) errors.push(fieldError('email', 'There have been too many attempts to sign in. Wait 15 minutes, then try again'));
      else if (status === 401 || status === 400) errors.push(fieldError('email', 'Enter a correct email address and password'));
      else must(login);
    }
    // Only the email is kept: a password is never written back into a page.
    return this.views.render(reply, 'sign-in.njk', { pageTitle: 'Sign in', errors, values: { email } }, 200);
  }

  @Post('sign-out')
  @PublicPage()
  async signOut(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const session = request.session;
    if (session) {
      request.session = undefined;
      await this.sessions.destroy(session.id);
      // Ends the API side too: the token (and the person's other tokens) stop working.
      await this.api
        .withToken(session.data.apiToken)
        .POST('/api/v1/auth/logout')
        .catch(() => undefined);
    }
    clearSessionCookie(reply, this.config);
    return redirect(reply, '/sign-in');
  }
}
