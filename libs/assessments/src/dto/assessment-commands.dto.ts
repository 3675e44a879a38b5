import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate, PageQueryDto } from '@app/core';
import { DeadlineKind, ExceptionGround } from '@app/statutory-clock';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsBoolean, IsEnum, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { AssessmentStatus, RequestSource, WithdrawalReason } from '../entities/assessment.entity';

export class CreateAssessmentDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) @IsUUID() childId: string;

  @ApiProperty({ type: 'string', format: 'date', example: '2026-01-05', description: 'Day 0 of the 20-week clock; may be backdated, never in the future' })
  @IsCalendarDate()
  requestReceivedOn: string;

  @ApiProperty({ enum: RequestSource }) @IsEnum(RequestSource) requestSource: RequestSource;

  @ApiPropertyOptional({ type: 'string', format: 'uuid', description: 'Defaults to you' }) @IsOptional() @IsUUID() caseworkerId?: string;
}

export class DecisionToAssessDto {
  @ApiProperty({ enum: ['assess', 'refuse'] }) @IsIn(['assess', 'refuse']) decision: 'assess' | 'refuse';
  @ApiProperty({ type: 'string', format: 'date', example: '2026-02-10' }) @IsCalendarDate() decidedOn: string;
}

export class DecisionToIssueDto {
  @ApiProperty({ enum: ['issue', 'not_issue'] }) @IsIn(['issue', 'not_issue']) decision: 'issue' | 'not_issue';
  @ApiProperty({ type: 'string', format: 'date', example: '2026-04-01' }) @IsCalendarDate() decidedOn: string;
}

export class IssuedOnDto {
  @ApiProperty({ type: 'string', format: 'date', example: '2026-04-13' }) @IsCalendarDate() issuedOn: string;
}

export class RepresentationsDto {
  @ApiProperty({ type: 'string', format: 'date', example: '2026-04-20' }) @IsCalendarDate() receivedOn: string;
}

export class RecordExceptionDto {
  @ApiProperty({ enum: ExceptionGround, description: 'Regs 5(4), 10(4), 13(3) grounds (a) to (d)' }) @IsEnum(ExceptionGround) ground: ExceptionGround;
  @ApiProperty({ type: 'string', format: 'date', example: '2026-07-15' }) @IsCalendarDate() startsOn: string;
  @ApiPropertyOptional({ type: 'string', format: 'date', example: '2026-09-02', description: 'Leave out while it is still going on' }) @IsOptional() @IsCalendarDate() endsOn?: string;
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
}
