import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate, PageQueryDto } from '@app/core';
import { CLOSURE_GROUNDS, DeadlineKind, ExceptionGround } from '@app/statutory-clock';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsBoolean, IsEnum, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { AssessmentStatus, RequestSource, WithdrawalReason } from '../entities/assessment.entity';

export class CreateAssessmentDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) @IsUUID() childId: string;

  @ApiProperty({ type: 'string', format: 'date', example: '2026-01-05', description: 'Day 0 of the 20-week clock; may be backdated, never in the future' })
  @IsCalendarDate()
  requestReceivedOn: string;

  @ApiProperty({ enum: RequestSource }) @IsEnum(RequestSource) requestSource: RequestSource;

  @ApiPropertyOptional({ type: 'string', format: 'uuid', description: 'Defaults to you' }) @IsOptional() @IsUUID() caseworkerId?: string;
}

const NOTIFIED_ON = 'The day the parent or young person was notified, when later than the decision: the limit runs to it (default: the decision date)';

export class DecisionToAssessDto {
  @ApiProperty({ enum: ['assess', 'refuse'] }) @IsIn(['assess', 'refuse']) decision: 'assess' | 'refuse';
  @ApiProperty({ type: 'string', format: 'date', example: '2026-02-10' }) @IsCalendarDate() decidedOn: string;
  @ApiPropertyOptional({ type: 'string', format: 'date', example: '2026-02-11', description: NOTIFIED_ON }) @IsOptional() @IsCalendarDate() notifiedOn?: string;
}

export class DecisionToIssueDto {
  @ApiProperty({ enum: ['issue', 'not_issue'] }) @IsIn(['issue', 'not_issue']) decision: 'issue' | 'not_issue';
  @ApiProperty({ type: 'string', format: 'date', example: '2026-04-01' }) @IsCalendarDate() decidedOn: string;
  @ApiPropertyOptional({ type: 'string', format: 'date', example: '2026-04-02', description: NOTIFIED_ON }) @IsOptional() @IsCalendarDate() notifiedOn?: string;
}

export class IssuedOnDto {
  @ApiProperty({ type: 'string', format: 'date', example: '2026-04-13' }) @IsCalendarDate() issuedOn: string;
}

export class DraftPlanDto extends IssuedOnDto {
  @ApiPropertyOptional({ type: 'string', format: 'date', example: '2026-04-15', description: 'The day the draft was served, when sent by post: the 15 days begin with it (default: issuedOn)' })
  @IsOptional()
  @IsCalendarDate()
  servedOn?: string;

  @ApiPropertyOptional({
    description:
      'Issue without the Regs 6(1)(a)-(e) advice sought or reused (the parent or young person, educational, medical, psychological, social care): the documented reason (at least 10 characters), recorded on the assessment (`draftAdvice`) and audited. Without it such a draft is refused (422 `advice_not_sought`, `missing` lists each kind with its regulation)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  overrideReason?: string;

  @ApiPropertyOptional({ description: 'Issue although advice sought is still outstanding (requested or returned): the draft is recorded as issued with it outstanding (`draftAdvice.outstanding`). Without it such a draft is refused (422 `advice_outstanding`)' })
  @IsOptional()
  @IsBoolean()
  confirmOutstandingAdvice?: boolean;
}

export class FinalPlanDto extends IssuedOnDto {
  @ApiPropertyOptional({ type: 'string', format: 'date', example: '2026-05-25', description: 'The day the plan was sent to the family, the named school and the health body: the 20 weeks run to it (default: issuedOn)' })
  @IsOptional()
  @IsCalendarDate()
  notifiedOn?: string;

  @ApiPropertyOptional({ description: 'Issue without the health body’s sign-off of a section G holding provision: the documented reason (at least 10 characters), recorded and audited (docs/api.md, health)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  overrideReason?: string;
}

export class RepresentationsDto {
  @ApiProperty({ type: 'string', format: 'date', example: '2026-04-20' }) @IsCalendarDate() receivedOn: string;
  @ApiPropertyOptional({ description: 'The family asked to meet an LA officer about the draft (Regs 13(1)(b))' }) @IsOptional() @IsBoolean() meetingRequested?: boolean;
  @ApiPropertyOptional({ example: 'Demo Primary School', description: 'The school or institution the family asked to be named (CFA s38(2)(b)); it is consulted before it is named (CFA s39)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  schoolRequested?: string;
}

export class SchoolConsultationDto {
  @ApiProperty({ example: 'Demo Primary School' }) @IsString() @MinLength(1) @MaxLength(200) schoolName: string;
  @ApiPropertyOptional({ type: 'string', format: 'uuid', description: 'The school’s organisation record, if it has one' }) @IsOptional() @IsUUID() organisationId?: string;
  @ApiProperty({ type: 'string', format: 'date', example: '2026-04-22', description: 'The day the LA consulted it; it should answer within 15 days (CoP 9.83)' }) @IsCalendarDate() consultedOn: string;
}

export class SchoolConsultationResponseDto {
  @ApiProperty({ type: 'string', format: 'date', example: '2026-05-01' }) @IsCalendarDate() respondedOn: string;
  @ApiProperty({ enum: ['agrees', 'objects'] }) @IsIn(['agrees', 'objects']) response: 'agrees' | 'objects';
}

export class RecordExceptionDto {
  @ApiProperty({ enum: ExceptionGround, description: 'Regs 5(4), 10(4), 13(3) grounds (a) to (d)' }) @IsEnum(ExceptionGround) ground: ExceptionGround;
  @ApiPropertyOptional({ type: 'string', format: 'date', example: '2026-07-15', description: 'Grounds (c) and (d): the first day of the period (required for them)' })
  @ValidateIf((o: RecordExceptionDto) => !CLOSURE_GROUNDS.includes(o.ground) || o.startsOn !== undefined)
  @IsCalendarDate()
  startsOn?: string;
  @ApiPropertyOptional({ type: 'string', format: 'date', example: '2026-09-02', description: 'Grounds (c) and (d): leave out while it is still going on' }) @IsOptional() @IsCalendarDate() endsOn?: string;
  @ApiPropertyOptional({ type: 'string', format: 'uuid', description: 'Grounds (a) and (b): the LA’s request for educational advice to the closed school or early-years provider (Regs 6(1)(b))' })
  @IsOptional()
  @IsUUID()
  adviceRequestId?: string;
  @ApiPropertyOptional({ type: 'string', format: 'date', example: '2026-07-22', description: 'Grounds (a) and (b): the first day of its closure of at least 4 continuous weeks' }) @IsOptional() @IsCalendarDate() closureStartsOn?: string;
  @ApiPropertyOptional({ type: 'string', format: 'date', example: '2026-09-03', description: 'Grounds (a) and (b): the day it re-opened' }) @IsOptional() @IsCalendarDate() reopensOn?: string;
  @ApiProperty({ description: 'Why it made the step impractical; an exception only counts when it did' }) @IsString() @MinLength(3) @MaxLength(2000) reason: string;
  @ApiPropertyOptional({ enum: [DeadlineKind.DecisionToAssess, DeadlineKind.NoPlanNotice, DeadlineKind.FinalPlan], isArray: true, description: 'The limits it affects (default: all three)' })
  @IsOptional()
  @ArrayUnique()
  @ArrayMaxSize(3)
  @IsIn([DeadlineKind.DecisionToAssess, DeadlineKind.NoPlanNotice, DeadlineKind.FinalPlan], { each: true })
  affects?: DeadlineKind[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) evidence?: string;
  @ApiPropertyOptional({ type: 'string', format: 'date', description: 'When the family was told' }) @IsOptional() @IsCalendarDate() familyToldOn?: string;
}

export class WithdrawDto {
  @ApiProperty({ type: 'string', format: 'date', example: '2026-03-01' }) @IsCalendarDate() withdrawnOn: string;
  @ApiProperty({ enum: WithdrawalReason }) @IsEnum(WithdrawalReason) reason: WithdrawalReason;
}

export class AssignCaseworkerDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) @IsUUID() caseworkerId: string;
}

function toBoolean({ value }: { value: unknown }): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

export class AssessmentQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: AssessmentStatus }) @IsOptional() @IsEnum(AssessmentStatus) status?: AssessmentStatus;
  @ApiPropertyOptional({ type: 'string', format: 'uuid' }) @IsOptional() @IsUUID() caseworkerId?: string;
  @ApiPropertyOptional({ type: 'string', format: 'uuid' }) @IsOptional() @IsUUID() childId?: string;
  @ApiPropertyOptional({ description: 'Only assessments with an open deadline past its due date' }) @IsOptional() @Transform(toBoolean) @IsBoolean() overdue?: boolean;
  @ApiPropertyOptional({ description: 'Only assessments with an open deadline due on or before this date' }) @IsOptional() @IsCalendarDate() dueBefore?: string;
  @ApiPropertyOptional({ description: 'Only assessments with a closure exception recorded under the old rule (no advice request), to review' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  exceptionsToReview?: boolean;

  @ApiPropertyOptional({ description: "Only the cases of a child whose name starts with this (given or family name, or the full name) or whose UPN is this", maxLength: 100 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({
    enum: ['newest', 'nextDeadline'],
    default: 'newest',
    description: '`newest`: newest request first; `nextDeadline`: the caseload order, soonest next open deadline first (cases with none last)',
  })
  @IsOptional()
  @IsIn(['newest', 'nextDeadline'])
  sort?: 'newest' | 'nextDeadline';
}
