import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor, Permission, RequirePermissions, ValidationFailedError } from '@app/core';
import { CaseImportService } from './case-import.service';

class ImportErrorDto {
  @ApiProperty() code: string;
  @ApiProperty() message: string;
  @ApiPropertyOptional() field?: string;
  @ApiPropertyOptional() rule?: string;
}

class ImportLineResultDto {
  @ApiProperty() line: number;
  @ApiProperty({ type: 'string', nullable: true }) externalReference: string | null;
  @ApiProperty({ enum: ['imported', 'rejected'] }) status: 'imported' | 'rejected';
  @ApiPropertyOptional({ type: 'string', format: 'uuid' }) assessmentId?: string;
  @ApiPropertyOptional({ type: [ImportErrorDto] }) errors?: ImportErrorDto[];
}

class ImportReportDto {
  @ApiProperty() imported: number;
  @ApiProperty() rejected: number;
  @ApiProperty({ type: [ImportLineResultDto] }) results: ImportLineResultDto[];
}

@ApiTags('assessments')
@ApiBearerAuth()
@Controller('assessments/import')
export class CaseImportController {
  constructor(private readonly imports: CaseImportService) {}

  @Post()
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsImport)
  @ApiOperation({
    summary: 'Import historic assessments from another system (managers): JSON lines, one assessment per line',
    description:
      'Send `application/x-ndjson`. Each line is replayed through the same commands and rules as live work, in its own transaction; a rejected line writes nothing and is reported with its reason. Bodies are limited to BODY_LIMIT_BYTES (1 MB by default): send a larger file as several requests of whole lines (each line is imported on its own; the report of each request says which of its lines were imported).',
  })
  @ApiConsumes('application/x-ndjson')
  @ApiBody({ schema: { type: 'string', example: '{"child":{"givenName":"Ada","familyName":"Lovelace","dateOfBirth":"2015-12-10"},"requestReceivedOn":"2024-01-08","requestSource":"parent","decisionToAssess":{"decision":"assess","decidedOn":"2024-02-12"}}' } })
  @ApiOkResponse({ type: ImportReportDto })
  @ApiProblems(400, 401, 403, 413)
  async import(@CurrentActor() actor: Actor, @Body() body: unknown): Promise<ImportReportDto> {
    if (typeof body !== 'string' || body.trim() === '') {
      throw new ValidationFailedError([{ field: 'body', message: 'send one JSON object per line as application/x-ndjson' }]);
    }
    return this.imports.importLines(actor, body.split(/\r?\n/));
  }
}
