import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate } from '@app/core';
import { Type } from 'class-transformer';
import { ProvisionItemDto } from '@app/plans';
import { IsEmail, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';

export class HealthSignOffDto {
  @ApiProperty({ format: 'date', description: 'The day the health commissioning body agreed section G' }) @IsCalendarDate() agreedOn: string;
  @ApiPropertyOptional({ description: 'Caseworker only: issue without the body’s agreement, with this reason (documented and audited)' }) @IsOptional() @IsString() @MinLength(10) @MaxLength(2000) overrideReason?: string;
}

export class HealthBodyDto {
  @ApiProperty({ format: 'uuid', description: 'The plan’s health commissioning body: an organisation (kind `nhs_body`) of the LA' }) @IsUUID() organisationId: string;
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
