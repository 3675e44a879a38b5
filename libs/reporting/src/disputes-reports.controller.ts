import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor } from '@app/core';
import type { FastifyReply } from 'fastify';
import { appealsCsv, ceasedPlansCsv, DisputesReportService } from './disputes-report.service';
import { AppealsReportDto, CeasedPlansReportDto, DisputesQueryDto } from './dto/disputes-report.dto';
import { resolveScope } from './report-scope';

const csv = (reply: FastifyReply, name: string) => void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`);
const csvContent = (schema: string) => ({ 'application/json': { schema: { $ref: getSchemaPath(schema) } }, 'text/csv': { schema: { type: 'string', description: 'UTF-8 CSV with a header row' } } });

/**
 * Disagreements and endings (issue 14): appeals by decision type and stage, and ceased plans by SEN2 reason. Same
 * rules as the other reports: own LA with reports:read, every LA in aggregate with ?scope=national (national
 * analysts); every read audited.
 */
@ApiTags('reports')
@ApiExtraModels(AppealsReportDto, CeasedPlansReportDto)
@ApiBearerAuth()
@Controller('reports')
export class DisputesReportsController {
  constructor(private readonly disputes: DisputesReportService) {}

  @Get('appeals')
  @ApiOperation({
    summary:
      'Appeals against decisions notified between from and to, by decision type: mediation, lodged, outcomes and orders by kind; live appeals by stage and order duties overdue as of today (or per LA with ?scope=national); ?format=csv for CSV',
  })
  @ApiOkResponse({ description: 'The report as JSON, or with ?format=csv as CSV', content: csvContent('AppealsReportDto') })
  @ApiProblems(400, 401, 403)
  async appeals(@CurrentActor() actor: Actor, @Query() query: DisputesQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<AppealsReportDto | string> {
    const report = await this.disputes.appeals(actor, resolveScope(actor, query.scope), query.from, query.to);
    if (query.format !== 'csv') return report;
    csv(reply, `appeals-${query.from}-${query.to}`);
    return appealsCsv(report);
  }

  @Get('ceased-plans')
  @ApiOperation({ summary: 'Plans ceased between from and to by SEN2 cease reason (1-9), and plans ceasing today (or per LA with ?scope=national); ?format=csv for CSV' })
  @ApiOkResponse({ description: 'The report as JSON, or with ?format=csv as CSV', content: csvContent('CeasedPlansReportDto') })
  @ApiProblems(400, 401, 403)
  async ceasedPlans(@CurrentActor() actor: Actor, @Query() query: DisputesQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<CeasedPlansReportDto | string> {
    const report = await this.disputes.ceasedPlans(actor, resolveScope(actor, query.scope), query.from, query.to);
    if (query.format !== 'csv') return report;
    csv(reply, `ceased-plans-${query.from}-${query.to}`);
    return ceasedPlansCsv(report);
  }
}
