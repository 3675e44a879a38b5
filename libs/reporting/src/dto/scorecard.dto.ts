import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate } from '@app/core';
import { IsIn, IsNumber, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { SCORECARD_MEASURE_KEYS } from '../scorecard/scorecard-rules';

export class ScorecardQueryDto {
  @ApiProperty({ example: '2026-01-01' }) @IsCalendarDate() from: string;
  @ApiProperty({ example: '2026-12-31' }) @IsCalendarDate() to: string;
}

export class SetScorecardTargetDto {
  @ApiProperty({ example: 60, description: 'Green at or beyond this value (a percentage, one decimal place)' }) @IsNumber({ maxDecimalPlaces: 1 }) @Min(0) @Max(100) target: number;
  @ApiProperty({ example: 50, description: 'Amber at or beyond this value, red short of it: below the target for a higher-is-better measure, above it for a lower-is-better one' })
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(0)
  @Max(100)
  amber: number;
}

export class ScorecardTargetDto {
  @ApiProperty({ enum: SCORECARD_MEASURE_KEYS }) measure: string;
  @ApiProperty() target: number;
  @ApiProperty() amber: number;
  @ApiProperty({ format: 'uuid' }) updatedById: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class CreateCommentaryDto {
  @ApiProperty({ enum: SCORECARD_MEASURE_KEYS }) @IsIn(SCORECARD_MEASURE_KEYS) measure: string;
  @ApiProperty({ example: '2026-01-01', description: 'The scorecard period the commentary answers' }) @IsCalendarDate() periodFrom: string;
  @ApiProperty({ example: '2026-12-31' }) @IsCalendarDate() periodTo: string;
  @ApiProperty({ example: 'Head of SEN, J. Smith', description: 'Who owns the recovery' }) @IsString() @MinLength(1) @MaxLength(200) owner: string;
  @ApiProperty({ example: 'Two more EP sessions a week from March', description: 'What will be done' }) @IsString() @MinLength(1) @MaxLength(5000) action: string;
  @ApiProperty({ example: '2026-06-30', description: 'By when' }) @IsCalendarDate() dueOn: string;
}

export class CommentaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() measure: string;
  @ApiProperty() periodFrom: string;
  @ApiProperty() periodTo: string;
  @ApiProperty({ enum: ['red', 'amber', 'green', 'no_target', 'no_data'], description: 'The status when it was written' }) ragAtTime: string;
  @ApiProperty() owner: string;
  @ApiProperty() action: string;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty({ format: 'uuid' }) createdById: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CommentaryQueryDto {
  @ApiPropertyOptional({ enum: SCORECARD_MEASURE_KEYS }) @IsOptional() @IsIn(SCORECARD_MEASURE_KEYS) measure?: string;
}

export class ScorecardRowDto {
  @ApiProperty({ enum: SCORECARD_MEASURE_KEYS }) measure: string;
  @ApiProperty() label: string;
  @ApiProperty({ enum: ['higher_is_better', 'lower_is_better'] }) direction: string;
  @ApiProperty({ description: 'Where the figure comes from' }) source: string;
  @ApiProperty({ type: 'number', nullable: true }) value: number | null;
  @ApiProperty({ type: 'number', nullable: true, description: 'The same measure over the previous period of the same length' }) previousValue: number | null;
  @ApiProperty({ enum: ['improving', 'worsening', 'unchanged', 'no_data'] }) trend: string;
  @ApiProperty({ type: 'number', nullable: true }) target: number | null;
  @ApiProperty({ type: 'number', nullable: true }) amber: number | null;
  @ApiProperty({ enum: ['red', 'amber', 'green', 'no_target', 'no_data'] }) rag: string;
  @ApiProperty({ description: 'Red, and no commentary for this period yet: the board expects one' }) commentaryRequired: boolean;
  @ApiProperty({ type: CommentaryDto, nullable: true, description: 'The latest commentary on the measure (any period)' }) commentary: CommentaryDto | null;
}

export class ScorecardDto {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty() previousFrom: string;
  @ApiProperty() previousTo: string;
  @ApiProperty({ type: [ScorecardRowDto] }) measures: ScorecardRowDto[];
}
