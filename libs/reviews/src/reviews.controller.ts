import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor, etagFor, optionalVersionFromIfMatch, Permission, RequirePermissions, uuidParam } from '@app/core';
import { toDecisionNoticeDto, toDeadlineDto } from '@app/deadlines';
import { PlanDto, toPlanDto } from '@app/plans';
import { AppealableDecision, yearGroupLabel } from '@app/statutory-clock';
import type { FastifyReply } from 'fastify';
import {
  AmendedPlanDto,
  NotAmendingDto,
  AmendedPlanIssuedDto,
  InvitationsSentDto,
  MeetingHeldDto,
  MoveMeetingDto,
  PhaseTransferDto,
  PhaseTransferQueryDto,
  PhaseTransferRowDto,
  ReviewRepresentationsDto,
  ReportIssuedDto,
  ReviewDecisionDto,
  ReviewDto,
  ReviewIntervalDto,
  ScheduleReviewDto,
} from './dto/review.dto';
import { ReviewStatus } from './entities/review.entity';
import { PhaseTransferRow, ReviewsService, ReviewView } from './reviews.service';

const IF_MATCH = { name: 'If-Match', required: false, description: 'The review’s ETag from the last read: 412 when it has changed since' } as const;

/** Reviews, amendments and phase transfers of issued plans (api-contract.md). LA staff only; professionals get 404/403. */
@ApiTags('reviews')
@ApiBearerAuth()
@Controller()
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Post('plans/:id/reviews')
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({
    summary: 'Arrange the plan’s review meeting: in the future it is scheduled (invitations due 2 weeks before, Regs 20/21); on or before today it is held (report 2 weeks, decision 4 weeks after, Regs 20/22)',
    description: 'Attaches the meeting to the review the worker opened ahead of time, or opens one. 409 review_in_progress when a review is already scheduled, held or amending; 409 plan_not_issued before the final plan or after the plan ceased.',
  })
  @ApiCreatedResponse({ type: ReviewDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async schedule(@CurrentActor() actor: Actor, @Param('id', uuidParam()) planId: string, @Body() dto: ScheduleReviewDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<ReviewDto> {
    return this.answer(await this.reviews.schedule(actor, planId, dto), reply);
  }

  @Get('plans/:id/reviews')
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'The plan’s reviews, oldest first, each with its deadlines as of today' })
  @ApiOkResponse({ type: [ReviewDto] })
  @ApiProblems(400, 401, 403, 404)
  async list(@CurrentActor() actor: Actor, @Param('id', uuidParam()) planId: string): Promise<ReviewDto[]> {
    return (await this.reviews.listForPlan(actor, planId)).map(toReviewDto);
  }

  @Put('plans/:id/phase-transfer')
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({
    summary: 'Record the plan’s move to the next phase: the phase_transfer deadline (before 15 February or 31 March of the transfer year, or 5 months before a post-16 move, Regs 18)',
  })
  @ApiOkResponse({ type: PlanDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async phaseTransfer(@CurrentActor() actor: Actor, @Param('id', uuidParam()) planId: string, @Body() dto: PhaseTransferDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<PlanDto> {
    const { plan, deadlines } = await this.reviews.setPhaseTransfer(actor, planId, dto);
    void reply.header('etag', etagFor(plan.version));
    return toPlanDto(plan, deadlines);
  }

  @Put('plans/:id/review-interval')
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'Review this plan more often than every 12 months (guidance for under-5s: every 3 to 6 months, CoP 9.178); 12 restores the statutory interval' })
  @ApiOkResponse({ type: PlanDto })
  @ApiProblems(400, 401, 403, 404, 409)
  async reviewInterval(@CurrentActor() actor: Actor, @Param('id', uuidParam()) planId: string, @Body() dto: ReviewIntervalDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<PlanDto> {
    const { plan, deadlines } = await this.reviews.setInterval(actor, planId, dto);
    void reply.header('etag', etagFor(plan.version));
    return toPlanDto(plan, deadlines);
  }

  @Get('plans')
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'The LA’s plans with a phase transfer in the given calendar year, with the year group and where each transfer review stands' })
  @ApiOkResponse({ type: [PhaseTransferRowDto] })
  @ApiProblems(400, 401, 403)
  async phaseTransfers(@CurrentActor() actor: Actor, @Query() query: PhaseTransferQueryDto): Promise<PhaseTransferRowDto[]> {
    return (await this.reviews.phaseTransfers(actor, query.phaseTransferYear)).map(toPhaseTransferRow);
  }

  @Get('reviews/:id')
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'The review with its deadlines as of today' })
  @ApiOkResponse({ type: ReviewDto })
  @ApiProblems(400, 401, 403, 404)
  async get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<ReviewDto> {
    return this.answer(await this.reviews.get(actor, id), reply);
  }

  @Post('reviews/:id/invitations')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'Record the day invitations and the advice gathered went out (due 2 weeks before the meeting, Regs 20(3)-(4), 21(3)-(4))' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ReviewDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  async invitations(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: InvitationsSentDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<ReviewDto> {
    return this.answer(await this.reviews.invitationsSent(actor, id, dto, optionalVersionFromIfMatch(ifMatch)), reply);
  }

  @Put('reviews/:id/meeting')
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'Move a scheduled meeting; a new date on or before today records it as held' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ReviewDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  async moveMeeting(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: MoveMeetingDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<ReviewDto> {
    return this.answer(await this.reviews.moveMeeting(actor, id, dto, optionalVersionFromIfMatch(ifMatch)), reply);
  }

  @Post('reviews/:id/meeting-held')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'Record the meeting as held (on its date unless heldOn says otherwise): the report and decision deadlines run from that day' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ReviewDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  async held(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: MeetingHeldDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<ReviewDto> {
    return this.answer(await this.reviews.meetingHeld(actor, id, dto, optionalVersionFromIfMatch(ifMatch)), reply);
  }

  @Post('reviews/:id/report')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'Record the day the meeting’s report was sent (due 2 weeks after the meeting, Regs 20(7), 21(7))' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ReviewDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  async report(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: ReportIssuedDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<ReviewDto> {
    return this.answer(await this.reviews.reportIssued(actor, id, dto, optionalVersionFromIfMatch(ifMatch)), reply);
  }

  @Post('reviews/:id/decision')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({
    summary: 'The LA’s decision, notified: maintain, amend or cease (due 4 weeks after the meeting, Regs 20(10), 22(2)). The review is complete and the next 12 months start on notifiedOn',
    description: '`amend` is the amendment notice: it opens amendment_representations (notice + 14 days, the family’s) and amended_plan (8 weeks after the notice, Regs 22(3)). `cease` starts ceasing the plan (as POST /plans/{id}/cease, with ceaseReason, required; 3, 4 and 6 refused for under-18s, Regs 29(1)): the review meeting counts as the consultation with the family and the institution; the plan is maintained until the appeal deadline.',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ReviewDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  async decide(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: ReviewDecisionDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<ReviewDto> {
    return this.answer(await this.reviews.decide(actor, id, dto, optionalVersionFromIfMatch(ifMatch)), reply);
  }

  @Post('reviews/:id/representations')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'The family’s representations on the proposed amendments are in: the amended plan may then be issued before the 15 days are up' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ReviewDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  async representations(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: ReviewRepresentationsDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<ReviewDto> {
    return this.answer(await this.reviews.representations(actor, id, dto, optionalVersionFromIfMatch(ifMatch)), reply);
  }

  @Post('reviews/:id/not-amending')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({
    summary: 'The LA decides, after the representations, not to amend the plan after all (Regs 22(4))',
    description: 'Closes the amended-plan duty (met on the notice if within the 8 weeks) and gives an appealable not_to_amend notice. 422 representations_window_open inside the family’s 15 days unless their representations were recorded; 409 unless the review is amending.',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ReviewDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  async notAmending(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: NotAmendingDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<ReviewDto> {
    return this.answer(await this.reviews.notAmending(actor, id, dto, optionalVersionFromIfMatch(ifMatch)), reply);
  }

  @Post('reviews/:id/amended-plan')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({
    summary: 'Issue the amended final plan: the plan’s working sections as a new version with its PDF, and the sections that changed',
    description: '422 representations_window_open before notice + 15 days unless representations were recorded; 422 plan_quality_errors when the plan is not ready (as for a final plan); 422 amendment_changes_nothing when no section differs from the version before, unless `confirmNoChanges: true`.',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: AmendedPlanIssuedDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  async amendedPlan(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: AmendedPlanDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<AmendedPlanIssuedDto> {
    const view = await this.reviews.issueAmendedPlan(actor, id, dto, optionalVersionFromIfMatch(ifMatch));
    void reply.header('etag', etagFor(view.review.version));
    return { ...toReviewDto(view), changedSections: view.changes.changedSections };
  }

  private answer(view: ReviewView, reply: FastifyReply): ReviewDto {
    void reply.header('etag', etagFor(view.review.version));
    return toReviewDto(view);
  }
}

function toReviewDto(view: ReviewView): ReviewDto {
  const r = view.review;
  const subject = { subjectType: 'review', subjectId: r.id } as const;
  return {
    id: r.id,
    planId: r.planId,
    childId: r.childId,
    status: r.status,
    meetingOn: r.meetingOn,
    heldOn: r.heldOn,
    decision: r.decision,
    notifiedOn: r.decisionNotifiedOn,
    cycleStartsOn: r.cycleStartsOn,
    cycleDueOn: r.cycleDueOn,
    openedOn: r.openedOn,
    scheduledOn: r.scheduledOn,
    invitationsSentOn: r.invitationsSentOn,
    reportIssuedOn: r.reportIssuedOn,
    yearGroup: r.yearGroup,
    preparingForAdulthood: r.preparingForAdulthood,
    proposedChanges: r.proposedChanges,
    representationsReceivedOn: r.representationsReceivedOn,
    orderedAmendmentOn: r.orderedAmendmentOn,
    amendedPlanIssuedOn: r.amendedPlanIssuedOn,
    amendedPlanVersion: r.amendedPlanVersion,
    notAmendingNotifiedOn: r.notAmendingNotifiedOn,
    notAmendingReasons: r.notAmendingReasons,
    adviceCirculatedOn: r.adviceCirculatedOn,
    nextPlacementNamed: r.nextPlacementNamed,
    directPaymentInPlan: r.directPaymentInPlan,
    directPaymentReviewedOn: r.directPaymentReviewedOn,
    directPaymentNotes: r.directPaymentNotes,
    earliestAmendedPlanOn: view.earliestAmendedPlanOn,
    version: r.version,
    decisionNotices: [
      ...(r.decision === 'maintain' && r.decisionNotifiedOn ? [toDecisionNoticeDto(AppealableDecision.NotToAmend, r.decisionNotifiedOn, subject, view.noticeContacts)] : []),
      ...(r.decision === 'cease' && r.decisionNotifiedOn ? [toDecisionNoticeDto(AppealableDecision.Cease, r.decisionNotifiedOn, subject, view.noticeContacts)] : []),
      ...(r.amendedPlanIssuedOn ? [toDecisionNoticeDto(AppealableDecision.PlanContents, r.amendedPlanIssuedOn, subject, view.noticeContacts)] : []),
      ...(r.notAmendingNotifiedOn ? [toDecisionNoticeDto(AppealableDecision.NotToAmend, r.notAmendingNotifiedOn, subject, view.noticeContacts)] : []),
    ],
    deadlines: view.deadlines.map(toDeadlineDto),
  };
}

const STAGES: Record<ReviewStatus, string> = {
  [ReviewStatus.Opened]: 'review_opened',
  [ReviewStatus.Scheduled]: 'review_scheduled',
  [ReviewStatus.Held]: 'review_held',
  [ReviewStatus.Decided]: 'decided',
  [ReviewStatus.Amending]: 'amending',
  [ReviewStatus.Amended]: 'amended',
};

function toPhaseTransferRow(row: PhaseTransferRow): PhaseTransferRowDto {
  const placement = row.plan.sections.I.items[0] as { name?: string } | undefined;
  return {
    planId: row.plan.id,
    childId: row.child.id,
    childName: `${row.child.givenName} ${row.child.familyName}`,
    dateOfBirth: row.child.dateOfBirth,
    yearGroup: row.yearGroup,
    yearGroupLabel: yearGroupLabel(row.yearGroup),
    yearGroupOverridden: row.schedule.yearGroupOverride !== null,
    kind: row.schedule.phaseTransferKind!,
    transferOn: row.schedule.phaseTransferOn!,
    deadline: toDeadlineDto(row.deadline),
    stage: row.review ? STAGES[row.review.status] : 'no_review',
    reviewId: row.review?.id ?? null,
    placement: placement?.name ?? null,
  };
}
