import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate } from '@app/core';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { CeaseConsultee } from '../entities/plan-cease-consultation.entity';

export class CeaseConsultationDto {
  @ApiProperty({ enum: CeaseConsultee, description: 'the parent or young person, or the institution named in the plan (Regs 29(1))' })
  @IsEnum(CeaseConsultee)
  consultee: CeaseConsultee;

  @ApiPropertyOptional({ maxLength: 200, description: 'the institution consulted' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiProperty({ format: 'date', example: '2026-09-01' })
  @IsCalendarDate()
  consultedOn: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  response?: string;
}

export class Regs30Dto {
  @ApiProperty({ description: 'whether the education or training outcomes in the plan have been achieved' })
  @IsBoolean()
  educationOrTrainingOutcomesAchieved: boolean;

  @ApiProperty({ minLength: 1, maxLength: 2000, description: 'the young person’s wishes, as recorded' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  youngPersonWishes: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  noLongerWishesToEngage?: boolean;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

export class CeasePlanDto {
  @ApiProperty({ minimum: 1, maximum: 9, description: 'SEN2 cease reason: 1 maximum age, 2 needs met, 3 higher education, 4 paid employment, 5 moved to another LA in England, 6 no longer wishes to engage, 7 moved outside England, 8 deceased, 9 other' })
  @IsInt()
  @Min(1)
  @Max(9)
  reason: number;

  @ApiProperty({ format: 'date', description: 'the day the family was notified of the decision (the appeal deadline runs from it)' })
  @IsCalendarDate()
  notifiedOn: string;

  @ApiPropertyOptional({ type: Regs30Dto, description: 'required when the young person is 18 or over on notifiedOn (Regs 30)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => Regs30Dto)
  regs30?: Regs30Dto;
}

export class CeaseConsultationViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CeaseConsultee }) consultee: CeaseConsultee;
  @ApiProperty({ type: 'string', nullable: true }) name: string | null;
  @ApiProperty({ format: 'date' }) consultedOn: string;
  @ApiProperty({ type: 'string', nullable: true }) response: string | null;
}

export class CessationNoticeDto {
  @ApiProperty({ format: 'date' }) appealDeadline: string;
  @ApiProperty() appealDeadlineExplanation: string;
  @ApiProperty() mediation: string;
  @ApiProperty() regulation: string;
  @ApiProperty({ description: 'The complete notice (Regs 31(3), 32), with the LA’s contacts; its PDF letter: GET /decision-notices/letter?subjectType=plan&subjectId=<planId>&decision=cease&notifiedOn=<notifiedOn>' }) text: string;
  @ApiProperty({ type: 'string', format: 'date', description: 'The last day to contact the mediation adviser (Regs 32(d), 33)' }) mediationAdviserContactBy: string;
  @ApiProperty({ type: [String], description: 'Contacts the LA has not set: the notice is incomplete until they are' }) missingContacts: string[];
}

export class CessationDto {
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty({ enum: ['issued', 'ceasing', 'ceased'], description: 'the plan’s status' }) status: string;
  @ApiProperty({ type: 'string', nullable: true, enum: ['ceasing', 'ceased', 'withdrawn'] }) cessationStatus: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) reason: number | null;
  @ApiProperty({ type: 'string', nullable: true }) reasonText: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) notifiedOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'the family’s appeal deadline; the plan is maintained until it passes or an appeal is decided' }) appealDeadline: string | null;
  @ApiProperty() appealLodged: boolean;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'the day the plan stops being maintained if no appeal is lodged' }) ceasesOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) ceasedOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) withdrawnOn: string | null;
  @ApiProperty() youngPersonOver18: boolean;
  @ApiPropertyOptional({ type: Regs30Dto, nullable: true }) regs30: Regs30Dto | null;
  @ApiProperty({ type: [CeaseConsultationViewDto] }) consultations: CeaseConsultationViewDto[];
  @ApiProperty({ type: CessationNoticeDto, nullable: true }) notice: CessationNoticeDto | null;
  @ApiProperty({ description: 'the plan’s ETag after the command' }) version: number;
}
