import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate } from '@app/core';
import { IsIn, IsOptional } from 'class-validator';
import { SEN2_MODULES, Sen2Module } from '../sen2/sen2.service';

export class Sen2QueryDto {
  @ApiProperty({ example: '2027-01-21', description: 'The census date: activity in the previous calendar year, everything as at this date' }) @IsCalendarDate() censusDate: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
  @ApiPropertyOptional({ enum: SEN2_MODULES, default: 'person', description: 'The module a CSV holds (errors: every record that fails validation, with its reason)' })
  @IsOptional()
  @IsIn(SEN2_MODULES)
  module?: Sen2Module;
}

export class Sen2ExportDto {
  @ApiProperty() censusDate: string;
  @ApiProperty() activityFrom: string;
  @ApiProperty() activityTo: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Rows per module', example: { person: 2, requests: 2, assessments: 1, named_plans: 1, active_plans: 1, placements: 1, sen_needs: 1, errors: 0 } }) counts: Record<string, number>;
  @ApiProperty({ description: 'Rows per module, columns as in docs/sen2.md', type: 'object', additionalProperties: { type: 'array', items: { type: 'object', additionalProperties: { anyOf: [{ type: 'string', nullable: true }, { type: 'number', nullable: true }] } } } }) modules: Record<string, Record<string, string | number | null>[]>;
}
