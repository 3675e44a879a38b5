import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiClient, must } from '../api/api-client';
import type { components } from '../api/openapi';
import { ForRoles } from '../core/access';
import { londonToday, readDateInput } from '../core/dates';
import { fieldError } from '../core/form-errors';
import { failForm, finishForm, readChoiceAndDate } from '../core/forms';
import { DEADLINE_LABELS, deadlineTag, PLAN_STATUS_LABELS } from '../core/labels';
import { PageNotFoundError } from '../core/web-errors';
import { redirect, Views } from '../core/views';

type Form = Record<string, string | undefined>;
type SectionCode = keyof components['schemas']['PlanSectionsDto'];

export const SECTIONS: { code: SectionCode; title: string }[] = [
  { code: 'A', title: 'A: Views, interests and aspirations' },
  { code: 'B', title: 'B: Special educational needs' },
  { code: 'C', title: 'C: Health needs related to SEN' },
  { code: 'D', title: 'D: Social care needs related to SEN' },
  { code: 'E', title: 'E: Outcomes' },
  { code: 'F', title: 'F: Special educational provision' },
  { code: 'G', title: 'G: Health provision' },
  { code: 'H1', title: 'H1: Social care provision (CSDPA 1970 s2)' },
  { code: 'H2', title: 'H2: Other social care provision' },
  { code: 'I', title: 'I: Placement' },
  { code: 'J', title: 'J: Personal budget' },
  { code: 'K', title: 'K: Advice and information' },
];

type Sections = components['schemas']['PlanSectionsDto'];

/** A section's structured items as the API holds them, so that saving its narrative keeps them as they are. */
function itemsOf(sections: Sections, code: SectionCode): components['schemas']['PutSectionDto']['items'] {
  switch (code) {
    case 'A':
      return undefined;
    case 'B':
    case 'C':
    case 'D':
      return sections[code].items;
    case 'E':
      return sections.E.items;
    case 'F':
    case 'G':
    case 'H1':
    case 'H2':
      return sections[code].items;
    case 'I':
      return sections.I.items;
    case 'J':
      return sections.J.items;
    case 'K':
      return sections.K.items;
  }
}

function sectionCode(code: string): SectionCode {
  const found = SECTIONS.find((s) => s.code === code);
  if (!found) throw new PageNotFoundError();
  return found.code;
}

/** The plan: its sections A to K (edited one at a time, with the plan's version), status, deadlines and the PDF. */
@Controller('plans')
@ForRoles('caseworker')
export class PlansController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
  ) {}

  @Get(':planId')
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string) {
    const api = this.api.as(request);
    const [planResult, qualityResult, reviewsResult] = await Promise.all([
      api.GET('/api/v1/plans/{id}', { params: { path: { id } } }),
      api.GET('/api/v1/plans/{id}/quality', { params: { path: { id } } }),
      api.GET('/api/v1/plans/{id}/reviews', { params: { path: { id } } }),
    ]);
    const plan = must(planResult);
    const reviews = reviewsResult.data ?? [];
    // The forms act on the latest review: its decision once the meeting is held, then the amended plan.
    const latest = reviews.reduce<(typeof reviews)[number] | undefined>((newest, r) => (!newest || (r.meetingOn ?? '') > (newest.meetingOn ?? '') ? r : newest), undefined);
    const findings = qualityResult.data ?? [];
    const today = londonToday();
    return this.views.render(reply, 'plans/plan.njk', {
      pageTitle: 'EHC plan',
      plan,
      statusLabel: PLAN_STATUS_LABELS[plan.status] ?? plan.status,
      sections: SECTIONS.map((s) => ({ ...s, text: plan.sections[s.code]?.text ?? '', items: (plan.sections[s.code] as { items?: unknown[] } | undefined)?.items?.length ?? 0 })),
      deadlines: plan.deadlines.map((d) => ({ ...d, label: DEADLINE_LABELS[d.kind] ?? d.kind, tag: deadlineTag(d, today) })),
      findings,
      reviews,
      decisionReview: latest && latest.heldOn && !latest.decision ? latest : null,
      amendReview: latest && latest.decision === 'amend' && !latest.amendedPlanIssuedOn ? latest : null,
      issued: ['issued', 'ceasing'].includes(plan.status),
      ...request.session!.takeFlash(),
    });
  }

  @Post(':planId/reviews')
  async recordReview(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/plans/${id}`;
    const date = readDateInput(body, 'meetingOn', 'the date of the review meeting');
    if (date.error || !date.value) return failForm(request, reply, back, 'review', [date.error!], body);
    const result = await this.api.as(request).POST('/api/v1/plans/{id}/reviews', { params: { path: { id } }, body: { meetingOn: date.value } });
    return finishForm(request, reply, result, { back, form: 'review', values: body, notice: 'Review meeting recorded', fallbackField: 'meetingOn', dateFields: ['meetingOn'] });
  }

  @Post(':planId/reviews/:reviewId/decision')
  async reviewDecision(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string, @Param('reviewId', ParseUUIDPipe) reviewId: string, @Body() body: Form) {
    const back = `/plans/${id}`;
    const { choice: decision, date, errors } = readChoiceAndDate(
      body,
      { field: 'reviewDecision', options: ['maintain', 'amend', 'cease'] as const, error: 'Select the decision after the review' },
      { field: 'reviewNotifiedOn', label: 'the date the family was told' },
    );
    // The direct payment in section J reviewed at this review (CFA s49): optional here, the duty shows missed without it.
    let directPaymentReviewedOn: string | undefined;
    if (['day', 'month', 'year'].some((p) => (body[`directPaymentReviewedOn-${p}`] ?? '').trim())) {
      const read = readDateInput(body, 'directPaymentReviewedOn', 'the date the direct payment was reviewed');
      if (read.error) errors.push(read.error);
      else directPaymentReviewedOn = read.value ?? undefined;
    }
    if (!decision || !date || errors.length) return failForm(request, reply, back, 'review-decision', errors, body);
    const proposedChanges = decision === 'amend' ? body.proposedChanges?.trim() || undefined : undefined;
    const directPaymentNotes = directPaymentReviewedOn ? body.directPaymentNotes?.trim() || undefined : undefined;
    const result = await this.api.as(request).POST('/api/v1/reviews/{id}/decision', { params: { path: { id: reviewId } }, body: { decision, notifiedOn: date, proposedChanges, directPaymentReviewedOn, directPaymentNotes } });
    return finishForm(request, reply, result, {
      back,
      form: 'review-decision',
      values: body,
      notice: 'Review decision saved',
      fallbackField: 'reviewDecision',
      dateFields: ['reviewNotifiedOn', 'directPaymentReviewedOn'],
      fields: { decision: 'reviewDecision', notifiedOn: 'reviewNotifiedOn', directPaymentReviewedOn: 'directPaymentReviewedOn', directPaymentNotes: 'directPaymentNotes' },
    });
  }

  @Post(':planId/reviews/:reviewId/amended-plan')
  async amendedPlan(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string, @Param('reviewId', ParseUUIDPipe) reviewId: string, @Body() body: Form) {
    const back = `/plans/${id}`;
    const date = readDateInput(body, 'amendedIssuedOn', 'the date the amended plan was issued');
    if (date.error || !date.value) return failForm(request, reply, back, 'amended-plan', [date.error!], body);
    const confirmNoChanges = body.amendedConfirmNoChanges === 'yes' || undefined;
    const result = await this.api.as(request).POST('/api/v1/reviews/{id}/amended-plan', { params: { path: { id: reviewId } }, body: { issuedOn: date.value, confirmNoChanges } });
    // An amendment that changes nothing is warned of first: the form then asks to confirm it.
    const error = result.error as { code?: string } | undefined;
    if (result.response.status === 422 && error?.code === 'amendment_changes_nothing') {
      return failForm(request, reply, back, 'amended-plan', [fieldError('amendedConfirmNoChanges', 'Confirm that you want to issue the amended plan without changes, or edit the sections to amend first')], body);
    }
    return finishForm(request, reply, result, { back, form: 'amended-plan', values: body, notice: 'Amended plan issued', fallbackField: 'amendedIssuedOn', dateFields: ['amendedIssuedOn'], fields: { issuedOn: 'amendedIssuedOn' } });
  }

  /** The family's appeal to the Tribunal against a decision on the plan (its contents, not amending it, ceasing it). */
  @Post(':planId/appeals')
  async registerAppeal(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/plans/${id}`;
    const { choice: decision, date, errors } = readChoiceAndDate(
      body,
      { field: 'appealDecision', options: ['plan_contents', 'not_to_amend', 'cease'] as const, error: 'Select the decision being appealed' },
      { field: 'noticeOn', label: 'the date the family was told of the decision' },
    );
    if (!decision || !date) return failForm(request, reply, back, 'appeal', errors, body);
    const result = await this.api.as(request).POST('/api/v1/appeals', { body: { subjectType: 'plan', subjectId: id, decision, noticeOn: date } });
    return finishForm(request, reply, result, {
      back,
      form: 'appeal',
      values: body,
      notice: 'Appeal registered',
      fallbackField: 'appealDecision',
      dateFields: ['noticeOn'],
      fields: { decision: 'appealDecision', subjectId: 'appealDecision', subjectType: 'appealDecision' },
    });
  }

  @Get(':planId/sections/:code')
  async editSection(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string, @Param('code') rawCode: string) {
    const code = sectionCode(rawCode);
    const result = await this.api.as(request).GET('/api/v1/plans/{id}', { params: { path: { id } } });
    const plan = must(result);
    const flash = request.session!.takeFlash();
    const section = SECTIONS.find((s) => s.code === code)!;
    return this.views.render(reply, 'plans/section.njk', {
      pageTitle: `Edit section ${section.title}`,
      plan,
      section,
      // The version the person started from: a save against a newer one is refused (412), never overwrites it.
      etag: (flash.values?.etag as string | undefined) ?? result.response.headers.get('etag') ?? '',
      values: { text: plan.sections[code]?.text ?? '', ...flash.values },
      errors: flash.errors,
      stale: flash.form === 'stale',
    });
  }

  @Post(':planId/sections/:code')
  async saveSection(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string, @Param('code') rawCode: string, @Body() body: Record<string, string | undefined>) {
    const code = sectionCode(rawCode);
    const back = `/plans/${id}/sections/${code}`;
    const text = body.text ?? '';
    const etag = body.etag ?? '';
    if (!etag) return failForm(request, reply, back, 'section', [fieldError('text', 'Reload the page and try again')], body);
    const api = this.api.as(request);
    const current = must(await api.GET('/api/v1/plans/{id}', { params: { path: { id } } }));
    const items = itemsOf(current.sections, code);
    const result = await api.PUT('/api/v1/plans/{id}/sections/{code}', { params: { path: { id, code }, header: { 'If-Match': etag } }, body: { text, ...(items ? { items } : {}) } });
    if (result.response.status === 412) {
      // Someone saved the plan since this page was opened: show their version and keep what this person typed.
      request.session!.setFlash({
        form: 'stale',
        errors: [fieldError('text', 'This case changed since you opened it. The section below now shows the newer version; your text is kept beneath it. Check it and save again.')],
        values: { typed: text },
      });
      return redirect(reply, back);
    }
    return finishForm(request, reply, result, { back, next: `/plans/${id}`, form: 'section', values: body, notice: `Section ${code} saved`, fallbackField: 'text' });
  }

  /** The issued plan's PDF, fetched from the API with the person's token and passed through (never a link to the API). */
  @Get(':planId/pdf')
  async pdf(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string) {
    const result = await this.api.as(request).GET('/api/v1/plans/{id}/pdf', { params: { path: { id } }, parseAs: 'arrayBuffer' });
    if (result.response.status === 202) {
      return this.views.render(reply, 'plans/pdf-pending.njk', { pageTitle: 'The PDF is being prepared', planId: id }, 200);
    }
    const bytes = must(result);
    return reply
      .code(200)
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="ehc-plan-${id}.pdf"`)
      .header('cache-control', 'no-store')
      .send(Buffer.from(bytes));
  }
}
