import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate } from '@app/core';
import { IsBoolean, IsIn, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class ProvisionDeliveryInputDto {
  @ApiProperty({ description: 'Whether the provision is in place' }) @IsBoolean() inPlace: boolean;
  @ApiPropertyOptional({ format: 'date', description: 'In place (or not) since' }) @IsOptional() @IsCalendarDate() since?: string;
  @ApiPropertyOptional({ description: 'Hours delivered in the period' }) @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(10000) hoursDelivered?: number;
  @ApiPropertyOptional({ description: 'Hours the plan specifies for the period' }) @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(10000) hoursSpecified?: number;
  @ApiPropertyOptional({ enum: ['week', 'month', 'term', 'year'] }) @IsOptional() @IsIn(['week', 'month', 'term', 'year']) period?: 'week' | 'month' | 'term' | 'year';
  @ApiPropertyOptional({ description: 'Why it is not in place, or the gap' }) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class ProvisionDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty() provisionId: string;
  @ApiProperty({ enum: ['F', 'G'] }) section: string;
  @ApiProperty() description: string;
  @ApiProperty() inPlace: boolean;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) since: string | null;
  @ApiProperty({ type: 'number', nullable: true }) hoursDelivered: number | null;
  @ApiProperty({ type: 'number', nullable: true }) hoursSpecified: number | null;
  @ApiProperty({ enum: ['week', 'month', 'term', 'year'], nullable: true }) period: string | null;
  @ApiProperty({ type: 'string', nullable: true }) reason: string | null;
  @ApiProperty({ description: 'Not in place, or fewer hours delivered than specified' }) gap: boolean;
  @ApiProperty({ enum: ['setting', 'la'] }) reportedBy: string;
  @ApiProperty({ type: 'string', format: 'date-time' }) reportedAt: string;
}

export class ProvisionInboxItemDto {
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty({ format: 'uuid' }) childId: string;
  @ApiProperty() childName: string;
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { provisionId: { type: 'string' }, section: { type: 'string' }, description: { type: 'string' }, frequency: { type: 'string', nullable: true }, latest: { allOf: [{ $ref: '#/components/schemas/ProvisionDeliveryDto' }], nullable: true } } } })
  provision: { provisionId: string; section: string; description: string; frequency: string | null; latest: ProvisionDeliveryDto | null }[];
}

export class ProvisionNotInPlaceDto {
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty({ format: 'uuid' }) childId: string;
  @ApiProperty() childName: string;
  @ApiProperty({ type: [ProvisionDeliveryDto], description: 'Each item whose latest report says it is not in place, or with fewer hours than specified' }) items: ProvisionDeliveryDto[];
}
