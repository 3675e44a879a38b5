import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor, ValidationFailedError } from '@app/core';
import type { FastifyReply } from 'fastify';
import { DashboardService } from './dashboard.service';
import { DashboardDto, DashboardQueryDto } from './dto/dashboard.dto';
import { ExceptionRatesDto, ExceptionRatesQueryDto } from './dto/exception-rates.dto';
import { ReviewsReportDto, ReviewsReportQueryDto } from './dto/reviews-report.dto';
import { RiskQueryDto, RiskReportDto } from './dto/risk.dto';
import { Sen2ExportDto, Sen2QueryDto, Sen2ValidationDto, Sen2ValidationQueryDto } from './dto/sen2.dto';
import { Sen2Service } from './sen2/sen2.service';
import { TimelinessQueryDto, TimelinessReportDto } from './dto/timeliness.dto';
import { resolveScope } from './report-scope';
import { ReviewsReportService } from './reviews-report.service';
import { RiskService } from './risk.service';
import { exceptionRatesCsv, TimelinessService } from './timeliness.service';

const csv = (reply: FastifyReply, name: string) => void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`);

/**
 * Managers' reports: their own LA (reports:read), or every LA in aggregate with ?scope=national (reports:national,
 * national analysts only). Every read is audited. Professionals have neither permission (403).
 */
@ApiTags('reports')
@ApiExtraModels(TimelinessReportDto, RiskReportDto, ExceptionRatesDto, Sen2ExportDto, ReviewsReportDto, Sen2ValidationDto, DashboardDto)
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly timeliness: TimelinessService,
    private readonly risk: RiskService,
    private readonly sen2: Sen2Service,
    private readonly reviews: ReviewsReportService,
    private readonly dashboards: DashboardService,
  ) {}

  @Get('dashboard')
  @ApiOperation({
    summary:
      "Every figure the managers' dashboard draws in one answer: 20-week timeliness by month for 24 months with and without exceptions, caseload by stage, cases and plans at risk (with ids), advice late by provider organisation, reviews, appeals by decision type with the appeal rate, ceased plans by reason, the SEN2 error count; filters: period, team, caseworker; ?scope=national for every LA; ?format=csv&table= for one table",
  })
  @ApiOkResponse({
    description: 'The dashboard as JSON, or with ?format=csv one table as CSV',
    content: { 'application/json': { schema: { $ref: getSchemaPath(DashboardDto) } }, 'text/csv': { schema: { type: 'string', description: 'UTF-8 CSV with a header row' } } },
  })
  @ApiProblems(400, 401, 403)
  async dashboard(@CurrentActor() actor: Actor, @Query() query: DashboardQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<DashboardDto | string> {
    const report = await this.dashboards.dashboard(actor, resolveScope(actor, query.scope), { from: query.from, to: query.to, team: query.team, caseworkerId: query.caseworkerId });
    if (query.format !== 'csv') return report;
    const table = query.table ?? 'timeliness';
    csv(reply, `dashboard-${table}-${report.from}-${report.to}`);
    return this.dashboards.toCsv(report, table);
  }

  @Get('timeliness')
  @ApiOperation({
    summary: 'DfE timeliness of final plans issued between from and to (inclusive), including and excluding exceptions, by month, team and caseworker (or by LA with ?scope=national); ?format=csv for CSV',
  })
  @ApiOkResponse({
    description: 'The report as JSON, or with ?format=csv as CSV',
    content: { 'application/json': { schema: { $ref: getSchemaPath(TimelinessReportDto) } }, 'text/csv': { schema: { type: 'string', description: 'UTF-8 CSV with a header row' } } },
  })
  @ApiProblems(400, 401, 403)
  async report(@CurrentActor() actor: Actor, @Query() query: TimelinessQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<TimelinessReportDto | string> {
    const scope = resolveScope(actor, query.scope);
    const national = scope.kind === 'national';
    if (query.groupBy && (query.groupBy === 'local_authority') !== national && query.groupBy !== 'month') {
      throw new ValidationFailedError([{ field: 'groupBy', message: national ? 'national figures group by month or local_authority' : 'one LA groups by month, team or caseworker' }]);
    }
    const report = await this.timeliness.report(actor, scope, query.from, query.to, query.excludeDisputed ?? false);
    if (query.format !== 'csv') return report;
    csv(reply, `timeliness-${query.from}-${query.to}`);
    return this.timeliness.toCsv(report, query.groupBy);
  }

  @Get('risk')
  @ApiOperation({
    summary: 'Live risk as of today: open assessments projected to miss 20 weeks (most urgent first), overdue deadlines by kind, caseload per caseworker, ageing by status, deadlines nobody owns; ?format=csv&table= for one table as CSV',
  })
  @ApiOkResponse({
    description: 'The report as JSON, or with ?format=csv as CSV',
    content: { 'application/json': { schema: { $ref: getSchemaPath(RiskReportDto) } }, 'text/csv': { schema: { type: 'string', description: 'UTF-8 CSV with a header row' } } },
  })
  @ApiProblems(400, 401, 403)
  async riskReport(@CurrentActor() actor: Actor, @Query() query: RiskQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<RiskReportDto | string> {
    const report = await this.risk.report(actor, resolveScope(actor, query.scope), query.format === 'csv' ? undefined : (query.limit ?? 200));
    if (query.format !== 'csv') return report;
    const table = query.table ?? (report.scope === 'national' ? 'local_authorities' : 'at_risk');
    csv(reply, `risk-${table}-${report.asOf}`);
    return this.risk.toCsv(report, table);
  }

  @Get('reviews')
  @ApiOperation({
    summary:
      'Annual reviews in the period: reviews due, meetings held, decisions notified within 4 weeks of the meeting (the DfE measure) by outcome, amended plans within 8 weeks of the notice, phase transfers due and met; what is overdue today (or by LA with ?scope=national); ?format=csv for CSV',
  })
  @ApiOkResponse({
    description: 'The report as JSON, or with ?format=csv as CSV',
    content: { 'application/json': { schema: { $ref: getSchemaPath(ReviewsReportDto) } }, 'text/csv': { schema: { type: 'string', description: 'UTF-8 CSV with a header row' } } },
  })
  @ApiProblems(400, 401, 403)
  async reviewsReport(@CurrentActor() actor: Actor, @Query() query: ReviewsReportQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<ReviewsReportDto | string> {
    const report = await this.reviews.report(actor, resolveScope(actor, query.scope), query.from, query.to, query.dfeYear);
    if (query.format !== 'csv') return report;
    csv(reply, `reviews-${query.from}-${query.to}`);
    return this.reviews.toCsv(report);
  }

  @Get('exception-rates')
  @ApiOperation({ summary: "Anomalies: each team's (or, nationally, each LA's) share of plans issued in the period with the DfE 20-week exceptions flag against the rest, flagged when far above it; ?format=csv for CSV" })
  @ApiOkResponse({
    description: 'The report as JSON, or with ?format=csv as CSV',
    content: { 'application/json': { schema: { $ref: getSchemaPath(ExceptionRatesDto) } }, 'text/csv': { schema: { type: 'string', description: 'UTF-8 CSV with a header row' } } },
  })
  @ApiProblems(400, 401, 403)
  async exceptionRates(@CurrentActor() actor: Actor, @Query() query: ExceptionRatesQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<ExceptionRatesDto | string> {
    const report = await this.timeliness.exceptionRates(actor, resolveScope(actor, query.scope), query.from, query.to);
    if (query.format !== 'csv') return report;
    csv(reply, `exception-rates-${query.from}-${query.to}`);
    return exceptionRatesCsv(report);
  }

  @Get('sen2')
  @ApiOperation({
    summary:
      'The SEN2 person-level return at a census date for your LA: every module, with each record that fails validation listed in errors; ?format=csv&module= for one module as CSV; ?format=xml for the DfE return (modules 0-5, streamed)',
  })
  @ApiOkResponse({
    description: 'The report as JSON, or with ?format=csv as CSV, or with ?format=xml as the DfE XML',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(Sen2ExportDto) } },
      'text/csv': { schema: { type: 'string', description: 'UTF-8 CSV with a header row' } },
      'application/xml': { schema: { type: 'string', description: 'The SEN2 2026 return, valid against docs/sen2-2026.xsd' } },
    },
  })
  @ApiProblems(400, 401, 403)
  async sen2Export(@CurrentActor() actor: Actor, @Query() query: Sen2QueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Sen2ExportDto | string | StreamableFile> {
    resolveScope(actor, undefined); // child-level data: own LA only, never national
    if (query.format === 'xml') {
      const stream = await this.sen2.xml(actor, query.censusDate);
      return new StreamableFile(stream, { type: 'application/xml; charset=utf-8', disposition: `attachment; filename="sen2-${query.censusDate}.xml"` });
    }
    const data = await this.sen2.export(actor, query.censusDate);
    if (query.format !== 'csv') return data;
    const module = query.module ?? 'person';
    csv(reply, `sen2-${query.censusDate}-${module}`);
    return this.sen2.toCsv(data, module);
  }

  @Get('sen2/validation')
  @ApiOperation({ summary: 'Our SEN2 validation rules over the return at a census date: every error (what COLLECT would refuse) and warning, each with the child, the SEN2 item and what to fix' })
  @ApiOkResponse({ type: Sen2ValidationDto })
  @ApiProblems(400, 401, 403)
  async sen2Validation(@CurrentActor() actor: Actor, @Query() query: Sen2ValidationQueryDto): Promise<Sen2ValidationDto> {
    resolveScope(actor, undefined);
    return this.sen2.validation(actor, query.censusDate);
  }
}
