import { Controller, Get, Inject, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiClient, must } from '../api/api-client';
import { redirect, Views } from '../core/views';
import { clearSessionCookie } from '../session/session.hooks';
import { SessionStore } from '../session/session.store';
import { WEB_CONFIG, WebConfig } from '../web-config';

const LONDON = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true });

/** "Your sessions": where the person is signed in, with a button to end each (any signed-in person). */
@Controller('sessions')
export class SessionsController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
    private readonly store: SessionStore,
    @Inject(WEB_CONFIG) private readonly config: WebConfig,
  ) {}

  @Get()
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const sessions = must(await this.api.as(request).GET('/api/v1/auth/sessions')).items.map((s) => ({
      ...s,
      createdAtText: LONDON.format(new Date(s.createdAt)),
      lastUsedAtText: LONDON.format(new Date(s.lastUsedAt)),
    }));
    return this.views.render(reply, 'sessions/list.njk', { pageTitle: 'Your sessions', sessions, ...request.session!.takeFlash() });
  }

  @Post(':id/end')
  async end(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id', ParseUUIDPipe) id: string) {
    const current = must(await this.api.as(request).GET('/api/v1/auth/sessions')).items.find((s) => s.current)?.id;
    const result = await this.api.as(request).DELETE('/api/v1/auth/sessions/{id}', { params: { path: { id } } });
    if (result.response.status !== 204) must(result);
    if (id === current) {
      // This browser's own session: signed out here.
      const session = request.session!;
      request.session = undefined;
      await this.store.destroy(session.id);
      clearSessionCookie(reply, this.config);
      return redirect(reply, '/sign-in');
    }
    request.session!.setFlash({ notice: 'Session ended' });
    return redirect(reply, '/sessions');
  }
}
