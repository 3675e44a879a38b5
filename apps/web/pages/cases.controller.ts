import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiClient, must } from '../api/api-client';
import type { components } from '../api/openapi';
import { ForRoles } from '../core/access';
import { londonToday, readDateInput } from '../core/dates';
import { fieldError, FieldError } from '../core/form-errors';
import { failForm, finishForm, ifMatch, readChoiceAndDate } from '../core/forms';
import { ACCESS_STATUS_LABELS, ADVICE_STATUS_LABELS, CONTRIBUTION_LABELS, DEADLINE_LABELS, deadlineTag, DISCIPLINE_LABELS, RELATIONSHIP_LABELS, STAGE_LABELS } from '../core/labels';
import { redirect, Views } from '../core/views';

type Status = components['schemas']['AssessmentDto']['status'];
type Form = Record<string, string | undefined>;

const PAGE_SIZE = 25;
/** The caseload's stage filter: every stage, after "All stages". */
const STAGE_ITEMS = [{ value: '', text: 'All stages' }, ...Object.entries(STAGE_LABELS).map(([value, text]) => ({ value, text }))];
const EXCEPTION_GROUNDS = [
  { value: 'personal_circumstances', text: "Exceptional personal circumstances of the child or family", hint: 'Regulation 10(4)(c)' },
  { value: 'absence_from_area', text: 'The child or parent is away from the area for at least 4 weeks', hint: 'Regulation 10(4)(d)' },
] as const;
const WITHDRAWAL_REASONS = [
  { value: 'request_withdrawn', text: 'The request was withdrawn' },
  { value: 'moved_away', text: 'The child moved to another local authority' },
  { value: 'died', text: 'The child died' },
  { value: 'other', text: 'Another reason' },
] as const;
const DECISION_NOTICE_LABELS: Record<string, string> = {
  refuse_to_assess: 'Refusal to assess',
  not_to_issue: 'Decision not to issue a plan',
  plan_contents: 'The final plan',
  refuse_to_reassess: 'Refusal to re-assess',
  not_to_amend: 'Decision not to amend',
  cease: 'Decision to cease the plan',
};
/** Statuses with no further steps: the case page shows no step forms, and the exception and closing pages are not offered. */
const CLOSED: readonly Status[] = ['refused', 'not_issuing', 'plan_issued', 'withdrawn'];
const DISCIPLINES = ['education', 'health', 'psychology', 'social_care', 'parent', 'preparing_for_adulthood', 'other'] as const;
const NOTICE_DECISIONS = ['refuse_to_assess', 'not_to_issue', 'plan_contents', 'refuse_to_reassess', 'not_to_amend', 'cease'] as const;
const NOTICE_SUBJECTS = ['assessment', 'plan', 'review', 'reassessment'] as const;

/** The problem's `code` (the API's problem details), if it has one. */
function problemCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** What the draft form warns of: each kind of advice not sought and each request still outstanding, in plain words. */
function draftAdviceView(state: components['schemas']['AdviceBeforeDraftDto']) {
  const regulation = (r: string) => r.replace('SEND Regulations 2014, reg ', 'regulation ');
  return {
    notSought: state.notSought.map((k) => ({ ...k, text: `${DISCIPLINE_LABELS[k.discipline] ?? k.discipline} advice`, regulation: regulation(k.regulation) })),
    outstanding: state.outstanding.map((r) => ({ ...r, text: `${DISCIPLINE_LABELS[r.discipline] ?? r.discipline} advice` })),
  };
}

/** The caseworker's caseload and the case page with the forms for the next statutory steps (web-contract.md). */
@Controller('cases')
@ForRoles('caseworker')
export class CasesController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
  ) {}

  @Get()
  async caseload(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query() query: Form) {
    const status = query.stage && query.stage in STAGE_LABELS ? (query.stage as Status) : undefined;
    const q = query.q?.trim().slice(0, 100) || undefined;
    const cursor = query.cursor && query.cursor.length <= 512 ? query.cursor : undefined;
    const all = query.all === '1';
    const page = must(
      await this.api.as(request).GET('/api/v1/assessments', {
        params: { query: { sort: 'nextDeadline', limit: PAGE_SIZE, status, q, cursor, caseworkerId: all ? undefined : request.session!.person.id } },
      }),
    );
    const today = londonToday();
    // What the rows show, named: spreading each item and adding three fields made objects V8 handles slowly (about
    // 200 us for 25 rows against 12 us, and slower lookups in the template).
    const rows = page.items.map((item) => ({
      id: item.id,
      childName: item.childName,
      reference: item.reference,
      childUpn: item.childUpn,
      nextDeadline: item.nextDeadline,
      stage: STAGE_LABELS[item.status] ?? item.status,
      nextLabel: item.nextDeadline ? (DEADLINE_LABELS[item.nextDeadline.kind] ?? item.nextDeadline.kind) : null,
      tag: item.nextDeadline && ['overdue', 'open'].includes(item.nextDeadline.status) ? deadlineTag(item.nextDeadline, today) : null,
    }));
    const keep = (extra: Record<string, string>) => new URLSearchParams({ ...(q ? { q } : {}), ...(status ? { stage: status } : {}), ...(all ? { all: '1' } : {}), ...extra }).toString();
    return this.views.render(reply, 'cases/caseload.njk', {
      pageTitle: all ? 'All cases' : 'My cases',
      rows,
      q: q ?? '',
      stage: status ?? '',
      all,
      stageItems: STAGE_ITEMS,
      nextHref: page.nextCursor ? `/cases?${keep({ cursor: page.nextCursor })}` : null,
      firstHref: cursor ? `/cases?${keep({})}` : null,
      toggleHref: `/cases?${new URLSearchParams({ ...(q ? { q } : {}), ...(status ? { stage: status } : {}), ...(all ? {} : { all: '1' }) }).toString()}`,
      ...request.session!.takeFlash(),
    });
  }

  @Get(':assessmentId')
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string) {
    const api = this.api.as(request);
    const [assessmentResult, timelineResult] = await Promise.all([api.GET('/api/v1/assessments/{id}', { params: { path: { id } } }), api.GET('/api/v1/assessments/{id}/timeline', { params: { path: { id } } })]);
    const assessment = must(assessmentResult);
    const timeline = must(timelineResult);
    const child = must(await api.GET('/api/v1/children/{id}', { params: { path: { id: assessment.childId } } }));
    const today = londonToday();
    const flash = request.session!.takeFlash();
    const childName = `${child.givenName} ${child.familyName}`;
    return this.views.render(reply, 'cases/case.njk', {
      pageTitle: childName,
      childName,
      child,
      assessment,
      stage: STAGE_LABELS[assessment.status] ?? assessment.status,
      deadlines: assessment.deadlines.map((d) => ({ ...d, label: DEADLINE_LABELS[d.kind] ?? d.kind, tag: deadlineTag(d, today) })),
      adviceRequests: assessment.adviceRequests.map((a) => ({ ...a, disciplineLabel: DISCIPLINE_LABELS[a.discipline] ?? a.discipline, statusLabel: ADVICE_STATUS_LABELS[a.status] ?? a.status })),
      timeline: [...timeline].reverse(),
      exceptions: assessment.exceptions.map((e) => ({ ...e, groundLabel: EXCEPTION_GROUNDS.find((g) => g.value === e.ground)?.text ?? e.ground.replace(/_/g, ' ') })),
      decisionNotices: (assessment.decisionNotices ?? []).map((n) => ({
        ...n,
        label: DECISION_NOTICE_LABELS[n.decision] ?? n.decision,
        letterHref: `/cases/${assessment.id}/notice-letter?${new URLSearchParams({ decision: n.decision, subjectType: n.subjectType, subjectId: n.subjectId, notifiedOn: n.notifiedOn }).toString()}`,
      })),
      draftAdvice: draftAdviceView(assessment.adviceBeforeDraft),
      schoolConsultations: assessment.schoolConsultations,
      open: !CLOSED.includes(assessment.status),
      disciplines: DISCIPLINES.map((value) => ({ value, text: DISCIPLINE_LABELS[value] })),
      ...flash,
      // Errors belong to the form that was posted; the others show clean.
      formWithErrors: flash.form,
    });
  }

  @Post(':assessmentId/decision-to-assess')
  async decideToAssess(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/cases/${id}`;
    const form = 'decision-to-assess';
    const { choice: decision, date, errors } = readChoiceAndDate(
      body,
      { field: 'decision', options: ['assess', 'refuse'] as const, error: 'Select whether to carry out an assessment' },
      { field: 'decidedOn', label: 'the date of the decision' },
    );
    if (!decision || !date) return failForm(request, reply, back, form, errors, body);
    const result = await this.api.as(request).POST('/api/v1/assessments/{id}/decision-to-assess', { params: { path: { id } }, headers: ifMatch(body), body: { decision, decidedOn: date } });
    return finishForm(request, reply, result, { back, form, values: body, notice: 'Decision saved', fallbackField: 'decision', dateFields: ['decidedOn'] });
  }

  @Post(':assessmentId/advice-requests')
  async requestAdvice(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/cases/${id}`;
    const form = 'advice-request';
    const { choice: discipline, date, errors } = readChoiceAndDate(
      body,
      { field: 'discipline', options: DISCIPLINES, error: 'Select the kind of advice' },
      { field: 'requestedOn', label: 'the date the request was sent' },
    );
    const assigneeEmail = body.assigneeEmail?.trim() || undefined;
    const question = body.question?.trim() || undefined;
    if (!discipline || !date) return failForm(request, reply, back, form, errors, body);
    const result = await this.api.as(request).POST('/api/v1/assessments/{id}/advice-requests', { params: { path: { id } }, body: { discipline, requestedOn: date, assigneeEmail, question } });
    return finishForm(request, reply, result, { back, form, values: body, notice: 'Advice requested', fallbackField: 'discipline', dateFields: ['requestedOn'] });
  }

  @Post(':assessmentId/advice-requests/:adviceRequestId/accept')
  async acceptAdvice(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string, @Param('adviceRequestId', ParseUUIDPipe) adviceRequestId: string) {
    const result = await this.api.as(request).POST('/api/v1/advice-requests/{id}/accept', { params: { path: { id: adviceRequestId } } });
    return finishForm(request, reply, result, { back: `/cases/${id}`, form: `advice-${adviceRequestId}`, values: {}, notice: 'Advice accepted', fallbackField: `accept-${adviceRequestId}` });
  }

  @Post(':assessmentId/decision-to-issue')
  async decideToIssue(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/cases/${id}`;
    const form = 'decision-to-issue';
    const { choice: decision, date, errors } = readChoiceAndDate(
      body,
      { field: 'issueDecision', options: ['issue', 'not_issue'] as const, error: 'Select whether to issue a plan' },
      { field: 'issueDecidedOn', label: 'the date of the decision' },
    );
    if (!decision || !date) return failForm(request, reply, back, form, errors, body);
    const result = await this.api.as(request).POST('/api/v1/assessments/{id}/decision-to-issue', { params: { path: { id } }, headers: ifMatch(body), body: { decision, decidedOn: date } });
    return finishForm(request, reply, result, {
      back,
      form,
      values: body,
      notice: 'Decision to issue saved',
      fallbackField: 'issueDecision',
      dateFields: ['issueDecidedOn'],
      fields: { decision: 'issueDecision', decidedOn: 'issueDecidedOn' },
    });
  }

  /**
   * The draft plan (Regs 13): with the advice not sought, the reason to go without it (overrideReason); with advice
   * outstanding, the caseworker's confirmation (confirmOutstandingAdvice). The API's 422s land on those fields.
   */
  @Post(':assessmentId/draft-plan')
  async draftPlan(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/cases/${id}`;
    const form = 'draft-plan';
    const date = readDateInput(body, 'draftIssuedOn', 'the date the draft was issued');
    if (date.error || !date.value) return failForm(request, reply, back, form, date.error ? [date.error] : [], body);
    const overrideReason = body.draftOverrideReason?.trim().slice(0, 2000) || undefined;
    const confirmOutstandingAdvice = body.draftConfirmOutstanding === 'yes' || undefined;
    const result = await this.api.as(request).POST('/api/v1/assessments/{id}/draft-plan', { params: { path: { id } }, headers: ifMatch(body), body: { issuedOn: date.value, overrideReason, confirmOutstandingAdvice } });
    const code = problemCode(result.error);
    if (result.response.status === 422 && code === 'advice_not_sought') {
      return failForm(request, reply, back, form, [fieldError('draftOverrideReason', overrideReason ? 'Give a reason of at least 10 characters for issuing the draft without this advice' : 'Give the reason for issuing the draft without the advice not yet sought')], body);
    }
    if (result.response.status === 422 && code === 'advice_outstanding') {
      return failForm(request, reply, back, form, [fieldError('draftConfirmOutstanding', 'Confirm that the draft plan is issued with advice still outstanding')], body);
    }
    return finishForm(request, reply, result, { back, form, values: body, notice: 'Draft plan issued', fallbackField: 'draftIssuedOn', dateFields: ['draftIssuedOn'], fields: { issuedOn: 'draftIssuedOn', overrideReason: 'draftOverrideReason' } });
  }

  /** A decision notice as the PDF letter the worker renders (GET /decision-notices/letter), passed through. */
  @Get(':assessmentId/notice-letter')
  async noticeLetter(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string, @Query() query: Form) {
    const decision = NOTICE_DECISIONS.find((d) => d === query.decision);
    const subjectType = NOTICE_SUBJECTS.find((s) => s === query.subjectType);
    const subjectId = query.subjectId && /^[0-9a-f-]{36}$/i.test(query.subjectId) ? query.subjectId : undefined;
    const notifiedOn = query.notifiedOn && /^\d{4}-\d{2}-\d{2}$/.test(query.notifiedOn) ? query.notifiedOn : undefined;
    if (!decision || !subjectType || !subjectId || !notifiedOn) return this.views.render(reply, 'errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    const result = await this.api.as(request).GET('/api/v1/decision-notices/letter', { params: { query: { decision, subjectType, subjectId, notifiedOn } }, parseAs: 'arrayBuffer' });
    const label = DECISION_NOTICE_LABELS[decision] ?? decision;
    if (result.response.status === 202) {
      return this.views.render(reply, 'cases/notice-letter-pending.njk', { pageTitle: 'The letter is being prepared', label, back: `/cases/${id}`, retry: request.url }, 200);
    }
    if (result.response.status === 422 && problemCode(result.error) === 'notice_contacts_missing') {
      return this.views.render(reply, 'cases/notice-letter-pending.njk', { pageTitle: 'The letter cannot be made yet', label, back: `/cases/${id}`, contactsMissing: true }, 200);
    }
    const bytes = must(result);
    return reply
      .code(200)
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="decision-notice-${decision}-${notifiedOn}.pdf"`)
      .header('cache-control', 'no-store')
      .send(Buffer.from(bytes));
  }

  @Post(':assessmentId/representations')
  async representations(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string, @Body() body: Form) {
    return this.dateStep(request, reply, id, body, { form: 'representations', field: 'representationsOn', label: 'the date the response was received', notice: "Family's response recorded" }, (api, on) =>
      api.POST('/api/v1/assessments/{id}/representations', { params: { path: { id } }, headers: ifMatch(body), body: { receivedOn: on } }),
    );
  }

  @Post(':assessmentId/final-plan')
  async finalPlan(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string, @Body() body: Form) {
    return this.dateStep(request, reply, id, body, { form: 'final-plan', field: 'finalIssuedOn', label: 'the date the final plan was issued', notice: 'Final plan issued' }, (api, on) =>
      api.POST('/api/v1/assessments/{id}/final-plan', { params: { path: { id } }, headers: ifMatch(body), body: { issuedOn: on } }),
    );
  }

  /**
   * The family on their own page (the case page stays at three API calls): who follows the case online and the
   * invitation, and every contribution with the form that answers it.
   */
  @Get(':assessmentId/family')
  async family(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string) {
    const api = this.api.as(request);
    const assessment = must(await api.GET('/api/v1/assessments/{id}', { params: { path: { id } } }));
    const [childResult, contributionsResult, familyResult] = await Promise.all([
      api.GET('/api/v1/children/{id}', { params: { path: { id: assessment.childId } } }),
      api.GET('/api/v1/assessments/{id}/family-contributions', { params: { path: { id } } }),
      api.GET('/api/v1/children/{id}/family-access', { params: { path: { id: assessment.childId } } }),
    ]);
    const child = must(childResult);
    const contributions = must(contributionsResult).map((c) => ({ ...c, kindLabel: CONTRIBUTION_LABELS[c.kind] ?? c.kind, waiting: c.needsAnswer && !c.answered }));
    const familyAccess = must(familyResult).map((g) => ({ ...g, relationshipLabel: RELATIONSHIP_LABELS[g.relationship] ?? g.relationship, statusLabel: ACCESS_STATUS_LABELS[g.status] ?? g.status }));
    const childName = `${child.givenName} ${child.familyName}`;
    const flash = request.session!.takeFlash();
    return this.views.render(reply, 'cases/family.njk', {
      pageTitle: `The family of ${childName}`,
      childName,
      assessment,
      contributions: [...contributions].reverse(),
      unanswered: contributions.filter((c) => c.waiting).length,
      familyAccess,
      ...flash,
      formWithErrors: flash.form,
    });
  }

  @Post(':assessmentId/family-access')
  async inviteFamily(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/cases/${id}/family`;
    const form = 'family-invite';
    const values = { familyEmail: body.familyEmail?.trim() ?? '', familyName: body.familyName?.trim() ?? '', relationship: body.relationship ?? '' };
    const relationship = (['parent', 'young_person', 'representative'] as const).find((r) => r === values.relationship);
    const errors = [
      ...(values.familyName ? [] : [fieldError('familyName', 'Enter the family member’s name')]),
      ...(/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.familyEmail) ? [] : [fieldError('familyEmail', values.familyEmail ? 'Enter an email address in the correct format, like name@example.com' : 'Enter the family member’s email address')]),
      ...(relationship ? [] : [fieldError('relationship', 'Select who they are')]),
    ];
    if (errors.length || !relationship) return failForm(request, reply, back, form, errors, values);
    const assessment = must(await this.api.as(request).GET('/api/v1/assessments/{id}', { params: { path: { id } } }));
    const result = await this.api.as(request).POST('/api/v1/children/{id}/family-access', { params: { path: { id: assessment.childId } }, body: { email: values.familyEmail, name: values.familyName, relationship } });
    return finishForm(request, reply, result, { back, form, values, notice: 'Invitation sent', fallbackField: 'familyEmail', fields: { email: 'familyEmail', name: 'familyName' } });
  }

  @Post(':assessmentId/family-contributions/:contributionId/answer')
  async answerContribution(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string, @Param('contributionId', ParseUUIDPipe) contributionId: string, @Body() body: Form) {
    const back = `/cases/${id}/family`;
    const form = `answer-${contributionId}`;
    const values = { reflected: body.reflected ?? '', reason: body.reason?.trim() ?? '' };
    const errors = [
      ...(['yes', 'no'].includes(values.reflected) ? [] : [fieldError(`reflected-${contributionId}`, 'Select whether the plan reflects this')]),
      ...(values.reason ? (values.reason.length > 2000 ? [fieldError(`reason-${contributionId}`, 'The reason must be 2000 characters or fewer')] : []) : [fieldError(`reason-${contributionId}`, 'Enter the reason the family will read')]),
    ];
    if (errors.length) return failForm(request, reply, back, form, errors, values);
    const result = await this.api.as(request).POST('/api/v1/family-contributions/{id}/answer', { params: { path: { id: contributionId } }, body: { reflected: values.reflected === 'yes', reason: values.reason } });
    return finishForm(request, reply, result, { back, form, values, notice: 'Answer saved', fallbackField: `reason-${contributionId}`, fields: { reflected: `reflected-${contributionId}`, reason: `reason-${contributionId}` } });
  }

  /** One advice request as the caseworker reads it: the advice, its files, and the forms to accept or return it. */
  @Get(':assessmentId/advice/:adviceRequestId')
  async advice(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string, @Param('adviceRequestId', ParseUUIDPipe) adviceRequestId: string) {
    const advice = must(await this.api.as(request).GET('/api/v1/advice-requests/{id}', { params: { path: { id: adviceRequestId } } }));
    if (advice.assessmentId !== id) return must({ response: new Response(null, { status: 404 }) });
    const childName = advice.child ? `${advice.child.givenName} ${advice.child.familyName}` : 'the child';
    const disciplineLabel = DISCIPLINE_LABELS[advice.discipline] ?? advice.discipline;
    return this.views.render(reply, 'cases/advice.njk', {
      pageTitle: `${disciplineLabel} advice about ${childName}`,
      childName,
      disciplineLabel,
      statusLabel: ADVICE_STATUS_LABELS[advice.status] ?? advice.status,
      advice,
      assessmentId: id,
      attachments: advice.attachments.filter((a) => a.submissionVersion !== null),
      ...request.session!.takeFlash(),
    });
  }

  /** A file of the advice, streamed from the API with its name and type (the API checked both on upload). */
  @Get(':assessmentId/advice/:adviceRequestId/attachments/:attachmentId')
  async attachment(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('adviceRequestId', ParseUUIDPipe) adviceRequestId: string,
    @Param('attachmentId', ParseUUIDPipe) attachmentId: string,
  ) {
    return sendAttachment(this.api, request, reply, adviceRequestId, attachmentId);
  }

  @Post(':assessmentId/advice-requests/:adviceRequestId/return')
  async returnAdvice(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('assessmentId', ParseUUIDPipe) id: string,
    @Param('adviceRequestId', ParseUUIDPipe) adviceRequestId: string,
    @Body() body: Form,
  ) {
    const back = `/cases/${id}/advice/${adviceRequestId}`;
    const reason = body.reason?.trim() ?? '';
    if (reason.length < 3) return failForm(request, reply, back, 'return-advice', [fieldError('reason', 'Enter what the adviser must add or correct')], body);
    const result = await this.api.as(request).POST('/api/v1/advice-requests/{id}/return', { params: { path: { id: adviceRequestId } }, body: { reason } });
    return finishForm(request, reply, result, { back, next: `/cases/${id}`, form: 'return-advice', values: body, notice: 'Advice returned to the adviser', fallbackField: 'reason' });
  }

  /**
   * "Record an exception" and "Close the case" on pages of their own, linked from the case page: rarely used, and their
   * GOV.UK radios and date inputs were most of the case page's render time (docs/benchmarks.md). Two API calls (the
   * case, then its child for the caption); a closed case has neither form, so they send the person back to the case.
   */
  private async formPage(request: FastifyRequest, reply: FastifyReply, id: string, template: string, title: string, extra: Record<string, unknown>) {
    const api = this.api.as(request);
    const assessment = must(await api.GET('/api/v1/assessments/{id}', { params: { path: { id } } }));
    if (CLOSED.includes(assessment.status)) return redirect(reply, `/cases/${id}`);
    const child = must(await api.GET('/api/v1/children/{id}', { params: { path: { id: assessment.childId } } }));
    const childName = `${child.givenName} ${child.familyName}`;
    return this.views.render(reply, template, { pageTitle: `${title}: ${childName}`, childName, assessment, ...extra, ...request.session!.takeFlash() });
  }

  @Get(':assessmentId/exceptions/new')
  async exceptionForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string) {
    return this.formPage(request, reply, id, 'cases/exception.njk', 'Record an exception', {
      exceptionGrounds: EXCEPTION_GROUNDS.map((g) => ({ value: g.value, text: g.text, hint: { text: g.hint } })),
    });
  }

  @Get(':assessmentId/withdraw')
  async withdrawForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string) {
    return this.formPage(request, reply, id, 'cases/withdraw.njk', 'Close the case', { withdrawalReasons: WITHDRAWAL_REASONS });
  }

  /** "Tell us once" (Regs 6(4)) on its own page: existing advice the adviser, the LA and the family agree is enough. */
  @Get(':assessmentId/reused-advice/new')
  async reusedAdviceForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string) {
    return this.formPage(request, reply, id, 'cases/reused-advice.njk', 'Record advice reused', {
      reuseDisciplines: DISCIPLINES.map((value) => ({ value, text: DISCIPLINE_LABELS[value] })),
    });
  }

  @Post(':assessmentId/reused-advice')
  async recordReusedAdvice(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/cases/${id}/reused-advice/new`;
    const form = 'reused-advice';
    const errors: FieldError[] = [];
    const discipline = DISCIPLINES.find((d) => d === body.discipline);
    if (!discipline) errors.push(fieldError('discipline', 'Select the kind of advice reused'));
    const reusedAdvice = body.reusedAdvice?.trim() ?? '';
    if (reusedAdvice.length < 3) errors.push(fieldError('reusedAdvice', 'Describe the existing advice, for example its author, title and date'));
    const dates = (['adviserAgreedOn', 'localAuthorityAgreedOn', 'familyAgreedOn'] as const).map((field) =>
      readDateInput(body, field, { adviserAgreedOn: 'the date the adviser agreed', localAuthorityAgreedOn: 'the date the council agreed', familyAgreedOn: 'the date the family agreed' }[field]),
    );
    for (const d of dates) if (d.error) errors.push(d.error);
    const [adviserAgreedOn, localAuthorityAgreedOn, familyAgreedOn] = dates.map((d) => d.value);
    if (errors.length || !discipline || !adviserAgreedOn || !localAuthorityAgreedOn || !familyAgreedOn) return failForm(request, reply, back, form, errors, body);
    const adviserName = body.adviserName?.trim() || undefined;
    const familyAgreedBy = body.familyAgreedBy?.trim() || undefined;
    const result = await this.api.as(request).POST('/api/v1/assessments/{id}/reused-advice', {
      params: { path: { id } },
      body: { discipline, reusedAdvice, adviserAgreedOn, localAuthorityAgreedOn, familyAgreedOn, adviserName, familyAgreedBy },
    });
    return finishForm(request, reply, result, {
      back,
      next: `/cases/${id}`,
      form,
      values: body,
      notice: 'Advice reused recorded',
      fallbackField: 'discipline',
      dateFields: ['adviserAgreedOn', 'localAuthorityAgreedOn', 'familyAgreedOn'],
    });
  }

  /** An exception to the 20 weeks (Regs 10(4)(c) and (d)): the period, and why it made the step impractical. */
  @Post(':assessmentId/exceptions')
  async recordException(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/cases/${id}/exceptions/new`;
    const form = 'exception';
    const errors: FieldError[] = [];
    const ground = EXCEPTION_GROUNDS.find((g) => g.value === body.ground)?.value;
    if (!ground) errors.push(fieldError('ground', 'Select why the time limit cannot be met'));
    const startsOn = readDateInput(body, 'exceptionStartsOn', 'the first day of the period');
    if (startsOn.error) errors.push(startsOn.error);
    const hasEnd = ['day', 'month', 'year'].some((part) => (body[`exceptionEndsOn-${part}`] ?? '').trim());
    const endsOn = hasEnd ? readDateInput(body, 'exceptionEndsOn', 'the last day of the period') : {};
    if (endsOn.error) errors.push(endsOn.error);
    const reason = body.exceptionReason?.trim() ?? '';
    if (reason.length < 3) errors.push(fieldError('exceptionReason', 'Enter why it made the step impractical'));
    if (errors.length || !ground || !startsOn.value) return failForm(request, reply, back, form, errors, body);
    const result = await this.api.as(request).POST('/api/v1/assessments/{id}/exceptions', {
      params: { path: { id } },
            body: { ground, startsOn: startsOn.value, endsOn: endsOn.value, reason },
    });
    return finishForm(request, reply, result, {
      back,
      next: `/cases/${id}`,
      form,
      values: body,
      notice: 'Exception recorded',
      fallbackField: 'ground',
      dateFields: ['exceptionStartsOn', 'exceptionEndsOn'],
      fields: { startsOn: 'exceptionStartsOn', endsOn: 'exceptionEndsOn', reason: 'exceptionReason' },
    });
  }

  /** Consulting the school or college the family asked for (CFA s39(2)); it should answer within 15 days. */
  @Post(':assessmentId/school-consultations')
  async consultSchool(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/cases/${id}`;
    const form = 'school-consultation';
    const schoolName = body.schoolName?.trim() ?? '';
    const consultedOn = readDateInput(body, 'consultedOn', 'the date the school was consulted');
    const errors = [...(schoolName ? [] : [fieldError('schoolName', 'Enter the name of the school or college')]), ...(consultedOn.error ? [consultedOn.error] : [])];
    if (errors.length || !consultedOn.value) return failForm(request, reply, back, form, errors, body);
    const result = await this.api.as(request).POST('/api/v1/assessments/{id}/school-consultations', { params: { path: { id } }, body: { schoolName, consultedOn: consultedOn.value } });
    return finishForm(request, reply, result, { back, form, values: body, notice: 'School consulted', fallbackField: 'schoolName', dateFields: ['consultedOn'] });
  }

  @Post(':assessmentId/school-consultations/:consultationId/response')
  async schoolResponse(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('assessmentId', ParseUUIDPipe) id: string,
    @Param('consultationId', ParseUUIDPipe) consultationId: string,
    @Body() body: Form,
  ) {
    const form = `school-answer-${consultationId}`;
    const { choice: response, date, errors } = readChoiceAndDate(
      body,
      { field: 'schoolAnswer', options: ['agrees', 'objects'] as const, error: "Select the school's answer" },
      { field: 'respondedOn', label: 'the date the school answered' },
    );
    if (!response || !date) return failForm(request, reply, `/cases/${id}`, form, errors, body);
    const result = await this.api.as(request).POST('/api/v1/assessments/{id}/school-consultations/{consultationId}/response', {
      params: { path: { id, consultationId } },
            body: { response, respondedOn: date },
    });
    return finishForm(request, reply, result, {
      back: `/cases/${id}`,
      form,
      values: body,
      notice: "School's answer recorded",
      fallbackField: 'schoolAnswer',
      dateFields: ['respondedOn'],
      fields: { response: 'schoolAnswer' },
    });
  }

  @Post(':assessmentId/withdraw')
  async withdraw(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const { choice: reason, date, errors } = readChoiceAndDate(
      body,
      { field: 'withdrawalReason', options: WITHDRAWAL_REASONS.map((r) => r.value), error: 'Select why the case is closed' },
      { field: 'withdrawnOn', label: 'the date of the withdrawal' },
    );
    const back = `/cases/${id}/withdraw`;
    if (!reason || !date) return failForm(request, reply, back, 'withdraw', errors, body);
    const result = await this.api.as(request).POST('/api/v1/assessments/{id}/withdraw', { params: { path: { id } }, headers: ifMatch(body), body: { reason, withdrawnOn: date } });
    return finishForm(request, reply, result, { back, next: `/cases/${id}`, form: 'withdraw', values: body, notice: 'Case closed', fallbackField: 'withdrawalReason', dateFields: ['withdrawnOn'], fields: { reason: 'withdrawalReason' } });
  }

  /** A step whose only input is one date (draft, representations, final plan): read it, call the API, come back. */
  private async dateStep(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    body: Form,
    step: { form: string; field: string; label: string; notice: string },
    call: (api: ReturnType<ApiClient['as']>, on: string) => Promise<{ error?: unknown; response: Response }>,
  ) {
    const back = `/cases/${id}`;
    const date = readDateInput(body, step.field, step.label);
    if (date.error || !date.value) return failForm(request, reply, back, step.form, date.error ? [date.error] : [], body);
    const result = await call(this.api.as(request), date.value);
    return finishForm(request, reply, result, {
      back,
      form: step.form,
      values: body,
      notice: step.notice,
      fallbackField: step.field,
      dateFields: [step.field],
      fields: { issuedOn: step.field, receivedOn: step.field },
    });
  }
}

/** Streams an advice attachment from the API to the browser, as a download with its stored name. */
export async function sendAttachment(api: ApiClient, request: FastifyRequest, reply: FastifyReply, adviceRequestId: string, attachmentId: string): Promise<FastifyReply> {
  const result = await api.as(request).GET('/api/v1/advice-requests/{id}/attachments/{attachmentId}', { params: { path: { id: adviceRequestId, attachmentId } }, parseAs: 'arrayBuffer' });
  const bytes = must(result) as ArrayBuffer;
  const headers = result.response.headers;
  return reply
    .code(200)
    .type(headers.get('content-type') ?? 'application/octet-stream')
    .header('content-disposition', headers.get('content-disposition') ?? 'attachment')
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(Buffer.from(bytes));
}
