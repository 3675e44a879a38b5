import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate } from '@app/core';
import { DecisionNoticeDto, DeadlineDto } from '@app/deadlines';
import { ExceptionGround } from '@app/statutory-clock';
import { IsEnum, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class CreateReassessmentRequestDto {
  @ApiProperty({ format: 'date' }) @IsCalendarDate() receivedOn: string;
  @ApiProperty({ enum: ['parent', 'young_person', 'institution'], description: 'Who asked (CFA s44(2))' }) @IsIn(['parent', 'young_person', 'institution']) requestedBy: 'parent' | 'young_person' | 'institution';
}

export class ReassessmentDecisionDto {
  @ApiProperty({ enum: ['reassess', 'refuse'] }) @IsIn(['reassess', 'refuse']) decision: 'reassess' | 'refuse';
  @ApiProperty({ format: 'date' }) @IsCalendarDate() notifiedOn: string;
  @ApiPropertyOptional({ description: 'The reasons (required for a refusal: the notice gives them)' }) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class ReassessmentExceptionDto {
  @ApiProperty({ enum: ExceptionGround }) @IsEnum(ExceptionGround) ground: ExceptionGround;
  @ApiProperty({ format: 'date' }) @IsCalendarDate() startsOn: string;
  @ApiProperty({ format: 'date' }) @IsCalendarDate() endsOn: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) reason: string;
}

export class ReassessmentOutcomeDto {
  @ApiProperty({ enum: ['amended_plan', 'replacement_plan', 'notice_not_to_amend'] }) @IsIn(['amended_plan', 'replacement_plan', 'notice_not_to_amend']) kind: 'amended_plan' | 'replacement_plan' | 'notice_not_to_amend';
  @ApiProperty({ format: 'date' }) @IsCalendarDate() issuedOn: string;
}

export class ReassessmentExceptionViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ExceptionGround }) ground: string;
  @ApiProperty({ format: 'date' }) startsOn: string;
  @ApiProperty({ format: 'date' }) endsOn: string;
  @ApiProperty() reason: string;
}

export class ReassessmentRequestDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty({ format: 'uuid' }) childId: string;
  @ApiProperty({ format: 'date' }) receivedOn: string;
  @ApiProperty({ enum: ['parent', 'young_person', 'institution'] }) requestedBy: string;
  @ApiProperty({ enum: ['awaiting_decision', 'refused', 'reassessing', 'completed', 'withdrawn'] }) status: string;
  @ApiProperty({ format: 'date', description: 'The last assessment: the Regs 24 six months run from it' }) lastAssessedOn: string;
  @ApiProperty({ description: 'The request came within 6 months of the last assessment: the LA need not re-assess unless it thinks it necessary (Regs 24)' }) withinSixMonthsOfLastAssessment: boolean;
  @ApiProperty({ enum: ['reassess', 'refuse'], nullable: true }) decision: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) decisionNotifiedOn: string | null;
  @ApiProperty({ type: 'string', nullable: true }) decisionReason: string | null;
  @ApiProperty({ enum: ['amended_plan', 'replacement_plan', 'notice_not_to_amend'], nullable: true }) outcomeKind: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) outcomeOn: string | null;
  @ApiProperty({ type: 'number', nullable: true }) outcomeVersionNumber: number | null;
  @ApiProperty({ type: [ReassessmentExceptionViewDto] }) exceptions: ReassessmentExceptionViewDto[];
  @ApiProperty({ type: DecisionNoticeDto, nullable: true, description: 'A refusal (`refuse_to_reassess`) or a notice not to amend (`not_to_amend`): appealable, with its deadline and mediation information' }) notice: DecisionNoticeDto | null;
  @ApiProperty({ type: [DeadlineDto] }) deadlines: DeadlineDto[];
  @ApiProperty() version: number;
}
