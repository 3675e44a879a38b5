import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate } from '@app/core';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class ReviewAdulthoodDto {
  @ApiProperty({ description: 'Employment (paid work, training, further or higher education)' }) @IsString() @MinLength(1) @MaxLength(4000) employment: string;
  @ApiProperty({ description: 'Independent living' }) @IsString() @MinLength(1) @MaxLength(4000) independentLiving: string;
  @ApiProperty({ description: 'Participating in the community (friends, relationships)' }) @IsString() @MinLength(1) @MaxLength(4000) community: string;
  @ApiProperty({ description: 'Being as healthy as possible in adult life' }) @IsString() @MinLength(1) @MaxLength(4000) health: string;
}

export class AdultSocialCareTransitionDto {
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsCalendarDate() assessedOn?: string;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsCalendarDate() transferredOn?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) notes?: string;
}

export class AdulthoodFindingDto {
  @ApiProperty({ enum: ['pfa_review_missing', 'pfa_outcomes_missing', 'pfa_provision_missing'] }) code: string;
  @ApiProperty({ enum: ['warning'] }) severity: string;
  @ApiProperty() message: string;
  @ApiProperty() rule: string;
}

export class ReviewAdulthoodViewDto extends ReviewAdulthoodDto {
  @ApiProperty({ format: 'uuid' }) reviewId: string;
}

export class PlanAdulthoodDto {
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty() yearGroup: number;
  @ApiProperty({ description: 'Year 9 or above: reviews, E and F must cover preparing for adulthood' }) required: boolean;
  @ApiProperty({ format: 'date', description: 'The end of the academic year in which the young person turns 25 (CFA s46)' }) planMayContinueUntil: string;
  @ApiProperty({ type: [AdulthoodFindingDto] }) findings: AdulthoodFindingDto[];
  @ApiProperty({ type: [ReviewAdulthoodViewDto] }) reviews: ReviewAdulthoodViewDto[];
  @ApiProperty({ type: AdultSocialCareTransitionDto, nullable: true }) adultSocialCareTransition: AdultSocialCareTransitionDto | null;
}
