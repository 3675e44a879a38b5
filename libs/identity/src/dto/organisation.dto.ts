import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsEnum, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { Discipline } from '@app/core';
import { Organisation, OrganisationKind } from '../entities/organisation.entity';
import { OrganisationMember } from '../entities/organisation-member.entity';
import { User } from '../entities/user.entity';

/** A member as the organisation's LA sees them. */
export interface OrganisationMemberView {
  member: OrganisationMember;
  user: Pick<User, 'id' | 'email' | 'displayName' | 'discipline' | 'localAuthorityId' | 'active'>;
}

export class CreateOrganisationDto {
  @ApiProperty({ example: 'Demo Community Health NHS Trust' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: OrganisationKind })
  @IsEnum(OrganisationKind)
  kind: OrganisationKind;

  @ApiPropertyOptional({ example: '100000', description: 'School URN (6 digits)' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'urn must be 6 digits' })
  urn?: string;

  @ApiPropertyOptional({ example: '10000000', description: 'UKPRN (8 digits, starting 1)' })
  @IsOptional()
  @Matches(/^1\d{7}$/, { message: 'ukprn must be 8 digits starting with 1' })
  ukprn?: string;

  @ApiPropertyOptional({ type: 'string', format: 'email', example: 'send.advice@trust.nhs.example' })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  sharedInboxEmail?: string;
}

export class UpdateOrganisationDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @ApiPropertyOptional({ type: 'string', pattern: '^1\\d{7}$', nullable: true })
  @IsOptional()
  @ValidateIf((_o, value) => value !== null)
  @Matches(/^1\d{7}$/, { message: 'ukprn must be 8 digits starting with 1' })
  ukprn?: string | null;
  @ApiPropertyOptional({ type: 'string', format: 'email', maxLength: 320, nullable: true, description: "Where your LA's requests to the organisation are emailed (null: nowhere)" })
  @IsOptional()
  @ValidateIf((_o, value) => value !== null)
  @IsEmail()
  @MaxLength(320)
  sharedInboxEmail?: string | null;
}

export class OrganisationDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) id: string;
  @ApiProperty({ type: 'string', format: 'uuid', description: 'The LA whose record this is' }) localAuthorityId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: OrganisationKind }) kind: OrganisationKind;
  @ApiProperty({ type: 'string', nullable: true }) urn: string | null;
  @ApiProperty({ type: 'string', nullable: true }) ukprn: string | null;
  @ApiProperty({ type: 'string', format: 'email', nullable: true }) sharedInboxEmail: string | null;
  @ApiProperty({ description: 'Optimistic-lock version; also the ETag' }) version: number;

  static from(org: Organisation): OrganisationDto {
    return { id: org.id, localAuthorityId: org.localAuthorityId, name: org.name, kind: org.kind, urn: org.urn, ukprn: org.ukprn, sharedInboxEmail: org.sharedInboxEmail, version: org.version };
  }
}

export class AdmitMemberDto {
  @ApiProperty({ type: 'string', format: 'email', example: 'nurse@trust.nhs.example', description: 'The email of an active professional, managed by any LA' })
  @IsEmail()
  @MaxLength(320)
  email: string;
}

export class OrganisationMemberDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) userId: string;
  @ApiProperty({ type: 'string', format: 'email' }) email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: Discipline, nullable: true, type: 'string' }) discipline: Discipline | null;
  @ApiProperty({ type: 'string', format: 'uuid', description: 'The LA that manages the professional (may be another LA)' }) homeLocalAuthorityId: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: 'string', format: 'date-time' }) admittedAt: string;

  static from(view: OrganisationMemberView): OrganisationMemberDto {
    return {
      userId: view.user.id,
      email: view.user.email,
      displayName: view.user.displayName,
      discipline: view.user.discipline,
      homeLocalAuthorityId: view.user.localAuthorityId,
      active: view.user.active,
      admittedAt: view.member.createdAt.toISOString(),
    };
  }
}
