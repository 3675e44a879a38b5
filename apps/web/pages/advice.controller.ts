import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiClient, isUserError, must } from '../api/api-client';
import { ForRoles } from '../core/access';
import { londonToday } from '../core/dates';
import { fieldError, problemToErrors } from '../core/form-errors';
import { failForm, finishForm } from '../core/forms';
import { ADVICE_STATUS_LABELS, deadlineTag, DISCIPLINE_LABELS } from '../core/labels';
import { Views } from '../core/views';
import { uploadedFile } from '../core/uploads';
import { sendAttachment } from './cases.controller';

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
      sentFiles: advice.attachments.filter((a) => a.submissionVersion !== null),
      pendingFiles: advice.attachments.filter((a) => a.submissionVersion === null),
      ...request.session!.takeFlash(),
    });
  }

  /** A file sent with the advice, for the adviser to check what they sent. */
  @Get(':adviceRequestId/attachments/:attachmentId')
  async attachment(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('adviceRequestId', ParseUUIDPipe) id: string, @Param('attachmentId', ParseUUIDPipe) attachmentId: string) {
    return sendAttachment(this.api, request, reply, id, attachmentId);
  }

  /**
   * The advice, with an optional file (multipart/form-data; the API checks its type and size). The file goes first: the
   * API attaches pending files to the next submission, so a refused file stops the advice being sent without it.
   */
  @Post(':adviceRequestId')
  async submit(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('adviceRequestId', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    const back = `/advice/${id}`;
    const summary = typeof body.summary === 'string' ? body.summary.trim() : '';
    const upload = uploadedFile(body.file);
    const correctionReason = typeof body.correctionReason === 'string' ? body.correctionReason.trim() : '';
    // Advice sent before (and returned) is sent again as a corrected version: the API asks what changed.
    const resending = body.resending === '1';
    const values = { summary: typeof body.summary === 'string' ? body.summary : '', correctionReason };
    const errors = [
      ...(summary ? [] : [fieldError('summary', 'Enter your advice')]),
      ...(resending && correctionReason.length < 3 ? [fieldError('correctionReason', 'Enter what you changed')] : []),
      ...(upload?.truncated ? [fieldError('file', 'The selected file must be smaller than 10MB')] : []),
      ...(upload && !upload.truncated && upload.bytes.length === 0 ? [fieldError('file', 'The selected file is empty')] : []),
    ];
    if (errors.length) return failForm(request, reply, back, 'advice', errors, values);
    const api = this.api.as(request);
    if (upload) {
      const bytes = new Uint8Array(upload.bytes);
      const uploaded = await api.POST('/api/v1/advice-requests/{id}/attachments', {
        params: { path: { id }, query: { fileName: upload.fileName.slice(-255) || 'advice' } },
        headers: { 'content-type': 'application/octet-stream' },
        body: upload.fileName,
        bodySerializer: () => bytes,
      });
      if (!uploaded.response.ok) {
        if (!isUserError(uploaded.response)) must({ ...uploaded, data: undefined });
        return failForm(request, reply, back, 'advice', problemToErrors(uploaded.error, { fallbackField: 'file', fields: { fileName: 'file', file: 'file', body: 'file' } }).map((e) => ({ ...e, field: 'file', href: '#file' })).slice(0, 1), values);
      }
    }
    const result = await api.POST('/api/v1/advice-requests/{id}/submission', { params: { path: { id } }, body: { summary, needs: [], outcomes: [], provision: [], ...(resending ? { correctionReason } : {}) } });
    return finishForm(request, reply, result, { back, form: 'advice', values, notice: 'Advice sent', fallbackField: 'summary', fields: { needs: 'summary', outcomes: 'summary', provision: 'summary' } });
  }
}

