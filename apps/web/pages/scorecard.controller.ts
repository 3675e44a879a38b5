import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiClient, isUserError, must } from '../api/api-client';
import { ForRoles } from '../core/access';
import { londonToday, readDateInput } from '../core/dates';
import { failForm, finishForm } from '../core/forms';
import { fieldError, FieldError } from '../core/form-errors';
import { Views } from '../core/views';
import type { paths } from '../api/openapi';

type Scorecard = paths['/api/v1/reports/scorecard']['get']['responses']['200']['content']['application/json'];
type Commentary = paths['/api/v1/reports/scorecard/commentary']['get']['responses']['200']['content']['application/json'][number];
type BoardPack = paths['/api/v1/reports/board-packs']['get']['responses']['200']['content']['application/json'][number];
type Form = Record<string, string>;
/** A measure's key as the API names them (an unknown one is the API's 404 or 400). */
type MeasureKey = paths['/api/v1/reports/scorecard/targets/{measure}']['put']['parameters']['path']['measure'];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MEASURE = /^[a-z0-9_]{1,48}$/;
const PERCENT = /^\d{1,3}(\.\d)?$/;

/** What each status says in words (the tag's colour is never the only sign). */
export const RAG_TEXT: Record<string, string> = { red: 'Red', amber: 'Amber', green: 'Green', no_target: 'No target set', no_data: 'No figure' };
export const RAG_TAG: Record<string, string> = { red: 'govuk-tag--red', amber: 'govuk-tag--yellow', green: 'govuk-tag--green', no_target: 'govuk-tag--grey', no_data: 'govuk-tag--grey' };
export const TREND_TEXT: Record<string, string> = { improving: 'Improving', worsening: 'Worsening', unchanged: 'No change', no_data: 'No comparison' };

/**
 * The LA's scorecard for managers (docs/web.md, "Scorecard"; issue 27): each measure red, amber or green against the
 * LA's target and amber threshold, with its trend against the previous period of the same length; the targets set
 * here; a red measure asks for the owner's commentary (who, what, by when), kept with its history. All through the
 * API (`/reports/scorecard`); plain forms, so it works without JavaScript.
 */
@Controller('scorecard')
@ForRoles('manager')
export class ScorecardController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
  ) {}

  @Get()
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query() raw: Record<string, string>) {
    const flash = request.session!.takeFlash();
    const { period, errors } = readPeriod(raw);
    const api = this.api.as(request);
    let result = await api.GET('/api/v1/reports/scorecard', { params: { query: period } });
    if (result.error !== undefined) {
      if (!isUserError(result.response)) must(result);
      errors.push(fieldError('from', 'Check the period: the scorecard below is for the 12 months to today'));
      result = await api.GET('/api/v1/reports/scorecard', { params: { query: defaultPeriod() } });
    }
    const card = must(result) as Scorecard;
    const [historyResult, packsResult] = await Promise.all([api.GET('/api/v1/reports/scorecard/commentary', {}), api.GET('/api/v1/reports/board-packs', {})]);
    const history = must(historyResult) as Commentary[];
    const packs = must(packsResult) as BoardPack[];
    const byMeasure: Record<string, Commentary[]> = {};
    for (const c of history) (byMeasure[c.measure] ??= []).push(c);
    const labels = Object.fromEntries(card.measures.map((m) => [m.measure, m.label]));
    return this.views.render(reply, 'scorecard/index.njk', {
      pageTitle: 'Scorecard',
      card,
      history: byMeasure,
      labels,
      packs,
      ragText: RAG_TEXT,
      ragTag: RAG_TAG,
      trendText: TREND_TEXT,
      red: card.measures.filter((m) => m.rag === 'red'),
      period: { from: card.from, to: card.to },
      query: new URLSearchParams({ from: card.from, to: card.to }).toString(),
      ...flash,
      // The filter's own errors join any a post left behind; what was typed stays in the boxes.
      errors: [...((flash.errors as FieldError[] | undefined) ?? []), ...errors],
      values: { from: raw.from ?? card.from, to: raw.to ?? card.to, ...((flash.values as Form | undefined) ?? {}) },
    });
  }

  /** Asks the API for the board pack of the period shown (rendered by the worker); the list below the form shows it. */
  @Post('board-packs')
  async requestBoardPack(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: Form) {
    const back = backTo(body);
    const from = String(body.from ?? '');
    const to = String(body.to ?? '');
    if (!DATE.test(from) || !DATE.test(to)) return failForm(request, reply, back, 'board-pack', [fieldError('from', 'Choose the period first: enter the start and end dates and show the scorecard')], body);
    const result = await this.api.as(request).POST('/api/v1/reports/board-packs', { body: { from, to } });
    return finishForm(request, reply, result, { back: `${back}#board-pack`, form: 'board-pack', values: body, notice: 'Board pack asked for: it is being prepared and will be listed as ready to download', fallbackField: 'from' });
  }

  /** A board pack's PDF, fetched with the person's token and passed through (never a link to the API). */
  @Get('board-packs/:id/pdf')
  async boardPackPdf(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id', ParseUUIDPipe) id: string) {
    const result = await this.api.as(request).GET('/api/v1/reports/board-packs/{id}/pdf', { params: { path: { id } }, parseAs: 'arrayBuffer' });
    if (result.response.status === 202) return this.views.render(reply, 'scorecard/pack-pending.njk', { pageTitle: 'The board pack is being prepared', id }, 200);
    const bytes = must(result);
    return reply.code(200).type('application/pdf').header('content-disposition', `attachment; filename="board-pack-${id}.pdf"`).header('cache-control', 'no-store').send(Buffer.from(bytes as ArrayBuffer));
  }

  /** Sets one measure's target and amber threshold (PUT /reports/scorecard/targets/{measure}). */
  @Post('targets/:measure')
  async setTarget(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('measure') measure: string, @Body() body: Form) {
    if (!MEASURE.test(measure)) return this.views.render(reply, 'errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    const back = backTo(body);
    const form = `target-${measure}`;
    const targetField = `${measure}-target`;
    const amberField = `${measure}-amber`;
    const target = String(body[targetField] ?? '').trim();
    const amber = String(body[amberField] ?? '').trim();
    const errors: FieldError[] = [];
    if (!target) errors.push(fieldError(targetField, 'Enter the target, a percentage such as 60'));
    else if (!PERCENT.test(target) || Number(target) > 100) errors.push(fieldError(targetField, 'The target must be a percentage from 0 to 100, with at most one decimal place'));
    if (!amber) errors.push(fieldError(amberField, 'Enter the amber threshold, a percentage such as 50'));
    else if (!PERCENT.test(amber) || Number(amber) > 100) errors.push(fieldError(amberField, 'The amber threshold must be a percentage from 0 to 100, with at most one decimal place'));
    if (errors.length) return failForm(request, reply, back, form, errors, body);
    const result = await this.api.as(request).PUT('/api/v1/reports/scorecard/targets/{measure}', { params: { path: { measure: measure as MeasureKey } }, body: { target: Number(target), amber: Number(amber) } });
    return finishForm(request, reply, result, { back, form, values: body, notice: 'Target saved', fallbackField: targetField, fields: { target: targetField, amber: amberField } });
  }

  /** The owner's commentary on a measure for the period shown (POST /reports/scorecard/commentary): who, what, by when. */
  @Post('commentary/:measure')
  async addCommentary(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('measure') measure: string, @Body() body: Form) {
    if (!MEASURE.test(measure)) return this.views.render(reply, 'errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    const back = backTo(body);
    const form = `commentary-${measure}`;
    const ownerField = `${measure}-owner`;
    const actionField = `${measure}-action`;
    const dueField = `${measure}-dueOn`;
    const owner = String(body[ownerField] ?? '').trim();
    const action = String(body[actionField] ?? '').trim();
    const due = readDateInput(body, dueField, 'the date the action is due by');
    const errors: FieldError[] = [];
    if (!owner) errors.push(fieldError(ownerField, 'Enter who owns the action'));
    else if (owner.length > 200) errors.push(fieldError(ownerField, 'Who owns the action must be 200 characters or fewer'));
    if (!action) errors.push(fieldError(actionField, 'Enter what will be done'));
    else if (action.length > 5000) errors.push(fieldError(actionField, 'What will be done must be 5000 characters or fewer'));
    if (due.error) errors.push(due.error);
    const periodFrom = String(body.from ?? '');
    const periodTo = String(body.to ?? '');
    if (!DATE.test(periodFrom) || !DATE.test(periodTo)) errors.push(fieldError(ownerField, 'The period was lost: open the scorecard again and write the commentary there'));
    if (errors.length || !due.value) return failForm(request, reply, back, form, errors, body);
    const result = await this.api.as(request).POST('/api/v1/reports/scorecard/commentary', { body: { measure: measure as MeasureKey, periodFrom, periodTo, owner, action, dueOn: due.value } });
    return finishForm(request, reply, result, {
      back,
      form,
      values: body,
      notice: 'Commentary added',
      fallbackField: ownerField,
      dateFields: [dueField],
      fields: { owner: ownerField, action: actionField, dueOn: dueField, measure: ownerField, periodFrom: ownerField, periodTo: ownerField },
    });
  }
}

function defaultPeriod(): { from: string; to: string } {
  const to = londonToday();
  const from = `${Number(to.slice(0, 4)) - 1}${to.slice(4)}`;
  const start = new Date(`${from}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() + 1);
  return { from: start.toISOString().slice(0, 10), to };
}

/** The period from the query string: well-formed dates pass, others come back as errors (and the default is shown). */
function readPeriod(raw: Record<string, string>): { period: { from: string; to: string }; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const fallback = defaultPeriod();
  const from = (raw.from ?? '').trim();
  const to = (raw.to ?? '').trim();
  if (from && !DATE.test(from)) errors.push(fieldError('from', 'Enter the start date as YYYY-MM-DD, for example 2026-01-01'));
  if (to && !DATE.test(to)) errors.push(fieldError('to', 'Enter the end date as YYYY-MM-DD, for example 2026-12-31'));
  if (errors.length) return { period: fallback, errors };
  return { period: { from: from || fallback.from, to: to || fallback.to }, errors };
}

/** Back to the scorecard for the period the form was posted from. */
function backTo(body: Form): string {
  const from = String(body.from ?? '');
  const to = String(body.to ?? '');
  return DATE.test(from) && DATE.test(to) ? `/scorecard?${new URLSearchParams({ from, to }).toString()}` : '/scorecard';
}
