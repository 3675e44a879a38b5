import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiClient, must } from '../api/api-client';
import { ForRoles } from '../core/access';
import { londonToday } from '../core/dates';
import { fieldError } from '../core/form-errors';
import { failForm, finishForm } from '../core/forms';
import { ADVICE_STATUS_LABELS, deadlineTag, DISCIPLINE_LABELS } from '../core/labels';
import { Views } from '../core/views';

/** A professional's advice requests: the list, one request with the child and the question, the advice form. */
@Controller('advice')
@ForRoles('professional')
export class AdviceController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
  ) {}

  @Get()
  async inbox(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const page = must(await this.api.as(request).GET('/api/v1/advice-requests', { params: { query: { limit: 100 } } }));
    const today = londonToday();
    const rows = page.items.map((a) => ({
      ...a,
      childName: a.child ? `${a.child.givenName} ${a.child.familyName}` : 'Child',
      disciplineLabel: DISCIPLINE_LABELS[a.discipline] ?? a.discipline,
      statusLabel: ADVICE_STATUS_LABELS[a.status] ?? a.status,
      tag: a.status === 'requested' && a.dueOn ? deadlineTag({ status: a.deadlineStatus, dueOn: a.dueOn }, today) : null,
    }));
    return this.views.render(reply, 'advice/inbox.njk', { pageTitle: 'Advice requested from you', rows, ...request.session!.takeFlash() });
  }

  @Get(':adviceRequestId')
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('adviceRequestId', ParseUUIDPipe) id: string) {
    const advice = must(await this.api.as(request).GET('/api/v1/advice-requests/{id}', { params: { path: { id } } }));
    const childName = advice.child ? `${advice.child.givenName} ${advice.child.familyName}` : 'the child';
    return this.views.render(reply, 'advice/request.njk', {
      pageTitle: `Advice about ${childName}`,
      advice,
      childName,
      disciplineLabel: DISCIPLINE_LABELS[advice.discipline] ?? advice.discipline,
      statusLabel: ADVICE_STATUS_LABELS[advice.status] ?? advice.status,
      canSubmit: advice.status === 'requested' || advice.status === 'returned',
      ...request.session!.takeFlash(),
    });
  }

  @Post(':adviceRequestId')
  async submit(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('adviceRequestId', ParseUUIDPipe) id: string, @Body() body: Record<string, string | undefined>) {
    const back = `/advice/${id}`;
    const summary = body.summary?.trim() ?? '';
    if (!summary) return failForm(request, reply, back, 'advice', [fieldError('summary', 'Enter your advice')], body);
    const result = await this.api.as(request).POST('/api/v1/advice-requests/{id}/submission', { params: { path: { id } }, body: { summary, needs: [], outcomes: [], provision: [] } });
    return finishForm(request, reply, result, { back, form: 'advice', values: body, notice: 'Advice sent', fallbackField: 'summary', fields: { needs: 'summary', outcomes: 'summary', provision: 'summary' } });
  }
}
