import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor, Permission, RequirePermissions, uuidParam } from '@app/core';
import { toDeadlineDto, toDecisionNoticeDto } from '@app/deadlines';
import { AppealableDecision } from '@app/statutory-clock';
import { CreateReassessmentRequestDto, ReassessmentDecisionDto, ReassessmentExceptionDto, ReassessmentOutcomeDto, ReassessmentRequestDto } from '../dto/reassessment.dto';
import { ReassessmentsService, ReassessmentView } from './reassessments.service';

export function toReassessmentDto({ request: r, deadlines, noticeContacts }: ReassessmentView): ReassessmentRequestDto {
  let notice: ReassessmentRequestDto['notice'] = null;
  if (r.decision === 'refuse' && r.decisionNotifiedOn) notice = toDecisionNoticeDto(AppealableDecision.RefuseToReassess, r.decisionNotifiedOn, { subjectType: 'reassessment', subjectId: r.id }, noticeContacts);
  if (r.outcomeKind === 'notice_not_to_amend' && r.outcomeOn) notice = toDecisionNoticeDto(AppealableDecision.NotToAmend, r.outcomeOn, { subjectType: 'reassessment', subjectId: r.id }, noticeContacts);
  return {
    id: r.id,
    planId: r.planId,
    childId: r.childId,
    receivedOn: r.receivedOn,
    requestedBy: r.requestedBy,
    status: r.status,
    lastAssessedOn: r.lastAssessedOn,
    withinSixMonthsOfLastAssessment: r.withinSixMonths,
    decision: r.decision,
    decisionNotifiedOn: r.decisionNotifiedOn,
    decisionReason: r.decisionReason,
    outcomeKind: r.outcomeKind,
    outcomeOn: r.outcomeOn,
    outcomeVersionNumber: r.outcomeVersionNumber,
    exceptions: r.exceptions.map((e) => ({ id: e.id, ground: e.ground, startsOn: e.startsOn, endsOn: e.endsOn, reason: e.reason })),
    notice,
    deadlines: deadlines.map(toDeadlineDto),
    version: r.version,
  };
}

/** Re-assessment of a maintained plan (CFA s44(2)-(3); SEND Regulations 2014, regs 23-27). */
@ApiTags('reassessment')
@ApiBearerAuth()
@Controller()
export class ReassessmentsController {
  constructor(private readonly reassessments: ReassessmentsService) {}

  @Post('plans/:id/reassessment-requests')
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'A request to re-assess from the family or the institution: the decision is due (Regs 25(1); 15 days: verify); `withinSixMonthsOfLastAssessment` flags the Regs 24 ground' })
  @ApiCreatedResponse({ type: ReassessmentRequestDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async create(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: CreateReassessmentRequestDto): Promise<ReassessmentRequestDto> {
    return toReassessmentDto(await this.reassessments.request(actor, id, dto));
  }

  @Get('plans/:id/reassessment-requests')
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'A plan’s re-assessment requests, newest first' })
  @ApiOkResponse({ type: [ReassessmentRequestDto] })
  @ApiProblems(400, 401, 403, 404)
  async list(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<ReassessmentRequestDto[]> {
    return (await this.reassessments.listForPlan(actor, id)).map(toReassessmentDto);
  }

  @Get('reassessment-requests/:id')
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'One request with its deadlines and, for a refusal, the appealable notice' })
  @ApiOkResponse({ type: ReassessmentRequestDto })
  @ApiProblems(400, 401, 403, 404)
  async get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<ReassessmentRequestDto> {
    return toReassessmentDto(await this.reassessments.get(actor, id));
  }

  @Post('reassessment-requests/:id/decision')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: '`reassess` opens `reassessment_outcome` (14 weeks, Regs 27(2)); `refuse` (with `reason`) carries an appealable notice (`refuse_to_reassess`)' })
  @ApiOkResponse({ type: ReassessmentRequestDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async decide(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: ReassessmentDecisionDto): Promise<ReassessmentRequestDto> {
    return toReassessmentDto(await this.reassessments.decide(actor, id, dto));
  }

  @Post('reassessment-requests/:id/exceptions')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'A Regs 27(3) exception: the 14 weeks do not move; a management target is shown' })
  @ApiOkResponse({ type: ReassessmentRequestDto })
  @ApiProblems(400, 401, 403, 404, 409)
  async exception(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: ReassessmentExceptionDto): Promise<ReassessmentRequestDto> {
    return toReassessmentDto(await this.reassessments.recordException(actor, id, dto));
  }

  @Post('reassessment-requests/:id/outcome')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'The amended or replacement plan (a new plan version, quality-checked) or a notice not to amend (appealable): `reassessment_outcome` done' })
  @ApiOkResponse({ type: ReassessmentRequestDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async outcome(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: ReassessmentOutcomeDto): Promise<ReassessmentRequestDto> {
    return toReassessmentDto(await this.reassessments.outcome(actor, id, dto));
  }
}
