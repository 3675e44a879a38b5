import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'dateOfBirth' }) field: string;
  @ApiProperty({ example: 'dateOfBirth must be a real calendar date in the form YYYY-MM-DD' }) message: string;
}

/** One finding of a check that refused a command (e.g. the plan quality check before issuing). */
export class ProblemFindingDto {
  @ApiProperty({ enum: ['error', 'warning'], description: 'Errors blocked the command; warnings did not' }) severity: 'error' | 'warning';
  @ApiProperty({ example: 'section_empty', description: 'Stable code of the check, e.g. section_empty, placement_missing, placement_in_draft, other_child_named' }) code: string;
  @ApiProperty({ example: 'B', description: 'The plan section it concerns (A, B, C, D, E, F, G, H1, H2, I, J, K)' }) section: string;
  @ApiProperty({ example: 'Section B is empty; a plan cannot be issued without it.' }) message: string;
}

/** RFC 9457 problem details, as every error is answered (content type application/problem+json). */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'https://ehcp.example/problems/validation-failed', format: 'uri' }) type: string;
  @ApiProperty({ example: 'Invalid request' }) title: string;
  @ApiProperty({ type: 'integer', example: 400, minimum: 400, maximum: 599 }) status: number;
  @ApiProperty({ example: 'The request is not valid.' }) detail: string;
  @ApiProperty({ example: 'validation_failed', description: 'Stable machine-readable code' }) code: string;
  @ApiPropertyOptional() instance?: string;
  @ApiPropertyOptional() requestId?: string;
  @ApiPropertyOptional({ description: 'The statutory rule a refusal rests on' }) rule?: string;
  @ApiPropertyOptional({ type: [FieldErrorDto] }) errors?: FieldErrorDto[];
  @ApiPropertyOptional({ type: 'integer', description: 'How many more field errors there were than are listed (400)' }) errorsNotShown?: number;
  @ApiPropertyOptional({ type: 'integer', description: 'The current version, when If-Match was stale (412)' }) currentVersion?: number;
  @ApiPropertyOptional({ type: [ProblemFindingDto], description: 'Every finding of the check that refused the command (422 plan_quality_errors): the errors that block it and the warnings' })
  findings?: ProblemFindingDto[];
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: `errors` names each field',
  401: 'Not signed in, or the token expired',
  403: 'Your role does not allow this action',
  404: 'No such record, or not one you may see',
  409: 'Conflicts with the current state or an existing record',
  412: 'Stale If-Match: someone else changed the record',
  413: 'Body larger than the limit',
  422: 'A statutory or business rule refused the command; `rule` cites it',
  428: 'If-Match header required',
  429: 'Too many requests',
  503: 'A dependency is unavailable',
};

/** Documents the problem+json answers an endpoint can give. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
        ...(status === 429 ? { headers: { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 0 } } } } : {}),
      }),
    ),
  );
}
