import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsEnum, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Organisation, OrganisationKind } from '../entities/organisation.entity';

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

  @ApiPropertyOptional({ example: 'send.advice@trust.nhs.example' })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  sharedInboxEmail?: string;
}

export class OrganisationDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: OrganisationKind }) kind: OrganisationKind;
  @ApiPropertyOptional({ nullable: true }) urn: string | null;
  @ApiPropertyOptional({ nullable: true }) ukprn: string | null;
  @ApiPropertyOptional({ nullable: true }) sharedInboxEmail: string | null;

  static from(org: Organisation): OrganisationDto {
    return { id: org.id, name: org.name, kind: org.kind, urn: org.urn, ukprn: org.ukprn, sharedInboxEmail: org.sharedInboxEmail };
  }
}
