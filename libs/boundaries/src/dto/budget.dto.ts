import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate } from '@app/core';
import { IsIn, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

export class PersonalBudgetRequestCreateDto {
  @ApiProperty({ format: 'date' }) @IsCalendarDate() receivedOn: string;
}

export class PersonalBudgetDecisionDto {
  @ApiProperty({ enum: ['agree', 'refuse'] }) @IsIn(['agree', 'refuse']) decision: 'agree' | 'refuse';
  @ApiPropertyOptional({ description: 'The budget a year in pounds (required to agree)', example: 4500 }) @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(10_000_000) amount?: number;
  @ApiPropertyOptional({ description: 'Why not (required to refuse: the LA explains its reasons, CFA s49)' }) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
  @ApiProperty({ format: 'date' }) @IsCalendarDate() notifiedOn: string;
}

export class DirectPaymentReviewDto {
  @ApiProperty({ format: 'date' }) @IsCalendarDate() reviewedOn: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The annual review it was done at' }) @IsOptional() @IsUUID() reviewId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) notes?: string;
}

export class PersonalBudgetRequestDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty({ format: 'date' }) receivedOn: string;
  @ApiProperty({ enum: ['draft', 'review'] }) stage: string;
  @ApiProperty({ enum: ['requested', 'agreed', 'refused'] }) status: string;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) decisionNotifiedOn: string | null;
  @ApiProperty({ type: 'number', nullable: true, description: 'Pounds a year' }) amount: number | null;
  @ApiProperty({ type: 'string', nullable: true }) reason: string | null;
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { reviewedOn: { type: 'string', format: 'date' }, reviewId: { type: 'string', format: 'uuid', nullable: true }, notes: { type: 'string', nullable: true } } } }) directPaymentReviews: { reviewedOn: string; reviewId: string | null; notes: string | null }[];
}
