import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate } from '@app/core';
import { IsIn, IsOptional } from 'class-validator';
import { SEN2_MODULES, Sen2Module } from '../sen2/sen2.service';

export class Sen2QueryDto {
  @ApiProperty({ example: '2027-01-21', description: 'The census date: activity in the previous calendar year, everything as at this date' }) @IsCalendarDate() censusDate: string;
  @ApiPropertyOptional({ enum: ['json', 'csv', 'xml'], default: 'json', description: 'xml: the DfE return (modules 0-5, docs/sen2.md), streamed' }) @IsOptional() @IsIn(['json', 'csv', 'xml']) format?: 'json' | 'csv' | 'xml';
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

export class Sen2ValidationQueryDto {
  @ApiProperty({ example: '2027-01-21', description: 'The census date of the return to check' }) @IsCalendarDate() censusDate: string;
}

export class Sen2IssueDto {
  @ApiProperty({ format: 'uuid', description: 'The child the finding is about' }) childId: string;
  @ApiProperty({ description: "The child's name, to find the record" }) childName: string;
  @ApiProperty({ enum: SEN2_MODULES, description: 'The module of the return' }) module: string;
  @ApiProperty({ format: 'uuid', description: 'The record: the child, the request (assessment) or the plan' }) recordId: string;
  @ApiProperty({ example: 'Sex', description: 'The SEN2 item (XML tag)' }) item: string;
  @ApiProperty({ example: 'sex', description: 'Our column in the JSON/CSV modules' }) field: string;
  @ApiProperty({ example: 'sex not recorded as M or F' }) reason: string;
  @ApiProperty({ example: "sex not recorded as M or F: record the child's sex as M or F on their record", description: 'What is wrong and what to fix' }) message: string;
}

export class Sen2ValidationDto {
  @ApiProperty() censusDate: string;
  @ApiProperty({ type: [Sen2IssueDto], description: 'What would stop the return: every one must be cleared before submission' }) errors: Sen2IssueDto[];
  @ApiProperty({ type: [Sen2IssueDto], description: 'What the DfE queries (e.g. request source 5, other)' }) warnings: Sen2IssueDto[];
}
