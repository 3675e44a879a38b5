import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor, etagFor, optionalVersionFromIfMatch, Permission, RequirePermissions, uuidParam } from '@app/core';
import type { FastifyReply } from 'fastify';
import { toAssessmentDto, toAssessmentSummaryDto } from './assessment-view.mapper';
import { AssessmentCommand } from './assessment-workflow';
import { AssessmentsService } from './assessments.service';
import { AssessmentTimelineService } from './assessment-timeline.service';
import {
  AssessmentQueryDto,
  AssignCaseworkerDto,
  CreateAssessmentDto,
  DecisionToAssessDto,
  DecisionToIssueDto,
  DraftPlanDto,
  FinalPlanDto,
  RecordExceptionDto,
  RepresentationsDto,
  SchoolConsultationDto,
  SchoolConsultationResponseDto,
  WithdrawDto,
} from './dto/assessment-commands.dto';
import { AssessmentDto, AssessmentPageDto, TimelineEntryDto } from './dto/assessment-view.dto';

/** If-Match is optional on workflow commands (the status machine already refuses a repeated step); when sent, it is checked. */

/** What issuing a draft or final plan requires of the plan (libs/plans plan-quality.ts), for the operation's description. */
function issuingRules(stage: 'draft' | 'final', placement: string): string {
  return (
    `Before it is issued the plan (GET /plans/{planId}) must pass the quality check (GET /plans/{planId}/quality?stage=${stage}): ` +
    `sections A (views), B (special educational needs), E (outcomes) and F (special educational provision) each need text or items; ${placement}; ` +
    'and no other child of the LA may be named anywhere in it. Otherwise the answer is 422 `plan_quality_errors` whose `findings` list every check ' +
    '(severity `error` blocks; `warning` only informs: needs without outcomes, outcomes without provision, provision in F without frequency, duration and who delivers it). ' +
    'The issued version is frozen and its PDF rendered by the worker (GET /plans/{planId}/pdf).'
  );
}

@ApiTags('assessments')
@ApiBearerAuth()
@Controller('assessments')
export class AssessmentsController {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly timeline: AssessmentTimelineService,
  ) {}

  @Post()
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'Register a request for an EHC needs assessment (day 0 of the 20-week clock)' })
  @ApiCreatedResponse({ type: AssessmentDto })
  @ApiProblems(400, 401, 403, 404, 422)
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateAssessmentDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<AssessmentDto> {
    const assessment = await this.assessments.create(actor, dto);
    return this.respond(actor, assessment.id, reply);
  }

  @Get()
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'Assessments of your LA, newest first; filter by status, caseworker, child, overdue, due before' })
  @ApiOkResponse({ type: AssessmentPageDto })
  @ApiProblems(400, 401, 403)
  async list(@CurrentActor() actor: Actor, @Query() query: AssessmentQueryDto): Promise<AssessmentPageDto> {
    const page = await this.assessments.list(actor, query);
    return { items: page.items.map(toAssessmentSummaryDto), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'One assessment with its deadlines (as of today), exceptions and advice requests' })
  @ApiOkResponse({ type: AssessmentDto })
  @ApiProblems(400, 401, 404)
  async get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<AssessmentDto> {
    return this.respond(actor, id, reply, true);
  }

  @Get(':id/timeline')
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'What happened on the case, with who and when, oldest first' })
  @ApiOkResponse({ type: [TimelineEntryDto] })
  @ApiProblems(400, 401, 404)
  getTimeline(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<TimelineEntryDto[]> {
    return this.timeline.timeline(actor, id);
  }

  @Post(':id/decision-to-assess')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'Decide whether to assess (due 6 weeks from the request, Regs 5(1))' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: AssessmentDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  decideToAssess(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: DecisionToAssessDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(actor, id, { type: 'decide_to_assess', decision: dto.decision, decidedOn: dto.decidedOn, notifiedOn: dto.notifiedOn }, ifMatch, reply);
  }

  @Post(':id/decision-to-issue')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({
    summary: 'Decide whether to issue a plan (a "no plan" notice is due 16 weeks from the request, Regs 10(1))',
    description: 'Allowed while `assessing`. `issue` creates the working plan (the assessment then carries `planId`; edit its sections with PUT /plans/{planId}/sections/{code} and If-Match) and moves the case to `drafting`; `not_issue` closes it as `not_issuing`. 409 out of order, 422 for a date before the previous step or in the future.',
  })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: AssessmentDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  decideToIssue(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: DecisionToIssueDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(actor, id, { type: 'decide_to_issue', decision: dto.decision, decidedOn: dto.decidedOn, notifiedOn: dto.notifiedOn }, ifMatch, reply);
  }

  @Post(':id/draft-plan')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({
    summary: 'Record the draft plan served on the parent or young person (starts their 15 days, Regs 13(1))',
    description:
      `Allowed while \`drafting\`. The Regs 6(1)(a)-(e) advice (the parent or young person, educational, medical, psychological from an EP, social care) must each have been sought ` +
      '(an advice request) or reused with the agreement of the adviser, the LA and the family (POST /assessments/{id}/reused-advice, Regs 6(4)): otherwise 422 `advice_not_sought` listing `missing` kinds with their regulation, unless `overrideReason` (at least 10 characters) documents why. ' +
      'Advice requested but not yet received (requested or returned): 422 `advice_outstanding` listing it, unless `confirmOutstandingAdvice: true`; the answer then carries `draftAdvice` and the timeline says so. ' +
      issuingRules('draft', 'section I (placement) must have no items: a draft must not name a school (CFA s38(5))'),
  })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: AssessmentDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  issueDraft(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: DraftPlanDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(actor, id, { type: 'issue_draft', issuedOn: dto.issuedOn, servedOn: dto.servedOn, overrideReason: dto.overrideReason, confirmOutstandingAdvice: dto.confirmOutstandingAdvice }, ifMatch, reply);
  }

  @Post(':id/representations')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'Record the parent’s or young person’s response to the draft; the final plan may then be issued before the 15 days end' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: AssessmentDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  recordRepresentations(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: RepresentationsDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(actor, id, { type: 'record_representations', receivedOn: dto.receivedOn, meetingRequested: dto.meetingRequested, schoolRequested: dto.schoolRequested }, ifMatch, reply);
  }

  @Post(':id/final-plan')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({
    summary: 'Issue the final plan (due 20 weeks from the request, Regs 13(2))',
    description:
      'Allowed once the draft is issued, and not before the 15 days for representations end (draft + 14 days) unless representations were recorded (422 `inside_representations_window`). ' + issuingRules('final', 'section I must have exactly one item naming the school or other institution, or its type (CFA s40)'),
  })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: AssessmentDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  issueFinal(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: FinalPlanDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(actor, id, { type: 'issue_final', issuedOn: dto.issuedOn, notifiedOn: dto.notifiedOn, overrideReason: dto.overrideReason }, ifMatch, reply);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'Close an open assessment: request withdrawn, moved away, died, other' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: AssessmentDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  withdraw(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: WithdrawDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(actor, id, { type: 'withdraw', withdrawnOn: dto.withdrawnOn, reason: dto.reason }, ifMatch, reply);
  }

  @Post(':id/exceptions')
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'Record an exception to the time limits (Regs 5(4), 10(4), 13(3)); the statutory dates do not move' })
  @ApiCreatedResponse({ type: AssessmentDto, description: 'The assessment with the exception, the exceptions flag and management targets' })
  @ApiProblems(400, 401, 403, 404, 422)
  async recordException(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: RecordExceptionDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<AssessmentDto> {
    await this.assessments.recordException(actor, id, dto);
    return this.respond(actor, id, reply);
  }

  @Post(':id/school-consultations')
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'Record the consultation of a school the family asked for (CFA s39); it should answer within 15 days (CoP 9.83)' })
  @ApiCreatedResponse({ type: AssessmentDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async consultSchool(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: SchoolConsultationDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<AssessmentDto> {
    await this.assessments.recordSchoolConsultation(actor, id, dto);
    return this.respond(actor, id, reply);
  }

  @Post(':id/school-consultations/:consultationId/response')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'Record the consulted school’s answer' })
  @ApiOkResponse({ type: AssessmentDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async schoolResponse(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
    @Param('consultationId', uuidParam('consultationId')) consultationId: string,
    @Body() dto: SchoolConsultationResponseDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AssessmentDto> {
    await this.assessments.recordSchoolResponse(actor, id, consultationId, dto);
    return this.respond(actor, id, reply);
  }

  @Post(':id/caseworker')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'Reassign the case to another caseworker (or manager) of your LA' })
  @ApiOkResponse({ type: AssessmentDto })
  @ApiProblems(400, 401, 403, 404, 422)
  async assign(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: AssignCaseworkerDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<AssessmentDto> {
    await this.assessments.assignCaseworker(actor, id, dto.caseworkerId);
    return this.respond(actor, id, reply);
  }

  private async run(actor: Actor, id: string, command: AssessmentCommand, ifMatch: string | undefined, reply: FastifyReply): Promise<AssessmentDto> {
    await this.assessments.execute(actor, id, command, { expectedVersion: optionalVersionFromIfMatch(ifMatch) });
    return this.respond(actor, id, reply);
  }

  /** Commands answer with the assessment as it now is; only a GET counts as a read in the audit trail. */
  private async respond(actor: Actor, id: string, reply: FastifyReply, auditRead = false): Promise<AssessmentDto> {
    const dto = toAssessmentDto(await this.assessments.view(actor, id, { auditRead }));
    void reply.header('etag', etagFor(dto.version));
    return dto;
  }
}
