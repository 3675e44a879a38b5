import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate, PageQueryDto } from '@app/core';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsEmail, IsEnum, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { AdviceExceptionGround } from '@app/statutory-clock';
import { AdviceDiscipline, AdviceRequestStatus } from '../entities/advice-request.entity';

export class CreateAdviceRequestDto {
  @ApiProperty({ enum: AdviceDiscipline }) @IsEnum(AdviceDiscipline) discipline: AdviceDiscipline;

  @ApiProperty({ type: 'string', format: 'date', example: '2026-02-16', description: 'The day the adviser received the request; their 6 weeks start here' })
  @IsCalendarDate()
  requestedOn: string;

  @ApiPropertyOptional({ type: 'string', format: 'email', example: 'health@demo.test', description: 'The professional asked (an active professional user)' })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  assigneeEmail?: string;

  @ApiPropertyOptional({ type: 'string', format: 'uuid', description: 'Or an organisation serving your LA, whose members share the request' })
  @IsOptional()
  @IsUUID()
  assigneeOrganisationId?: string;

  @ApiPropertyOptional({ description: 'The question asked and the context the adviser needs' })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  question?: string;
}

export class AdviceNeedDto {
  @ApiProperty({ example: 'communication_and_interaction', description: 'Area of need' }) @IsString() @MinLength(1) @MaxLength(100) area: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(10_000) description: string;
}

export class AdviceOutcomeDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(10_000) description: string;
  @ApiPropertyOptional({ example: 'by the end of Key Stage 2' }) @IsOptional() @IsString() @MaxLength(200) timescale?: string;
}

export class AdviceProvisionDto {
  @ApiProperty({ example: 'Speech and language therapy' }) @IsString() @MinLength(1) @MaxLength(10_000) description: string;
  @ApiPropertyOptional({ example: '30 minutes weekly' }) @IsOptional() @IsString() @MaxLength(200) frequency?: string;
  @ApiPropertyOptional({ example: '12 months' }) @IsOptional() @IsString() @MaxLength(200) duration?: string;
  @ApiPropertyOptional({ example: 'NHS speech and language therapist' }) @IsOptional() @IsString() @MaxLength(200) deliveredBy?: string;
}

export class SubmitAdviceDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(50_000) summary: string;

  @ApiProperty({ type: [AdviceNeedDto] }) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => AdviceNeedDto) needs: AdviceNeedDto[];

  @ApiProperty({ type: [AdviceOutcomeDto] }) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => AdviceOutcomeDto) outcomes: AdviceOutcomeDto[];

  @ApiProperty({ type: [AdviceProvisionDto] }) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => AdviceProvisionDto) provision: AdviceProvisionDto[];

  @ApiPropertyOptional({ description: 'Required to correct advice already submitted' })
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  correctionReason?: string;
}

export const OUTSTANDING = 'outstanding';

export class AdviceRequestQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ type: 'string', format: 'uuid', description: 'Caseworkers: the requests of one assessment' }) @IsOptional() @IsUUID() assessmentId?: string;
  @ApiPropertyOptional({ enum: [...Object.values(AdviceRequestStatus), OUTSTANDING], description: '`outstanding`: requested or returned, still owed' })
  @IsOptional()
  @IsIn([...Object.values(AdviceRequestStatus), OUTSTANDING])
  status?: AdviceRequestStatus | typeof OUTSTANDING;
  @ApiPropertyOptional({ enum: AdviceDiscipline }) @IsOptional() @IsEnum(AdviceDiscipline) discipline?: AdviceDiscipline;
  @ApiPropertyOptional({ type: 'string', format: 'uuid', description: 'Requests addressed to this organisation' }) @IsOptional() @IsUUID() organisationId?: string;
  @ApiPropertyOptional({ description: 'Only advice still owed after its 6 weeks' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;
}

export class AdviceSummaryQueryDto {
  @ApiProperty({ enum: ['discipline', 'organisation'] }) @IsIn(['discipline', 'organisation']) groupBy: 'discipline' | 'organisation';
}

export class AdviceSummaryRowDto {
  @ApiProperty({ type: 'string', description: 'The discipline, or the organisation id (null: not addressed to an organisation)', nullable: true }) key: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'The organisation name when grouped by organisation' }) name: string | null;
  @ApiProperty({ description: 'Requested or returned, still owed' }) outstanding: number;
  @ApiProperty({ description: 'Outstanding and past the 6 weeks' }) overdue: number;
  @ApiProperty({ description: 'Of those, owed by a body under the Regs 8(1) duty (CFA s31 co-operation: health bodies, other LAs, YOTs)' }) overdueDuty: number;
  @ApiProperty({ description: 'Of those, past the Code’s expectation only (schools, the LA’s own services: CoP 9.52)' }) overdueExpectation: number;
  @ApiProperty({ description: 'Outstanding and due in the next 7 days' }) dueWithin7Days: number;
  @ApiProperty({ description: 'Received on or before the due date' }) receivedOnTime: number;
  @ApiProperty({ description: 'Received after the due date' }) receivedLate: number;
}

export class ReturnAdviceDto {
  @ApiProperty({ description: 'What the adviser must add or correct' }) @IsString() @MinLength(3) @MaxLength(2000) reason: string;
}

export class RecordAdviceExceptionDto {
  @ApiProperty({ enum: AdviceExceptionGround, description: 'Regs 8(2): exceptional circumstances, absence of 4+ weeks, a missed appointment' })
  @IsEnum(AdviceExceptionGround)
  ground: AdviceExceptionGround;
  @ApiProperty({ type: 'string', format: 'date', example: '2026-03-02' }) @IsCalendarDate() startsOn: string;
  @ApiPropertyOptional({ type: 'string', format: 'date', example: '2026-03-20' }) @IsOptional() @IsCalendarDate() endsOn?: string;
  @ApiProperty({ description: 'Why it made the 6 weeks impractical' }) @IsString() @MinLength(3) @MaxLength(2000) reason: string;
}

export class ReuseAdviceDto {
  @ApiProperty({ enum: AdviceDiscipline }) @IsEnum(AdviceDiscipline) discipline: AdviceDiscipline;
  @ApiProperty({ example: 'Educational psychology report of 3 March 2026 (SEN support review)', description: 'The existing advice being reused' })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reusedAdvice: string;
  @ApiProperty({ type: 'string', format: 'date', description: 'The day the adviser agreed it is sufficient' }) @IsCalendarDate() adviserAgreedOn: string;
  @ApiProperty({ type: 'string', format: 'date', description: 'The day the LA agreed' }) @IsCalendarDate() localAuthorityAgreedOn: string;
  @ApiProperty({ type: 'string', format: 'date', description: 'The day the parent or young person agreed' }) @IsCalendarDate() familyAgreedOn: string;
  @ApiPropertyOptional({ example: 'Dr A. Patel, educational psychologist', description: 'Who agreed for the adviser: the adviser whose advice is reused' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(200) adviserName?: string;
  @ApiPropertyOptional({ example: 'Sam Jones (mother)', description: 'Who agreed for the family: the parent or the young person' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(200) familyAgreedBy?: string;
}

export class AdviceExceptionDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) id: string;
  @ApiProperty({ enum: AdviceExceptionGround }) ground: AdviceExceptionGround;
  @ApiProperty({ type: 'string', format: 'date' }) startsOn: string;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) endsOn: string | null;
  @ApiProperty() reason: string;
}

export class AdviceAttachmentDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) id: string;
  @ApiProperty() fileName: string;
  @ApiProperty({ example: 'application/pdf', description: 'Detected from the content' }) mediaType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() sha256: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The submission it belongs to; null while pending' }) submissionVersion: number | null;
  @ApiProperty({ type: 'string', format: 'date-time' }) uploadedAt: string;
}

export class AdviceChildDto {
  @ApiProperty() givenName: string;
  @ApiProperty() familyName: string;
  @ApiProperty() dateOfBirth: string;
  @ApiProperty({ type: 'string', nullable: true }) settingName: string | null;
}

export class AdviceSubmissionDto {
  @ApiProperty() version: number;
  @ApiProperty() summary: string;
  @ApiProperty({ type: [AdviceNeedDto] }) needs: AdviceNeedDto[];
  @ApiProperty({ type: [AdviceOutcomeDto] }) outcomes: AdviceOutcomeDto[];
  @ApiProperty({ type: [AdviceProvisionDto] }) provision: AdviceProvisionDto[];
  @ApiProperty({ type: 'string', nullable: true }) correctionReason: string | null;
  @ApiProperty({ type: 'string', format: 'date' }) submittedOn: string;
  @ApiProperty({ type: 'string', format: 'uuid' }) submittedById: string;
}

export class AdviceRequestDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) id: string;
  @ApiProperty({ type: 'string', format: 'uuid' }) assessmentId: string;
  @ApiProperty({ example: 'EHC-2026-00042', description: "The case's reference, the same in every email, page and PDF" }) caseReference: string;
  @ApiProperty({ enum: AdviceDiscipline }) discipline: AdviceDiscipline;
  @ApiProperty({ type: 'string', format: 'date' }) requestedOn: string;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: '6 weeks from requestedOn; null for the family’s own advice, which has no deadline (Regs 6(1)(a))' }) dueOn: string | null;
  @ApiProperty({ enum: ['open', 'overdue', 'met', 'late', 'not_applicable'] }) deadlineStatus: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Negative when overdue; null without a deadline' }) daysToGo: number | null;
  @ApiProperty({ type: 'string',
    nullable: true,
    description: 'Who the 6 weeks bind: "SEND Regulations 2014, reg 8(1)" (a duty on a CFA s31 body) or "SEND Code of Practice 2015, para 9.52" (the expectation on a school or LA service)' })
  regulation: string | null;
  @ApiProperty({ type: 'boolean', nullable: true, description: 'True for a legal duty, false for the Code’s expectation or no deadline' }) statutory: boolean | null;
  @ApiProperty({ enum: AdviceRequestStatus }) status: AdviceRequestStatus;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) receivedOn: string | null;
  @ApiProperty({ type: 'string', nullable: true }) question: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) assigneeUserId: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) assigneeOrganisationId: string | null;
  @ApiProperty({ type: AdviceChildDto, description: 'Only what the adviser needs' }) child: AdviceChildDto;
  @ApiProperty({ nullable: true, type: AdviceSubmissionDto }) latestSubmission: AdviceSubmissionDto | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'Management target when an adviser exception applies (not statutory)' }) managementTargetOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) acceptedOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) returnedOn: string | null;
  @ApiProperty({ type: 'string', nullable: true }) returnReason: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'Closed without advice (status `cancelled`)' }) cancelledOn: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'Why it was closed, e.g. still open when the final plan was issued' }) cancellationReason: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: '"Tell us once": the existing advice reused' }) reusedAdvice: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) adviserAgreedOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) localAuthorityAgreedOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) familyAgreedOn: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: '"Tell us once": who agreed for the adviser' }) adviserName: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: '"Tell us once": who agreed for the family' }) familyAgreedBy: string | null;
  @ApiProperty({ type: [AdviceExceptionDto] }) exceptions: AdviceExceptionDto[];
  @ApiProperty({ type: [AdviceAttachmentDto] }) attachments: AdviceAttachmentDto[];
  @ApiProperty() version: number;
}

export class AdviceRequestPageDto {
  @ApiProperty({ type: [AdviceRequestDto] }) items: AdviceRequestDto[];
  @ApiProperty({ type: 'string', nullable: true }) nextCursor: string | null;
}
