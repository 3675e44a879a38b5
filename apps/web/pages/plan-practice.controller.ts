import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiClient, must } from '../api/api-client';
import { ForRoles } from '../core/access';
import { londonToday, readDateInput } from '../core/dates';
import { fieldError, FieldError } from '../core/form-errors';
import { failForm, finishForm, readChoiceAndDate } from '../core/forms';
import { DEADLINE_LABELS, deadlineTag } from '../core/labels';
import { Views } from '../core/views';

type Form = Record<string, string | undefined>;

export const PHASE_KINDS = [
  { value: 'early_years_to_school', text: 'Early years to school' },
  { value: 'infant_to_junior', text: 'Infant to junior school' },
  { value: 'primary_to_middle', text: 'Primary to middle school' },
  { value: 'primary_to_secondary', text: 'Primary to secondary school' },
  { value: 'middle_to_secondary', text: 'Middle to secondary school' },
  { value: 'secondary_to_post16', text: 'Secondary school to post-16' },
  { value: 'post16_to_post16', text: 'One post-16 institution to another' },
] as const;

export const CEASE_REASONS = [
  { value: '1', text: 'Reached the maximum age' },
  { value: '2', text: 'Needs met without a plan' },
  { value: '3', text: 'Moved on to higher education' },
  { value: '4', text: 'Moved into paid employment' },
  { value: '5', text: 'Moved to another local authority in England' },
  { value: '6', text: 'The young person no longer wishes to engage in education or training' },
  { value: '7', text: 'Moved outside England' },
  { value: '8', text: 'Died' },
  { value: '9', text: 'Another reason' },
];

/** Pounds as typed ("4,500", "£4500.50"): a number, or undefined when it is not one. */
function readAmount(raw: string | undefined): number | undefined {
  const cleaned = (raw ?? '').replace(/[£,\s]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return undefined;
  return Number(cleaned);
}

function readHours(raw: string | undefined): number | undefined | null {
  const cleaned = (raw ?? '').trim();
  if (!cleaned) return undefined;
  return /^\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : null;
}

/**
 * The plan after it is made, and across boundaries: phase transfer, ceasing, re-assessment, section G's sign-off by
 * the health body, personal budgets, provision delivered and preparing for adulthood. One page each, linked from the
 * plan; every form posts, then redirects back with the API's answer (its errors on the form, what was typed kept).
 */
@Controller('plans')
@ForRoles('caseworker')
export class PlanPracticeController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
  ) {}

  private deadlines(list: { kind: string; dueOn: string; status: string; regulation: string; completedOn?: string | null }[]) {
    const today = londonToday();
    return list.map((d) => ({ ...d, label: DEADLINE_LABELS[d.kind] ?? d.kind, tag: deadlineTag(d, today) }));
  }

  // ---- phase transfer ----

  @Get(':planId/phase-transfer')
  async phaseTransfer(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string) {
    const plan = must(await this.api.as(request).GET('/api/v1/plans/{id}', { params: { path: { id } } }));
    return this.views.render(reply, 'plans/phase-transfer.njk', {
      pageTitle: 'Phase transfer',
      plan,
      kinds: PHASE_KINDS,
      deadlines: this.deadlines(plan.deadlines.filter((d) => d.kind === 'phase_transfer')),
      ...request.session!.takeFlash(),
    });
  }

  @Post(':planId/phase-transfer')
  async savePhaseTransfer(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/plans/${id}/phase-transfer`;
    const { choice: kind, date, errors } = readChoiceAndDate(body, { field: 'kind', options: PHASE_KINDS.map((k) => k.value), error: 'Select the move between phases' }, { field: 'transferOn', label: 'the date of the move' });
    const yearRaw = (body.yearGroup ?? '').trim();
    const yearGroup = yearRaw === '' ? null : /^-?\d{1,2}$/.test(yearRaw) ? Number(yearRaw) : undefined;
    if (yearGroup === undefined) errors.push(fieldError('yearGroup', 'Year group must be a number, like 6 (0 for Reception), or left blank'));
    if (!kind || !date || yearGroup === undefined) return failForm(request, reply, back, 'phase', errors, body);
    const result = await this.api.as(request).PUT('/api/v1/plans/{id}/phase-transfer', { params: { path: { id } }, body: { kind, transferOn: date, yearGroup } });
    return finishForm(request, reply, result, { back, form: 'phase', values: body, notice: 'Phase transfer recorded', fallbackField: 'kind', dateFields: ['transferOn'] });
  }

  // ---- ceasing ----

  @Get(':planId/cease')
  async cease(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string) {
    const api = this.api.as(request);
    const [planResult, cessationResult] = await Promise.all([api.GET('/api/v1/plans/{id}', { params: { path: { id } } }), api.GET('/api/v1/plans/{id}/cessation', { params: { path: { id } } })]);
    const plan = must(planResult);
    return this.views.render(reply, 'plans/cease.njk', {
      pageTitle: 'Stop maintaining the plan',
      plan,
      cessation: cessationResult.response.ok ? cessationResult.data : undefined,
      reasons: CEASE_REASONS,
      ...request.session!.takeFlash(),
    });
  }

  @Post(':planId/cease/consultations')
  async consult(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/plans/${id}/cease`;
    const { choice: consultee, date, errors } = readChoiceAndDate(body, { field: 'consultee', options: ['family', 'institution'] as const, error: 'Select who was consulted' }, { field: 'consultedOn', label: 'the date of the consultation' });
    if (!consultee || !date) return failForm(request, reply, back, 'consultation', errors, body);
    const result = await this.api.as(request).POST('/api/v1/plans/{id}/cease/consultations', {
      params: { path: { id } },
      body: { consultee, consultedOn: date, name: body.consulteeName?.trim() || undefined, response: body.consultationResponse?.trim() || undefined },
    });
    return finishForm(request, reply, result, { back, form: 'consultation', values: body, notice: 'Consultation recorded', fallbackField: 'consultee', dateFields: ['consultedOn'], fields: { name: 'consulteeName', response: 'consultationResponse' } });
  }

  @Post(':planId/cease')
  async decideCease(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/plans/${id}/cease`;
    const { choice: reason, date, errors } = readChoiceAndDate(body, { field: 'reason', options: CEASE_REASONS.map((r) => r.value), error: 'Select the reason for stopping the plan' }, { field: 'ceaseNotifiedOn', label: 'the date the family was told' });
    if (!reason || !date) return failForm(request, reply, back, 'cease', errors, body);
    // Regs 30: a young person of 18 or over: the API asks for these when it applies (422 naming regs30 otherwise).
    const over18 = body.regs30Outcomes === 'yes' || body.regs30Outcomes === 'no' || (body.youngPersonWishes ?? '').trim() !== '';
    const regs30 = over18
      ? { educationOrTrainingOutcomesAchieved: body.regs30Outcomes === 'yes', youngPersonWishes: (body.youngPersonWishes ?? '').trim(), noLongerWishesToEngage: body.noLongerWishesToEngage === 'yes', notes: body.regs30Notes?.trim() || undefined }
      : undefined;
    const result = await this.api.as(request).POST('/api/v1/plans/{id}/cease', { params: { path: { id } }, body: { reason: Number(reason), notifiedOn: date, regs30 } });
    return finishForm(request, reply, result, {
      back,
      form: 'cease',
      values: body,
      notice: 'Decision to stop maintaining the plan recorded',
      fallbackField: 'reason',
      dateFields: ['ceaseNotifiedOn'],
      fields: { notifiedOn: 'ceaseNotifiedOn', regs30: 'youngPersonWishes', 'regs30.youngPersonWishes': 'youngPersonWishes', 'regs30.educationOrTrainingOutcomesAchieved': 'regs30Outcomes' },
    });
  }

  // ---- re-assessment ----

  @Get(':planId/reassessment')
  async reassessment(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string) {
    const api = this.api.as(request);
    const [planResult, requestsResult] = await Promise.all([api.GET('/api/v1/plans/{id}', { params: { path: { id } } }), api.GET('/api/v1/plans/{id}/reassessment-requests', { params: { path: { id } } })]);
    const plan = must(planResult);
    const requests = must(requestsResult).map((r) => ({ ...r, deadlines: this.deadlines(r.deadlines) }));
    return this.views.render(reply, 'plans/reassessment.njk', { pageTitle: 'Re-assessment', plan, requests, ...request.session!.takeFlash() });
  }

  @Post(':planId/reassessment')
  async requestReassessment(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/plans/${id}/reassessment`;
    const { choice: requestedBy, date, errors } = readChoiceAndDate(body, { field: 'requestedBy', options: ['parent', 'young_person', 'institution'] as const, error: 'Select who asked for the re-assessment' }, { field: 'receivedOn', label: 'the date the request was received' });
    if (!requestedBy || !date) return failForm(request, reply, back, 'reassessment-request', errors, body);
    const result = await this.api.as(request).POST('/api/v1/plans/{id}/reassessment-requests', { params: { path: { id } }, body: { requestedBy, receivedOn: date } });
    return finishForm(request, reply, result, { back, form: 'reassessment-request', values: body, notice: 'Re-assessment request recorded', fallbackField: 'requestedBy', dateFields: ['receivedOn'] });
  }

  @Post(':planId/reassessment/:requestId/decision')
  async reassessmentDecision(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string, @Param('requestId', ParseUUIDPipe) requestId: string, @Body() body: Form) {
    const back = `/plans/${id}/reassessment`;
    const { choice: decision, date, errors } = readChoiceAndDate(body, { field: 'reassessDecision', options: ['reassess', 'refuse'] as const, error: 'Select whether to re-assess' }, { field: 'reassessNotifiedOn', label: 'the date the family was told' });
    const reason = (body.reassessReason ?? '').trim();
    if (decision === 'refuse' && !reason) errors.push(fieldError('reassessReason', 'Give the reasons for refusing: the notice tells the family'));
    if (!decision || !date || errors.length) return failForm(request, reply, back, 'reassessment-decision', errors, body);
    const result = await this.api.as(request).POST('/api/v1/reassessment-requests/{id}/decision', { params: { path: { id: requestId } }, body: { decision, notifiedOn: date, reason: reason || undefined } });
    return finishForm(request, reply, result, { back, form: 'reassessment-decision', values: body, notice: 'Re-assessment decision recorded', fallbackField: 'reassessDecision', dateFields: ['reassessNotifiedOn'], fields: { decision: 'reassessDecision', notifiedOn: 'reassessNotifiedOn', reason: 'reassessReason' } });
  }

  @Post(':planId/reassessment/:requestId/outcome')
  async reassessmentOutcome(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string, @Param('requestId', ParseUUIDPipe) requestId: string, @Body() body: Form) {
    const back = `/plans/${id}/reassessment`;
    const { choice: kind, date, errors } = readChoiceAndDate(body, { field: 'outcomeKind', options: ['amended_plan', 'replacement_plan', 'notice_not_to_amend'] as const, error: 'Select the outcome of the re-assessment' }, { field: 'outcomeIssuedOn', label: 'the date it was issued' });
    if (!kind || !date) return failForm(request, reply, back, 'reassessment-outcome', errors, body);
    const result = await this.api.as(request).POST('/api/v1/reassessment-requests/{id}/outcome', { params: { path: { id: requestId } }, body: { kind, issuedOn: date } });
    return finishForm(request, reply, result, { back, form: 'reassessment-outcome', values: body, notice: 'Re-assessment outcome recorded', fallbackField: 'outcomeKind', dateFields: ['outcomeIssuedOn'], fields: { kind: 'outcomeKind', issuedOn: 'outcomeIssuedOn' } });
  }

  // ---- section G: the health body's sign-off ----

  @Get(':planId/health')
  async health(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string) {
    const api = this.api.as(request);
    const [planResult, statusResult, orgsResult] = await Promise.all([
      api.GET('/api/v1/plans/{id}', { params: { path: { id } } }),
      api.GET('/api/v1/plans/{id}/health-sign-off', { params: { path: { id } } }),
      api.GET('/api/v1/organisations'),
    ]);
    const plan = must(planResult);
    const status = must(statusResult);
    const bodies = (orgsResult.data ?? []).filter((o) => o.kind === 'nhs_body');
    return this.views.render(reply, 'plans/health.njk', {
      pageTitle: 'Section G: agreement of the health body',
      plan,
      status,
      bodyName: bodies.find((b) => b.id === status.healthBodyId)?.name,
      bodyNames: Object.fromEntries(bodies.map((b) => [b.id, b.name])),
      healthAnswers: { secures_provision: 'it arranges the health provision', requests_review: 'it asked the council to review the plan', requests_assessment: 'it asked the council to assess' },
      bodies: bodies.map((b) => ({ value: b.id, text: b.name })),
      ...request.session!.takeFlash(),
    });
  }

  @Post(':planId/health/body')
  async setHealthBody(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/plans/${id}/health`;
    const organisationId = (body.organisationId ?? '').trim();
    if (!organisationId) return failForm(request, reply, back, 'health-body', [fieldError('organisationId', 'Select the health commissioning body')], body);
    // A change of body (Regs 16): the day the new body became responsible, when given.
    let changedOn: string | undefined;
    if (['day', 'month', 'year'].some((p) => (body[`changedOn-${p}`] ?? '').trim())) {
      const read = readDateInput(body, 'changedOn', 'the day the new body became responsible');
      if (read.error) return failForm(request, reply, back, 'health-body', [read.error], body);
      changedOn = read.value ?? undefined;
    }
    const result = await this.api.as(request).PUT('/api/v1/plans/{id}/health-body', { params: { path: { id } }, body: { organisationId, changedOn } });
    return finishForm(request, reply, result, { back, form: 'health-body', values: body, notice: 'Health commissioning body saved', fallbackField: 'organisationId', dateFields: ['changedOn'] });
  }

  /** The case team's documented override: issue without the body's agreement, with the reason (audited). */
  @Post(':planId/health/override')
  async overrideHealth(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/plans/${id}/health`;
    const date = readDateInput(body, 'overrideOn', 'the date of the override');
    const overrideReason = (body.overrideReason ?? '').trim();
    const errors: FieldError[] = [];
    if (overrideReason.length < 10) errors.push(fieldError('overrideReason', 'Give the reason for issuing without the health body’s agreement, in at least 10 characters'));
    if (date.error) errors.push(date.error);
    if (errors.length || !date.value) return failForm(request, reply, back, 'health-override', errors, body);
    const result = await this.api.as(request).POST('/api/v1/plans/{id}/health-sign-off', { params: { path: { id } }, body: { agreedOn: date.value, overrideReason } });
    return finishForm(request, reply, result, { back, form: 'health-override', values: body, notice: 'Override recorded', fallbackField: 'overrideReason', dateFields: ['overrideOn'], fields: { agreedOn: 'overrideOn' } });
  }

  // ---- personal budgets ----

  @Get(':planId/personal-budget')
  async budgets(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string) {
    const api = this.api.as(request);
    const [planResult, requestsResult] = await Promise.all([api.GET('/api/v1/plans/{id}', { params: { path: { id } } }), api.GET('/api/v1/plans/{id}/personal-budget-requests', { params: { path: { id } } })]);
    return this.views.render(reply, 'plans/personal-budget.njk', { pageTitle: 'Personal budget', plan: must(planResult), requests: must(requestsResult), ...request.session!.takeFlash() });
  }

  @Post(':planId/personal-budget')
  async requestBudget(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/plans/${id}/personal-budget`;
    const date = readDateInput(body, 'budgetReceivedOn', 'the date the family asked');
    if (date.error || !date.value) return failForm(request, reply, back, 'budget-request', [date.error!], body);
    const result = await this.api.as(request).POST('/api/v1/plans/{id}/personal-budget-requests', { params: { path: { id } }, body: { receivedOn: date.value } });
    return finishForm(request, reply, result, { back, form: 'budget-request', values: body, notice: 'Personal budget request recorded', fallbackField: 'budgetReceivedOn', dateFields: ['budgetReceivedOn'], fields: { receivedOn: 'budgetReceivedOn' } });
  }

  @Post(':planId/personal-budget/:requestId/decision')
  async decideBudget(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string, @Param('requestId', ParseUUIDPipe) requestId: string, @Body() body: Form) {
    const back = `/plans/${id}/personal-budget`;
    const { choice: decision, date, errors } = readChoiceAndDate(body, { field: 'budgetDecision', options: ['agree', 'refuse'] as const, error: 'Select whether the council agrees a personal budget' }, { field: 'budgetNotifiedOn', label: 'the date the family was told' });
    const amount = readAmount(body.amount);
    const reason = (body.budgetReason ?? '').trim();
    if (decision === 'agree' && amount === undefined) errors.push(fieldError('amount', 'Enter the budget a year in pounds, like 4500'));
    if (decision === 'refuse' && !reason) errors.push(fieldError('budgetReason', 'Give the reasons for refusing: the council must explain them'));
    if (!decision || !date || errors.length) return failForm(request, reply, back, 'budget-decision', errors, body);
    const result = await this.api.as(request).POST('/api/v1/personal-budget-requests/{id}/decision', {
      params: { path: { id: requestId } },
      body: { decision, notifiedOn: date, amount: decision === 'agree' ? amount : undefined, reason: decision === 'refuse' ? reason : undefined },
    });
    return finishForm(request, reply, result, { back, form: 'budget-decision', values: body, notice: 'Personal budget decision recorded', fallbackField: 'budgetDecision', dateFields: ['budgetNotifiedOn'], fields: { decision: 'budgetDecision', notifiedOn: 'budgetNotifiedOn', reason: 'budgetReason' } });
  }

  // ---- provision delivered ----

  @Get(':planId/provision')
  async provision(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string) {
    const api = this.api.as(request);
    const [planResult, provisionResult] = await Promise.all([api.GET('/api/v1/plans/{id}', { params: { path: { id } } }), api.GET('/api/v1/plans/{id}/provision', { params: { path: { id } } })]);
    return this.views.render(reply, 'plans/provision.njk', { pageTitle: 'Provision delivered', plan: must(planResult), provision: must(provisionResult).provision.map((p) => ({ ...p, key: deliveryKey(id, p.provisionId ?? '') })), action: `/plans/${id}/provision`, ...request.session!.takeFlash() });
  }

  @Post(':planId/provision/:provisionId')
  async reportProvision(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string, @Param('provisionId') provisionId: string, @Body() body: Form) {
    return reportDelivery(this.api, request, reply, `/plans/${id}/provision`, id, provisionId, body);
  }

  // ---- preparing for adulthood ----

  @Get(':planId/adulthood')
  async adulthood(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string) {
    const api = this.api.as(request);
    const [planResult, pfaResult, reviewsResult] = await Promise.all([
      api.GET('/api/v1/plans/{id}', { params: { path: { id } } }),
      api.GET('/api/v1/plans/{id}/preparing-for-adulthood', { params: { path: { id } } }),
      api.GET('/api/v1/plans/{id}/reviews', { params: { path: { id } } }),
    ]);
    const reviews = must(reviewsResult);
    return this.views.render(reply, 'plans/adulthood.njk', {
      pageTitle: 'Preparing for adulthood',
      plan: must(planResult),
      pfa: must(pfaResult),
      latestReview: reviews.filter((r) => r.heldOn).at(-1),
      ...request.session!.takeFlash(),
    });
  }

  @Post(':planId/adulthood/reviews/:reviewId')
  async recordAdulthood(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string, @Param('reviewId', ParseUUIDPipe) reviewId: string, @Body() body: Form) {
    const back = `/plans/${id}/adulthood`;
    const fields = [
      ['employment', 'Say what the review recorded about employment'],
      ['independentLiving', 'Say what the review recorded about independent living'],
      ['community', 'Say what the review recorded about friends, relationships and community'],
      ['health', 'Say what the review recorded about good health'],
    ] as const;
    const errors = fields.filter(([f]) => !(body[f] ?? '').trim()).map(([f, m]) => fieldError(f, m));
    if (errors.length) return failForm(request, reply, back, 'pfa', errors, body);
    const result = await this.api.as(request).PUT('/api/v1/reviews/{id}/preparing-for-adulthood', {
      params: { path: { id: reviewId } },
      body: { employment: body.employment!.trim(), independentLiving: body.independentLiving!.trim(), community: body.community!.trim(), health: body.health!.trim() },
    });
    return finishForm(request, reply, result, { back, form: 'pfa', values: body, notice: 'Preparing for adulthood recorded', fallbackField: 'employment' });
  }

  @Post(':planId/adulthood/adult-social-care')
  async adultSocialCare(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/plans/${id}/adulthood`;
    const errors: FieldError[] = [];
    const optionalDate = (name: string, label: string) => {
      if (!['day', 'month', 'year'].some((p) => (body[`${name}-${p}`] ?? '').trim())) return undefined;
      const read = readDateInput(body, name, label);
      if (read.error) errors.push(read.error);
      return read.value;
    };
    const assessedOn = optionalDate('ascAssessedOn', 'the date of the adult social care assessment');
    const transferredOn = optionalDate('ascTransferredOn', 'the date of the transfer to adult social care');
    const notes = (body.ascNotes ?? '').trim() || undefined;
    if (!assessedOn && !transferredOn && !notes && !errors.length) errors.push(fieldError('ascNotes', 'Enter a date or a note about the transition to adult social care'));
    if (errors.length) return failForm(request, reply, back, 'asc', errors, body);
    const result = await this.api.as(request).PUT('/api/v1/plans/{id}/adult-social-care-transition', { params: { path: { id } }, body: { assessedOn, transferredOn, notes } });
    return finishForm(request, reply, result, { back, form: 'asc', values: body, notice: 'Transition to adult social care recorded', fallbackField: 'ascNotes', dateFields: ['ascAssessedOn', 'ascTransferredOn'], fields: { assessedOn: 'ascAssessedOn', transferredOn: 'ascTransferredOn', notes: 'ascNotes' } });
  }
}

/** A report of one F or G provision: in place or not, since when, hours delivered against specified, the gap's reason. */
export async function reportDelivery(api: ApiClient, request: FastifyRequest, reply: FastifyReply, back: string, planId: string, provisionId: string, body: Form): Promise<FastifyReply> {
  // The form's fields carry the plan and the provision (an inbox lists several plans, whose ids may repeat).
  const key = deliveryKey(planId, provisionId);
  const form = `delivery-${key}`;
  const errors: FieldError[] = [];
  const inPlace = body[`inPlace-${key}`];
  if (inPlace !== 'yes' && inPlace !== 'no') errors.push(fieldError(`inPlace-${key}`, 'Select whether the provision is in place'));
  const sinceSet = ['day', 'month', 'year'].some((p) => (body[`since-${key}-${p}`] ?? '').trim());
  const since = sinceSet ? readDateInput(body, `since-${key}`, 'the date since when') : undefined;
  if (since?.error) errors.push(since.error);
  const delivered = readHours(body[`hoursDelivered-${key}`]);
  const specified = readHours(body[`hoursSpecified-${key}`]);
  if (delivered === null) errors.push(fieldError(`hoursDelivered-${key}`, 'Hours delivered must be a number, like 2.5'));
  if (specified === null) errors.push(fieldError(`hoursSpecified-${key}`, 'Hours specified must be a number, like 3'));
  const periodRaw = body[`period-${key}`];
  const period = (['week', 'month', 'term', 'year'] as const).find((p) => p === periodRaw);
  const reason = (body[`reason-${key}`] ?? '').trim() || undefined;
  if (inPlace === 'no' && !reason) errors.push(fieldError(`reason-${key}`, 'Say why the provision is not in place'));
  if (errors.length) return failForm(request, reply, back, form, errors, body);
  const result = await api.as(request).PUT('/api/v1/plans/{id}/provision/{provisionId}/delivery', {
    params: { path: { id: planId, provisionId } },
    body: { inPlace: inPlace === 'yes', since: since?.value, hoursDelivered: delivered ?? undefined, hoursSpecified: specified ?? undefined, period, reason },
  });
  return finishForm(request, reply, result, {
    back,
    form,
    values: body,
    notice: 'Provision report saved',
    fallbackField: `inPlace-${key}`,
    dateFields: [`since-${key}`],
    fields: { inPlace: `inPlace-${key}`, since: `since-${key}`, hoursDelivered: `hoursDelivered-${key}`, hoursSpecified: `hoursSpecified-${key}`, period: `period-${key}`, reason: `reason-${key}` },
  });
}

/** The key of one provision's report form on a page: `<first 8 of the plan id>-<provision id>`. */
export function deliveryKey(planId: string, provisionId: string): string {
  return `${planId.slice(0, 8)}-${provisionId}`;
}
