import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiClient, must } from '../api/api-client';
import type { components } from '../api/openapi';
import { ForRoles } from '../core/access';
import { londonToday, readDateInput } from '../core/dates';
import { failForm, finishForm, readChoiceAndDate } from '../core/forms';
import { ACCESS_STATUS_LABELS, ADVICE_STATUS_LABELS, CONTRIBUTION_LABELS, DEADLINE_LABELS, deadlineTag, DISCIPLINE_LABELS, RELATIONSHIP_LABELS, STAGE_LABELS } from '../core/labels';
import { fieldError } from '../core/form-errors';
import { Views } from '../core/views';

type Status = components['schemas']['AssessmentDto']['status'];
type Form = Record<string, string | undefined>;

const PAGE_SIZE = 25;
const DISCIPLINES = ['education', 'health', 'psychology', 'social_care', 'parent', 'preparing_for_adulthood', 'other'] as const;

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
    const rows = page.items.map((item) => ({
      ...item,
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
      stages: Object.entries(STAGE_LABELS).map(([value, text]) => ({ value, text })),
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
    const [childResult, contributionsResult, familyResult] = await Promise.all([
      api.GET('/api/v1/children/{id}', { params: { path: { id: assessment.childId } } }),
      api.GET('/api/v1/assessments/{id}/family-contributions', { params: { path: { id } } }),
      api.GET('/api/v1/children/{id}/family-access', { params: { path: { id: assessment.childId } } }),
    ]);
    const child = must(childResult);
    const contributions = must(contributionsResult).map((c) => ({ ...c, kindLabel: CONTRIBUTION_LABELS[c.kind] ?? c.kind, waiting: c.needsAnswer && !c.answered }));
    const familyAccess = must(familyResult).map((g) => ({ ...g, relationshipLabel: RELATIONSHIP_LABELS[g.relationship] ?? g.relationship, statusLabel: ACCESS_STATUS_LABELS[g.status] ?? g.status }));
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
      contributions: [...contributions].reverse(),
      unanswered: contributions.filter((c) => c.waiting).length,
      familyAccess,
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
    const result = await this.api.as(request).POST('/api/v1/assessments/{id}/decision-to-assess', { params: { path: { id } }, body: { decision, decidedOn: date } });
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
    const result = await this.api.as(request).POST('/api/v1/assessments/{id}/decision-to-issue', { params: { path: { id } }, body: { decision, decidedOn: date } });
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

  @Post(':assessmentId/draft-plan')
  async draftPlan(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string, @Body() body: Form) {
    return this.dateStep(request, reply, id, body, { form: 'draft-plan', field: 'draftIssuedOn', label: 'the date the draft was issued', notice: 'Draft plan issued' }, (api, on) =>
      api.POST('/api/v1/assessments/{id}/draft-plan', { params: { path: { id } }, body: { issuedOn: on } }),
    );
  }

  @Post(':assessmentId/representations')
  async representations(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string, @Body() body: Form) {
    return this.dateStep(request, reply, id, body, { form: 'representations', field: 'representationsOn', label: 'the date the response was received', notice: "Family's response recorded" }, (api, on) =>
      api.POST('/api/v1/assessments/{id}/representations', { params: { path: { id } }, body: { receivedOn: on } }),
    );
  }

  @Post(':assessmentId/final-plan')
  async finalPlan(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string, @Body() body: Form) {
    return this.dateStep(request, reply, id, body, { form: 'final-plan', field: 'finalIssuedOn', label: 'the date the final plan was issued', notice: 'Final plan issued' }, (api, on) =>
      api.POST('/api/v1/assessments/{id}/final-plan', { params: { path: { id } }, body: { issuedOn: on } }),
    );
  }

  @Post(':assessmentId/family-access')
  async inviteFamily(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/cases/${id}`;
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
    const back = `/cases/${id}`;
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
