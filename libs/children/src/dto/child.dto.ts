import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { IsCalendarDate, PageQueryDto } from '@app/core';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsEmail, IsEnum, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { ContactRelationship } from '../entities/family-contact.entity';
import { Sex } from '../entities/child.entity';

const NAME = /^[\p{L}\p{M}][\p{L}\p{M}' .-]*$/u;

export class CreateFamilyContactDto {
  @ApiProperty({ example: 'Alex Smith' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ enum: ContactRelationship }) @IsEnum(ContactRelationship) relationship: ContactRelationship;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() hasParentalResponsibility?: boolean;
  @ApiPropertyOptional({ type: 'string', format: 'email' }) @IsOptional() @IsEmail() @MaxLength(320) email?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(/^[+\d][\d ()-]{5,30}$/, { message: 'phone must be a telephone number' }) phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) address?: string;
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() isMainContact?: boolean;
}

export class UpdateFamilyContactDto extends PartialType(CreateFamilyContactDto) {}

export class CreateChildDto {
  @ApiProperty({ example: 'Zoë' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(NAME, { message: 'givenName must be letters, spaces, hyphens or apostrophes' })
  givenName: string;

  @ApiProperty({ example: 'Łukasz-Smith' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(NAME, { message: 'familyName must be letters, spaces, hyphens or apostrophes' })
  familyName: string;

  @ApiProperty({ example: '2016-03-14', description: 'YYYY-MM-DD; not in the future' })
  @IsCalendarDate()
  dateOfBirth: string;

  @ApiPropertyOptional({ enum: Sex }) @IsOptional() @IsEnum(Sex) sex?: Sex;

  @ApiPropertyOptional({ example: 'D201000012340', description: 'Unique Pupil Number: 13 characters with a valid check letter', pattern: '^[A-HJ-NP-RT-Za-hj-np-rt-z][0-9]{11}[0-9A-HJ-NP-RT-Za-hj-np-rt-z]$' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  upn?: string;

  @ApiPropertyOptional({ example: '1234567890', description: 'Unique Learner Number: 10 digits', pattern: '^[1-9][0-9]{9}$' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  uln?: string;

  @ApiPropertyOptional({ example: '9434765919', description: 'NHS number: 10 digits (spaces or hyphens between the groups allowed), modulus 11 check digit', pattern: '^[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4}$' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  nhsNumber?: string;

  @ApiPropertyOptional({ example: 'SW1A 1AA', description: 'A UK postcode', pattern: '^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$' }) @IsOptional() @IsString() @MaxLength(10) postcode?: string;

  @ApiPropertyOptional({ example: 'WBRI', description: 'DfE ethnicity code' })
  @IsOptional()
  @Matches(/^[A-Z]{4}$/, { message: 'ethnicity must be a four-letter DfE code such as WBRI' })
  ethnicity?: string;

  @ApiPropertyOptional({ example: '100000', description: 'URN of the current setting, or a SEN2 code (OLA, OPA, EHE, EYP, OTH, NEET, NIEC, NIEO)' })
  @IsOptional()
  @Matches(/^(\d{6}|OLA|OPA|EHE|EYP|OTH|NEET|NIEC|NIEO)$/, { message: 'settingUrn must be a 6-digit URN or a SEN2 setting code' })
  settingUrn?: string;

  @ApiPropertyOptional({ example: 'Demo Primary School' }) @IsOptional() @IsString() @MaxLength(200) settingName?: string;

  @ApiPropertyOptional({ description: 'The young person lacks capacity, so their parent keeps decision rights' })
  @IsOptional()
  @IsBoolean()
  youngPersonLacksCapacity?: boolean;

  @ApiPropertyOptional({ type: [CreateFamilyContactDto] })
  @IsOptional()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => CreateFamilyContactDto)
  contacts?: CreateFamilyContactDto[];
}

/** Every field of the child may be changed (contacts have their own endpoints). */
export class UpdateChildDto extends PartialType(PickType(CreateChildDto, ['givenName', 'familyName', 'dateOfBirth', 'sex', 'upn', 'uln', 'nhsNumber', 'postcode', 'ethnicity', 'settingUrn', 'settingName', 'youngPersonLacksCapacity'] as const)) {}

export class ChildQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Start of the given name, the family name, or "given family"' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(201)
  q?: string;

  @ApiPropertyOptional({ example: '2016-03-14' }) @IsOptional() @IsCalendarDate() dateOfBirth?: string;

  @ApiPropertyOptional({ description: 'An exact UPN, ULN or NHS number' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  identifier?: string;
}

export class FamilyContactDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ContactRelationship }) relationship: ContactRelationship;
  @ApiProperty() hasParentalResponsibility: boolean;
  @ApiProperty({ type: 'string', format: 'email', nullable: true }) email: string | null;
  @ApiProperty({ type: 'string', nullable: true }) phone: string | null;
  @ApiProperty({ type: 'string', nullable: true }) address: string | null;
  @ApiProperty() isMainContact: boolean;
}

export class DecisionRightsDto {
  @ApiProperty({ enum: ['parent', 'young_person'], description: 'Who takes decisions under Part 3 of the CFA' }) holder: 'parent' | 'young_person';
  @ApiProperty({ type: 'string', format: 'date', description: 'The end of compulsory school age: the last Friday in June of the school year in which the child turns 16' }) compulsorySchoolAgeEndsOn: string;
  @ApiProperty() reason: string;
}

export class ChildDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) id: string;
  @ApiProperty() givenName: string;
  @ApiProperty() familyName: string;
  @ApiProperty() dateOfBirth: string;
  @ApiProperty({ enum: Sex }) sex: Sex;
  @ApiProperty({ type: 'string', nullable: true }) upn: string | null;
  @ApiProperty({ type: 'string', nullable: true }) uln: string | null;
  @ApiProperty({ type: 'string', nullable: true }) nhsNumber: string | null;
  @ApiProperty({ type: 'string', nullable: true }) postcode: string | null;
  @ApiProperty({ type: 'string', nullable: true }) ethnicity: string | null;
  @ApiProperty({ type: 'string', nullable: true }) settingUrn: string | null;
  @ApiProperty({ type: 'string', nullable: true }) settingName: string | null;
  @ApiProperty() youngPersonLacksCapacity: boolean;
  @ApiProperty({ type: DecisionRightsDto }) decisionRights: DecisionRightsDto;
  @ApiProperty({ type: [FamilyContactDto] }) contacts: FamilyContactDto[];
  @ApiProperty() version: number;
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: 'string', format: 'date-time' }) updatedAt: string;
}

export class ChildSummaryDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) id: string;
  @ApiProperty() givenName: string;
  @ApiProperty() familyName: string;
  @ApiProperty() dateOfBirth: string;
  @ApiProperty({ type: 'string', nullable: true }) upn: string | null;
}

export class ChildPageDto {
  @ApiProperty({ type: [ChildSummaryDto] }) items: ChildSummaryDto[];
  @ApiProperty({ type: 'string', nullable: true }) nextCursor: string | null;
}
