import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiClient, must } from '../api/api-client';
import type { components } from '../api/openapi';
import { ForRoles } from '../core/access';
import { londonToday, readDateInput } from '../core/dates';
import { fieldError, FieldError } from '../core/form-errors';
import { failForm, finishForm, readChoiceAndDate } from '../core/forms';
import { DEADLINE_LABELS, deadlineTag } from '../core/labels';
import { Views } from '../core/views';
import { uploadedFile } from '../core/uploads';
import { deliveryKey, reportDelivery } from './plan-practice.controller';

type Form = Record<string, string | undefined>;
type ImportBody = components['schemas']['ImportTransferDto'];

function deadlines(list: { kind: string; dueOn: string; status: string; regulation: string }[]) {
  const today = londonToday();
  return list.map((d) => ({ ...d, label: DEADLINE_LABELS[d.kind] ?? d.kind, tag: deadlineTag(d, today) }));
}

/** What a transfer package file must at least be before it goes to the API (which checks the rest, docs/transfer-package.md). */
function isPackage(value: unknown): value is ImportBody {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'format' in value && 'formatVersion' in value;
}

/**
 * Moving between councils (Regs 15, 16): the move recorded, the package downloaded or marked sent, a package imported
 * from a file (this product's or another's), and the incoming council's 6-week notice to the family.
 */
@Controller()
@ForRoles('caseworker')
export class TransfersController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
  ) {}

  @Get('transfers')
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const transfers = must(await this.api.as(request).GET('/api/v1/transfers'));
    return this.views.render(reply, 'transfers/list.njk', { pageTitle: 'Moves between councils', transfers, ...request.session!.takeFlash() });
  }

  @Get('plans/:planId/transfer-out')
  async transferOutForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string) {
    const plan = must(await this.api.as(request).GET('/api/v1/plans/{id}', { params: { path: { id } } }));
    return this.views.render(reply, 'transfers/transfer-out.njk', { pageTitle: 'The child is moving to another council', plan, ...request.session!.takeFlash() });
  }

  @Post('plans/:planId/transfer-out')
  async transferOut(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/plans/${id}/transfer-out`;
    const errors: FieldError[] = [];
    const name = (body.toLocalAuthorityName ?? '').trim();
    const code = (body.toLocalAuthorityCode ?? '').trim();
    if (!name) errors.push(fieldError('toLocalAuthorityName', 'Enter the name of the council the child is moving to'));
    if (code && !/^\d{3}$/.test(code)) errors.push(fieldError('toLocalAuthorityCode', 'The council code must be 3 digits, like 873'));
    const moves = readDateInput(body, 'movesOn', 'the date of the move');
    const learned = readDateInput(body, 'learnedOn', 'the date the council learned of the move');
    for (const d of [moves, learned]) if (d.error) errors.push(d.error);
    if (errors.length || !moves.value || !learned.value) return failForm(request, reply, back, 'transfer-out', errors, body);
    const result = await this.api.as(request).POST('/api/v1/plans/{id}/transfer-out', { params: { path: { id } }, body: { toLocalAuthorityName: name, toLocalAuthorityCode: code || undefined, movesOn: moves.value, learnedOn: learned.value } });
    return finishForm(request, reply, result, {
      back,
      next: result.data ? `/transfers/${result.data.id}` : undefined,
      form: 'transfer-out',
      values: body,
      notice: 'Move recorded',
      fallbackField: 'toLocalAuthorityName',
      dateFields: ['movesOn', 'learnedOn'],
    });
  }

  @Get('transfers/import')
  async importForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.views.render(reply, 'transfers/import.njk', { pageTitle: 'Import a transfer package', ...request.session!.takeFlash() });
  }

  /** The package file (multipart/form-data): parsed here, checked by the API. */
  @Post('transfers/import')
  async importPackage(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: Record<string, unknown>) {
    const back = '/transfers/import';
    // @fastify/multipart (bootstrap.ts) attaches the file as an UploadedFile; a file over the limit arrives cut short.
    const upload = uploadedFile(body.package);
    const values = { transferredOn: undefined };
    const fail = (text: string) => failForm(request, reply, back, 'import', [fieldError('package', text)], values);
    if (!upload) return fail('Select the transfer package file');
    if (upload.truncated) return fail('The selected file must be smaller than 10MB');
    const file = upload.bytes;
    if (file.length === 0) return fail('The selected file is empty');
    let parsed: unknown;
    try {
      parsed = JSON.parse(file.toString('utf8'));
    } catch {
      return fail('The selected file must be a transfer package (a JSON file)');
    }
    if (!isPackage(parsed)) return fail('The selected file must be a transfer package (a JSON file)');
    const result = await this.api.as(request).POST('/api/v1/transfers/import', { body: parsed });
    return finishForm(request, reply, result, {
      back,
      next: result.data ? `/transfers/${result.data.id}` : undefined,
      form: 'import',
      values,
      notice: result.data?.created === false ? 'This package was imported before' : 'Transfer package imported',
      fallbackField: 'package',
      // Whatever in the file is wrong, it is the file the person chose.
      fields: Object.fromEntries(['format', 'formatVersion', 'transferId', 'kind', 'createdAt', 'from', 'to', 'movesOn', 'learnedOn', 'child', 'plan', 'assessment', 'deadlines', 'documents', 'transferredOn'].map((f) => [f, 'package'])),
    });
  }

  @Get('transfers/:transferId')
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('transferId', ParseUUIDPipe) id: string) {
    const transfer = must(await this.api.as(request).GET('/api/v1/transfers/{id}', { params: { path: { id } } }));
    return this.views.render(reply, 'transfers/transfer.njk', { pageTitle: transfer.direction === 'out' ? 'Move to another council' : 'Move from another council', transfer, deadlines: deadlines(transfer.deadlines), ...request.session!.takeFlash() });
  }

  /** The package as a file to send: the first download records it as sent (the API's rule). */
  @Get('transfers/:transferId/package')
  async download(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('transferId', ParseUUIDPipe) id: string) {
    const result = await this.api.as(request).GET('/api/v1/transfers/{id}/package', { params: { path: { id } }, parseAs: 'arrayBuffer' });
    const bytes = must(result);
    return reply
      .code(200)
      .type('application/json')
      .header('content-disposition', `attachment; filename="transfer-package-${id}.json"`)
      .header('cache-control', 'no-store')
      .send(Buffer.from(bytes));
  }

  @Post('transfers/:transferId/sent')
  async sent(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('transferId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/transfers/${id}`;
    const date = readDateInput(body, 'sentOn', 'the date the package was sent');
    if (date.error || !date.value) return failForm(request, reply, back, 'sent', [date.error!], body);
    const result = await this.api.as(request).POST('/api/v1/transfers/{id}/sent', { params: { path: { id } }, body: { sentOn: date.value } });
    return finishForm(request, reply, result, { back, form: 'sent', values: body, notice: 'Package recorded as sent', fallbackField: 'sentOn', dateFields: ['sentOn'] });
  }

  @Post('transfers/:transferId/notice')
  async notice(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('transferId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/transfers/${id}`;
    const { choice, date, errors } = readChoiceAndDate(body, { field: 'willAssess', options: ['yes', 'no'] as const, error: 'Select whether the council will assess' }, { field: 'noticeSentOn', label: 'the date the family was told' });
    if (!choice || !date) return failForm(request, reply, back, 'notice', errors, body);
    const result = await this.api.as(request).POST('/api/v1/transfers/{id}/notice', { params: { path: { id } }, body: { sentOn: date, willAssess: choice === 'yes' } });
    return finishForm(request, reply, result, { back, form: 'notice', values: body, notice: 'Notice to the family recorded', fallbackField: 'willAssess', dateFields: ['noticeSentOn'], fields: { sentOn: 'noticeSentOn' } });
  }

  @Post('transfers/:transferId/cancel')
  async cancel(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('transferId', ParseUUIDPipe) id: string) {
    const result = await this.api.as(request).POST('/api/v1/transfers/{id}/cancel', { params: { path: { id } } });
    return finishForm(request, reply, result, { back: `/transfers/${id}`, form: 'cancel', values: {}, notice: 'The move is cancelled', fallbackField: 'cancel' });
  }
}

const RECOMMENDATION_STATUS: Record<string, string> = { open: 'Open', overdue: 'Overdue', met: 'Answered in time', late: 'Answered late', not_applicable: 'Not needed' };
const RECOMMENDATION_TAG: Record<string, string> = { open: 'govuk-tag--blue', overdue: 'govuk-tag--red', met: 'govuk-tag--green', late: 'govuk-tag--orange', not_applicable: 'govuk-tag--grey' };

/** The appeals of a plan, and one appeal: mediation, lodged, hearing, the outcome and the Tribunal's orders. */
@Controller()
@ForRoles('caseworker')
export class AppealsController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
  ) {}

  @Get('plans/:planId/appeals')
  async forPlan(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string) {
    const api = this.api.as(request);
    const [planResult, appealsResult] = await Promise.all([api.GET('/api/v1/plans/{id}', { params: { path: { id } } }), api.GET('/api/v1/appeals', { params: { query: { live: false } } })]);
    const plan = must(planResult);
    const appeals = must(appealsResult).filter((a) => a.planId === id || a.assessmentId === plan.assessmentId);
    return this.views.render(reply, 'appeals/list.njk', { pageTitle: 'Appeals', plan, appeals });
  }

  @Get('appeals/:appealId')
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('appealId', ParseUUIDPipe) id: string) {
    const appeal = must(await this.api.as(request).GET('/api/v1/appeals/{id}', { params: { path: { id } } }));
    // The Tribunal's own decisions (not the council's concessions) carry recommendations.
    const tribunalOrders = appeal.orders.filter((o) => !o.concession).map((o) => ({ value: o.id, text: `${o.kind.replaceAll('_', ' ')}, ${o.orderedOn}` }));
    const unanswered = appeal.recommendations.filter((r) => !r.answer).map((r) => ({ value: r.id, text: `${r.kind === 'health' ? 'Health' : 'Social care'}: ${r.body}, due ${r.answerDueOn}` }));
    return this.views.render(reply, 'appeals/appeal.njk', {
      pageTitle: 'Appeal to the Tribunal',
      appeal,
      deadlines: deadlines(appeal.deadlines),
      tribunalOrders,
      unanswered,
      recommendationStatus: RECOMMENDATION_STATUS,
      recommendationTag: RECOMMENDATION_TAG,
      ...request.session!.takeFlash(),
    });
  }

  /** A Tribunal recommendation on health or social care, recorded on one of its orders. */
  @Post('appeals/:appealId/recommendations')
  async recommend(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('appealId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/appeals/${id}`;
    const errors: FieldError[] = [];
    const orderId = (body.recommendationOrder ?? '').trim();
    if (!/^[0-9a-f-]{36}$/i.test(orderId)) errors.push(fieldError('recommendationOrder', 'Select the Tribunal’s decision'));
    const kind = (['health', 'social_care'] as const).find((k) => k === body.recommendationKind);
    if (!kind) errors.push(fieldError('recommendationKind', 'Select whether it is about health or social care'));
    const addressee = (body.recommendationBody ?? '').trim();
    if (!addressee) errors.push(fieldError('recommendationBody', 'Enter the body it is addressed to'));
    const text = (body.recommendationText ?? '').trim();
    if (!text) errors.push(fieldError('recommendationText', 'Enter what the Tribunal recommended'));
    let decidedOn: string | undefined;
    if (['day', 'month', 'year'].some((p) => (body[`recommendationDecidedOn-${p}`] ?? '').trim())) {
      const read = readDateInput(body, 'recommendationDecidedOn', 'the date of the Tribunal’s decision');
      if (read.error) errors.push(read.error);
      else decidedOn = read.value ?? undefined;
    }
    if (errors.length || !kind) return failForm(request, reply, back, 'recommendation', errors, body);
    const result = await this.api.as(request).POST('/api/v1/appeals/{id}/orders/{orderId}/recommendations', { params: { path: { id, orderId } }, body: { kind, body: addressee, text, decidedOn } });
    return finishForm(request, reply, result, { back, form: 'recommendation', values: body, notice: 'Recommendation recorded', fallbackField: 'recommendationOrder', dateFields: ['recommendationDecidedOn'], fields: { kind: 'recommendationKind', body: 'recommendationBody', text: 'recommendationText', decidedOn: 'recommendationDecidedOn' } });
  }

  /** The body's written answer to a recommendation. */
  @Post('appeals/:appealId/recommendation-answer')
  async answer(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('appealId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/appeals/${id}`;
    const errors: FieldError[] = [];
    const recommendationId = (body.answerRecommendation ?? '').trim();
    if (!/^[0-9a-f-]{36}$/i.test(recommendationId)) errors.push(fieldError('answerRecommendation', 'Select the recommendation answered'));
    const text = (body.answerText ?? '').trim();
    if (!text) errors.push(fieldError('answerText', 'Enter what the body answered'));
    const answeredBy = (body.answeredBy ?? '').trim();
    if (!answeredBy) errors.push(fieldError('answeredBy', 'Enter who answered for the body'));
    const date = readDateInput(body, 'answeredOn', 'the date of the written answer');
    if (date.error) errors.push(date.error);
    if (errors.length || !date.value) return failForm(request, reply, back, 'recommendation-answer', errors, body);
    const result = await this.api.as(request).POST('/api/v1/appeals/{id}/recommendations/{recommendationId}/answer', { params: { path: { id, recommendationId } }, body: { text, answeredOn: date.value, answeredBy } });
    return finishForm(request, reply, result, { back, form: 'recommendation-answer', values: body, notice: 'Answer recorded', fallbackField: 'answerRecommendation', dateFields: ['answeredOn'], fields: { text: 'answerText', answeredOn: 'answeredOn', answeredBy: 'answeredBy' } });
  }

  @Post('appeals/:appealId/mediation')
  async mediation(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('appealId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/appeals/${id}`;
    const errors: FieldError[] = [];
    const dates: Record<string, string> = {};
    for (const [name, label] of [
      ['adviserContactedOn', 'the date the family contacted the mediation adviser'],
      ['mediationRequestedOn', 'the date the family asked for mediation'],
      ['heldOn', 'the date of the mediation'],
    ] as const) {
      if (!['day', 'month', 'year'].some((p) => (body[`${name}-${p}`] ?? '').trim())) continue;
      const read = readDateInput(body, name, label);
      if (read.error) errors.push(read.error);
      else if (read.value) dates[name] = read.value;
    }
    const outcome = (['agreed', 'partly_agreed', 'not_agreed'] as const).find((o) => o === body.mediationOutcome);
    if (!errors.length && Object.keys(dates).length === 0 && !outcome) errors.push(fieldError('adviserContactedOn', 'Enter at least one date of the mediation', ['adviserContactedOn']));
    if (errors.length) return failForm(request, reply, back, 'mediation', errors, body);
    const result = await this.api.as(request).POST('/api/v1/appeals/{id}/mediation', { params: { path: { id } }, body: { ...dates, outcome } });
    return finishForm(request, reply, result, { back, form: 'mediation', values: body, notice: 'Mediation recorded', fallbackField: 'adviserContactedOn', dateFields: ['adviserContactedOn', 'mediationRequestedOn', 'heldOn'], fields: { outcome: 'mediationOutcome' } });
  }

  @Post('appeals/:appealId/lodged')
  async lodged(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('appealId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/appeals/${id}`;
    const date = readDateInput(body, 'lodgedOn', 'the date the appeal was lodged');
    if (date.error || !date.value) return failForm(request, reply, back, 'lodged', [date.error!], body);
    const result = await this.api.as(request).POST('/api/v1/appeals/{id}/lodged', { params: { path: { id } }, body: { lodgedOn: date.value } });
    return finishForm(request, reply, result, { back, form: 'lodged', values: body, notice: 'Appeal recorded as lodged', fallbackField: 'lodgedOn', dateFields: ['lodgedOn'] });
  }

  @Post('appeals/:appealId/hearing')
  async hearing(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('appealId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/appeals/${id}`;
    const date = readDateInput(body, 'hearingOn', 'the date of the hearing');
    if (date.error || !date.value) return failForm(request, reply, back, 'hearing', [date.error!], body);
    const result = await this.api.as(request).POST('/api/v1/appeals/{id}/hearing', { params: { path: { id } }, body: { hearingOn: date.value } });
    return finishForm(request, reply, result, { back, form: 'hearing', values: body, notice: 'Hearing date recorded', fallbackField: 'hearingOn', dateFields: ['hearingOn'] });
  }

  @Post('appeals/:appealId/outcome')
  async outcome(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('appealId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/appeals/${id}`;
    const { choice: outcome, date, errors } = readChoiceAndDate(body, { field: 'appealOutcome', options: ['upheld', 'partly_upheld', 'dismissed', 'conceded', 'withdrawn'] as const, error: 'Select the outcome' }, { field: 'decidedOn', label: 'the date of the outcome' });
    if (!outcome || !date) return failForm(request, reply, back, 'outcome', errors, body);
    const result = await this.api.as(request).POST('/api/v1/appeals/{id}/outcome', { params: { path: { id } }, body: { outcome, decidedOn: date } });
    return finishForm(request, reply, result, { back, form: 'outcome', values: body, notice: 'Outcome recorded', fallbackField: 'appealOutcome', dateFields: ['decidedOn'], fields: { outcome: 'appealOutcome' } });
  }

  @Post('appeals/:appealId/orders')
  async order(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('appealId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/appeals/${id}`;
    const kinds = ['assess', 'make_plan', 'amend_provision', 'name_school', 'continue_plan', 'continue_and_amend', 'remit', 'dismissed'] as const;
    const { choice: kind, date, errors } = readChoiceAndDate(body, { field: 'orderKind', options: kinds, error: 'Select what the Tribunal ordered' }, { field: 'orderedOn', label: 'the date of the order' });
    if (!kind || !date) return failForm(request, reply, back, 'order', errors, body);
    const result = await this.api.as(request).POST('/api/v1/appeals/{id}/orders', { params: { path: { id } }, body: { kind, orderedOn: date, concession: body.concession === 'yes' } });
    return finishForm(request, reply, result, { back, form: 'order', values: body, notice: 'Tribunal order recorded', fallbackField: 'orderKind', dateFields: ['orderedOn'], fields: { kind: 'orderKind' } });
  }
}

/** Professionals: a health user agrees section G; a school or provider reports the provision it delivers. */
@Controller()
@ForRoles('professional')
export class ProfessionalPlansController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
  ) {}

  @Get('health-sign-off')
  async healthInbox(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const plans = must(await this.api.as(request).GET('/api/v1/health-sign-off-inbox'));
    return this.views.render(reply, 'health/inbox.njk', { pageTitle: 'Section G to agree', plans, ...request.session!.takeFlash() });
  }

  @Post('health-sign-off/:planId')
  async signOff(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = '/health-sign-off';
    const field = `agreedOn-${id}`;
    const date = readDateInput(body, field, 'the date the health body agreed section G');
    if (date.error || !date.value) return failForm(request, reply, back, `sign-off-${id}`, [date.error!], body);
    const result = await this.api.as(request).POST('/api/v1/plans/{id}/health-sign-off', { params: { path: { id } }, body: { agreedOn: date.value } });
    return finishForm(request, reply, result, { back, form: `sign-off-${id}`, values: body, notice: 'Section G agreed', fallbackField: field, dateFields: [field], fields: { agreedOn: field } });
  }

  @Get('provision-inbox')
  async provisionInbox(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const plans = must(await this.api.as(request).GET('/api/v1/provision-inbox')).map((plan) => ({ ...plan, provision: plan.provision.map((p) => ({ ...p, key: deliveryKey(plan.planId, p.provisionId ?? '') })) }));
    return this.views.render(reply, 'provision/inbox.njk', { pageTitle: 'Provision you deliver', plans, ...request.session!.takeFlash() });
  }

  @Post('provision-inbox/:planId/:provisionId')
  async report(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string, @Param('provisionId') provisionId: string, @Body() body: Form) {
    return reportDelivery(this.api, request, reply, '/provision-inbox', id, provisionId, body);
  }
}
