import { IsCalendarDate } from '@app/core';
import { AdviceDiscipline } from '@app/advice';
import { RequestSource, WithdrawalReason } from '@app/assessments';
import { ExceptionGround } from '@app/statutory-clock';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsDefined, IsEnum, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf, ValidateNested } from 'class-validator';

export class ImportChildDto {
  @IsString() @MinLength(1) @MaxLength(100) givenName: string;
  @IsString() @MinLength(1) @MaxLength(100) familyName: string;
  @IsCalendarDate() dateOfBirth: string;
  @IsOptional() @IsString() @MaxLength(20) upn?: string;
  @IsOptional() @IsString() @MaxLength(20) nhsNumber?: string;
  @IsOptional() @IsString() @MaxLength(20) uln?: string;
  @IsOptional() @IsString() @MaxLength(10) postcode?: string;
}

class ImportDecisionToAssessDto {
  @IsIn(['assess', 'refuse']) decision: 'assess' | 'refuse';
  @IsCalendarDate() decidedOn: string;
  @IsOptional() @IsCalendarDate() notifiedOn?: string;
}

class ImportDecisionToIssueDto {
  @IsIn(['issue', 'not_issue']) decision: 'issue' | 'not_issue';
  @IsCalendarDate() decidedOn: string;
  @IsOptional() @IsCalendarDate() notifiedOn?: string;
}

class ImportAdviceDto {
  @IsEnum(AdviceDiscipline) discipline: AdviceDiscipline;
  @IsCalendarDate() requestedOn: string;
  @IsOptional() @IsCalendarDate() receivedOn?: string;
}

class ImportExceptionDto {
  @IsEnum(ExceptionGround) ground: ExceptionGround;
  @IsCalendarDate() startsOn: string;
  @IsOptional() @IsCalendarDate() endsOn?: string;
  @IsString() @MinLength(3) @MaxLength(2000) reason: string;
}

class ImportWithdrawalDto {
  @IsCalendarDate() withdrawnOn: string;
  @IsEnum(WithdrawalReason) reason: WithdrawalReason;
}

/** One historic assessment, as a line of the JSON-lines import. Every date goes through the same rules as live work. */
export class ImportLineDto {
  @IsOptional() @IsString() @MaxLength(100) @Matches(/^[\w./:-]+$/, { message: 'externalReference may hold letters, digits and ._/:-' }) externalReference?: string;

  @ValidateIf((o: ImportLineDto) => o.childId === undefined)
  @IsDefined({ message: 'child (or childId) is required' })
  @ValidateNested()
  @Type(() => ImportChildDto)
  child?: ImportChildDto;

  @IsOptional() @IsUUID() childId?: string;

  @IsCalendarDate() requestReceivedOn: string;
  @IsEnum(RequestSource) requestSource: RequestSource;

  @IsOptional() @ValidateNested() @Type(() => ImportDecisionToAssessDto) decisionToAssess?: ImportDecisionToAssessDto;
  @IsOptional() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => ImportAdviceDto) adviceRequests?: ImportAdviceDto[];
  @IsOptional() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => ImportExceptionDto) exceptions?: ImportExceptionDto[];
  @IsOptional() @ValidateNested() @Type(() => ImportDecisionToIssueDto) decisionToIssue?: ImportDecisionToIssueDto;
  @IsOptional() @IsCalendarDate() draftIssuedOn?: string;
  /** The day a posted draft was served, when later than its issue (the 15 days begin with it). */
  @IsOptional() @IsCalendarDate() draftServedOn?: string;
  @IsOptional() @IsCalendarDate() representationsReceivedOn?: string;
  @IsOptional() @IsCalendarDate() finalIssuedOn?: string;
  /** The day the final plan was sent, when later than its issue (the 20 weeks run to it). */
  @IsOptional() @IsCalendarDate() finalNotifiedOn?: string;
  @IsOptional() @ValidateNested() @Type(() => ImportWithdrawalDto) withdrawn?: ImportWithdrawalDto;
}
