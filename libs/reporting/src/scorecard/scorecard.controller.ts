import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor } from '@app/core';
import type { FastifyReply } from 'fastify';
import { CommentaryDto, CommentaryQueryDto, CreateCommentaryDto, ScorecardDto, ScorecardQueryDto, ScorecardTargetDto, SetScorecardTargetDto } from '../dto/scorecard.dto';
import { ReportScope, resolveScope } from '../report-scope';
import { SCORECARD_MEASURE_KEYS } from './scorecard-rules';
import { ScorecardService } from './scorecard.service';

/** The LA's own scorecard: managers and LA administrators of the LA (reports:read); never national. */
function ownLa(actor: Actor): ReportScope & { kind: 'local_authority' } {
  return resolveScope(actor, undefined) as ReportScope & { kind: 'local_authority' };
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports/scorecard')
export class ScorecardController {
  constructor(private readonly scorecards: ScorecardService) {}

  @Get()
  @ApiOperation({ summary: "The LA's scorecard for a period: each measure's value, the previous period's and the trend, red/amber/green against the LA's target, and the latest owner's commentary (a red measure asks for one)" })
  @ApiOkResponse({ type: ScorecardDto })
  @ApiProblems(400, 401, 403)
  scorecard(@CurrentActor() actor: Actor, @Query() query: ScorecardQueryDto): Promise<ScorecardDto> {
    return this.scorecards.scorecard(actor, ownLa(actor), query.from, query.to);
  }

  @Get('targets')
  @ApiOperation({ summary: "The LA's targets and amber thresholds" })
  @ApiOkResponse({ type: [ScorecardTargetDto] })
  @ApiProblems(401, 403)
  targets(@CurrentActor() actor: Actor): Promise<ScorecardTargetDto[]> {
    ownLa(actor);
    return this.scorecards.targets(actor);
  }

  @Put('targets/:measure')
  @ApiOperation({ summary: "Sets one measure's target and amber threshold for the LA (replacing any before; audited)" })
  @ApiParam({ name: 'measure', enum: SCORECARD_MEASURE_KEYS })
  @ApiOkResponse({ type: ScorecardTargetDto })
  @ApiProblems(400, 401, 403, 404)
  setTarget(@CurrentActor() actor: Actor, @Param('measure') measure: string, @Body() dto: SetScorecardTargetDto): Promise<ScorecardTargetDto> {
    ownLa(actor);
    return this.scorecards.setTarget(actor, measure, dto);
  }

  @Get('commentary')
  @ApiOperation({ summary: 'Every owner’s commentary of the LA (or on one measure), newest first: the history' })
  @ApiOkResponse({ type: [CommentaryDto] })
  @ApiProblems(400, 401, 403)
  history(@CurrentActor() actor: Actor, @Query() query: CommentaryQueryDto): Promise<CommentaryDto[]> {
    ownLa(actor);
    return this.scorecards.commentaryHistory(actor, query.measure);
  }

  @Post('commentary')
  @HttpCode(201)
  @ApiOperation({ summary: "Records an owner's commentary on a measure for a period (who, what, by when), with the measure's status now; a replay of the latest returns it (200)" })
  @ApiCreatedResponse({ type: CommentaryDto })
  @ApiOkResponse({ type: CommentaryDto, description: 'The same commentary was already the latest: nothing added' })
  @ApiProblems(400, 401, 403)
  async addCommentary(@CurrentActor() actor: Actor, @Body() dto: CreateCommentaryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<CommentaryDto> {
    const { commentary, created } = await this.scorecards.addCommentary(actor, ownLa(actor), dto);
    if (!created) void reply.status(200);
    return commentary;
  }
}
