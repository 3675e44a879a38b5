import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor } from '@app/core';
import { resolveScope } from './report-scope';
import type { FastifyReply } from 'fastify';
import { TimelinessQueryDto, TimelinessReportDto } from './dto/timeliness.dto';
import { TimelinessService } from './timeliness.service';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly timeliness: TimelinessService) {}

  @Get('timeliness')
  @ApiOperation({
    summary: 'DfE timeliness of final plans issued between from and to (inclusive), including and excluding exceptions, by month, team and caseworker (or by LA with ?scope=national); ?format=csv for CSV',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: TimelinessReportDto })
  @ApiProblems(400, 401, 403)
  async report(@CurrentActor() actor: Actor, @Query() query: TimelinessQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<TimelinessReportDto | string> {
    const report = await this.timeliness.report(actor, resolveScope(actor, query.scope), query.from, query.to);
    if (query.format !== 'csv') return report;
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="timeliness-${query.from}-${query.to}.csv"`);
    return this.timeliness.toCsv(report, query.groupBy);
  }
}
