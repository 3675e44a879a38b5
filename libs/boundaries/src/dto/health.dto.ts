import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate } from '@app/core';
import { Type } from 'class-transformer';
import { ProvisionItemDto } from '@app/plans';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { HEALTH_BODY_ANSWERS } from '../entities/health-body-change.entity';

export class HealthSignOffDto {
  @ApiProperty({ format: 'date', description: 'The day the health commissioning body agreed section G' }) @IsCalendarDate() agreedOn: string;
  @ApiPropertyOptional({ description: 'Caseworker only: issue without the body’s agreement, with this reason (documented and audited)' }) @IsOptional() @IsString() @MinLength(10) @MaxLength(2000) overrideReason?: string;
}

export class HealthBodyDto {
  @ApiProperty({ format: 'uuid', description: 'The plan’s health commissioning body: an organisation (kind `nhs_body`) of the LA' }) @IsUUID() organisationId: string;
  @ApiPropertyOptional({ format: 'date', description: 'A change of body (Regs 16): the day the new body became responsible, or learned it had (default today); its 15 working days begin with it' }) @IsOptional() @IsCalendarDate() changedOn?: string;
}

export class HealthBodyChangeAnswerDto {
  @ApiProperty({ enum: HEALTH_BODY_ANSWERS, description: 'The new body secures the health provision in section G, or asks the LA to review the plan, or to assess (Regs 16)' }) @IsIn(HEALTH_BODY_ANSWERS) answer: (typeof HEALTH_BODY_ANSWERS)[number];
  @ApiProperty({ format: 'date', description: 'The day the new body answered' }) @IsCalendarDate() answeredOn: string;
  @ApiPropertyOptional({ description: 'What it said (or where its letter is)' }) @IsOptional() @IsString() @MaxLength(4000) note?: string;
}

export class HealthBodyChangeDeadlineDto {
  @ApiProperty({ enum: ['health_body_review'] }) kind: string;
  @ApiProperty({ format: 'date' }) startsOn: string;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty() regulation: string;
  @ApiProperty({ enum: ['open', 'overdue', 'met', 'late', 'not_applicable'] }) status: string;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) completedOn: string | null;
  @ApiProperty() explanation: string;
}

export class HealthBodyChangeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty({ format: 'uuid' }) fromOrganisationId: string;
  @ApiProperty({ format: 'uuid' }) toOrganisationId: string;
  @ApiProperty({ format: 'date' }) changedOn: string;
  @ApiProperty({ type: 'string', nullable: true, enum: HEALTH_BODY_ANSWERS }) answer: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) answeredOn: string | null;
  @ApiProperty({ type: 'string', nullable: true }) answerNote: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'Superseded by a later change, or the plan stopped being maintained, before it was answered: the duty fell away' }) endedOn: string | null;
  @ApiProperty({ type: [HealthBodyChangeDeadlineDto], description: 'The new body’s 15 working days (Regs 16)' }) deadlines: HealthBodyChangeDeadlineDto[];
}

export class HealthSignOffViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty({ enum: ['agreed', 'override'] }) kind: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) organisationId: string | null;
  @ApiProperty({ format: 'date' }) agreedOn: string;
  @ApiProperty({ type: 'string', nullable: true }) overrideReason: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) signedById: string | null;
  @ApiProperty({ description: 'False once section G changed after this sign-off' }) current: boolean;
}

export class HealthStatusDto {
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) healthBodyId: string | null;
  @ApiProperty({ description: 'Section G holds health provision' }) sectionGHasProvision: boolean;
  @ApiProperty({ description: 'A final plan may be issued: G is empty, or agreed (or overridden) as it stands' }) satisfied: boolean;
  @ApiProperty({ type: [HealthSignOffViewDto] }) signOffs: HealthSignOffViewDto[];
  @ApiProperty({ type: [HealthBodyChangeDto], description: 'Changes of the health commissioning body (Regs 16), oldest first, each with the new body’s deadline' }) bodyChanges: HealthBodyChangeDto[];
}

export class NamedOfficerDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty() @IsEmail() @MaxLength(320) email: string;
  @ApiPropertyOptional({ type: 'string', nullable: true }) @IsOptional() @IsString() @MaxLength(40) phone?: string | null;
  @ApiPropertyOptional({ type: 'string', format: 'uuid', nullable: true }) @IsOptional() @IsUUID() organisationId?: string | null;
}

export class DesignatedOfficersDto {
  @ApiPropertyOptional({ type: NamedOfficerDto, nullable: true, description: 'Designated Clinical Officer (health)' }) @IsOptional() @ValidateNested() @Type(() => NamedOfficerDto) dco?: NamedOfficerDto | null;
  @ApiPropertyOptional({ type: NamedOfficerDto, nullable: true, description: 'Designated Social Care Officer' }) @IsOptional() @ValidateNested() @Type(() => NamedOfficerDto) dsco?: NamedOfficerDto | null;
}

export class BodyNoticeDto {
  @ApiProperty({ enum: ['health', 'social_care'] }) body: string;
  @ApiProperty({ enum: ['assessment_considered', 'decision'] }) event: string;
  @ApiProperty({ format: 'date' }) notifiedOn: string;
  @ApiProperty({ nullable: true, type: 'object', properties: { name: { type: 'string' }, email: { type: 'string' } } }) addressee: { name: string; email: string } | null;
  @ApiProperty() regulation: string;
}

export class HealthInboxSectionGDto {
  @ApiProperty({ description: 'The narrative of section G' }) text: string;
  @ApiProperty({ type: [ProvisionItemDto], description: 'The health provision, as in the plan' }) items: ProvisionItemDto[];
}

export class HealthInboxItemDto {
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty({ format: 'uuid' }) childId: string;
  @ApiProperty() childName: string;
  @ApiProperty({ enum: ['drafting', 'draft_issued', 'issued', 'ceasing', 'ceased'] }) planStatus: string;
  @ApiProperty({ type: HealthInboxSectionGDto, description: 'Section G as it stands: what the sign-off agrees' }) sectionG: HealthInboxSectionGDto;
  @ApiProperty({ type: HealthStatusDto }) status: HealthStatusDto;
}
