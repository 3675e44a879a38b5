import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor, uuidParam } from '@app/core';
import type { FastifyReply } from 'fastify';
import { BoardPackDto, BoardPackRenderingDto, CreateBoardPackDto } from '../dto/board-pack.dto';
import { ReportScope, resolveScope } from '../report-scope';
import { BoardPacksService } from './board-packs.service';

const RETRY_AFTER_SECONDS = 2;

/** The LA's own board packs: managers and LA administrators (reports:read); never national. */
function ownLa(actor: Actor): ReportScope & { kind: 'local_authority' } {
  return resolveScope(actor, undefined) as ReportScope & { kind: 'local_authority' };
}

@ApiTags('reports')
@ApiBearerAuth()
@ApiExtraModels(BoardPackRenderingDto)
@Controller('reports/board-packs')
export class BoardPacksController {
  constructor(private readonly packs: BoardPacksService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: "Asks for a board pack PDF for a period: the scorecard, the dashboard's charts and the owners' commentary, frozen now and rendered by the worker (audited). Download it from pdfUrl" })
  @ApiAcceptedResponse({ type: BoardPackDto, description: 'Accepted: the worker renders it' })
  @ApiProblems(400, 401, 403)
  request(@CurrentActor() actor: Actor, @Body() dto: CreateBoardPackDto): Promise<BoardPackDto> {
    return this.packs.request(actor, ownLa(actor), dto.from, dto.to);
  }

  @Get()
  @ApiOperation({ summary: "The LA's latest board packs (20), newest first" })
  @ApiOkResponse({ type: [BoardPackDto] })
  @ApiProblems(401, 403)
  list(@CurrentActor() actor: Actor): Promise<BoardPackDto[]> {
    ownLa(actor);
    return this.packs.list(actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One board pack and whether it is rendered' })
  @ApiOkResponse({ type: BoardPackDto })
  @ApiProblems(400, 401, 403, 404)
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<BoardPackDto> {
    ownLa(actor);
    return this.packs.get(actor, id);
  }

  @Get(':id/pdf')
  @ApiOperation({ summary: 'The board pack as PDF (audited); 202 with Retry-After while the worker renders it; 409 pdf_render_failed once it gave up' })
  @ApiOkResponse({
    description: 'The PDF',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
    headers: { 'Content-Disposition': { description: 'attachment; filename="board-pack-<from>-to-<to>.pdf"', schema: { type: 'string' } } },
  })
  @ApiAcceptedResponse({
    description: 'Being rendered: ask again after Retry-After seconds',
    content: { 'application/json': { schema: { $ref: getSchemaPath(BoardPackRenderingDto) } } },
    headers: { 'Retry-After': { description: 'Seconds to wait before asking again', schema: { type: 'integer', minimum: 1 } } },
  })
  @ApiProblems(400, 401, 403, 404, 409)
  async pdf(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer | BoardPackRenderingDto> {
    ownLa(actor);
    const { pack, content } = await this.packs.pdf(actor, id);
    if (!content) {
      void reply.status(202).header('retry-after', String(RETRY_AFTER_SECONDS));
      return { status: 'rendering', id: pack.id };
    }
    void reply.header('content-type', 'application/pdf');
    void reply.header('content-disposition', `attachment; filename="board-pack-${pack.periodFrom}-to-${pack.periodTo}.pdf"`);
    void reply.header('etag', `"${pack.sha256}"`);
    return content;
  }
}
