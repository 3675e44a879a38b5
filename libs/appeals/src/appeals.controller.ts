import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor, optionalVersionFromIfMatch, Permission, RequirePermissions, uuidParam, withEtag } from '@app/core';
import type { FastifyReply } from 'fastify';
import { AppealDto, AppealQueryDto, ComplianceDto, CreateAppealDto, HearingDto, LodgedDto, MediationCertificateDto, MediationDto, OrderDto, OutcomeDto, RecommendationAnswerDto, RecommendationDto } from './dto/appeal.dto';
import { AppealsService } from './appeals.service';

@ApiTags('appeals')
@ApiBearerAuth()
@Controller('appeals')
export class AppealsController {
  constructor(private readonly appeals: AppealsService) {}

  @Post()
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'Register an appeal against a decision (CFA s51) on the original case; the deadline is notice + 2 months on a working day' })
  @ApiCreatedResponse({ type: AppealDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateAppealDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<AppealDto> {
    return withEtag(reply, await this.appeals.create(actor, dto));
  }

  @Get()
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'The LA’s appeals (live ones unless live=false) with their stage as of today' })
  @ApiOkResponse({ type: [AppealDto] })
  @ApiProblems(400, 401, 403)
  list(@CurrentActor() actor: Actor, @Query() query: AppealQueryDto): Promise<AppealDto[]> {
    return this.appeals.list(actor, query);
  }

  @Get(':id')
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'One appeal with its mediation, orders, duties and deadlines as of today' })
  @ApiOkResponse({ type: AppealDto })
  @ApiProblems(400, 401, 403, 404)
  async get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<AppealDto> {
    return withEtag(reply, await this.appeals.get(actor, id));
  }

  @Post(':id/mediation')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'Mediation facts: adviser contacted, mediation asked for, held, its outcome (CFA s55)' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: AppealDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  async mediation(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() dto: MediationDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<AppealDto> {
    return withEtag(reply, await this.appeals.mediation(actor, id, dto, optionalVersionFromIfMatch(ifMatch)));
  }

  @Post(':id/mediation-certificate')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'The mediation certificate: the deadline becomes the later of notice + 2 months and certificate + 1 month' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: AppealDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  async certificate(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() dto: MediationCertificateDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<AppealDto> {
    return withEtag(reply, await this.appeals.certificate(actor, id, dto.issuedOn, optionalVersionFromIfMatch(ifMatch)));
  }

  @Post(':id/lodged')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'The appeal was lodged with the Tribunal (a ceasing plan is then maintained until it is decided)' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: AppealDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  async lodged(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() dto: LodgedDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<AppealDto> {
    return withEtag(reply, await this.appeals.lodged(actor, id, dto.lodgedOn, optionalVersionFromIfMatch(ifMatch)));
  }

  @Post(':id/hearing')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'The hearing date the Tribunal listed' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: AppealDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  async hearing(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() dto: HearingDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<AppealDto> {
    return withEtag(reply, await this.appeals.hearing(actor, id, dto.hearingOn, optionalVersionFromIfMatch(ifMatch)));
  }

  @Post(':id/outcome')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'The outcome without an order (withdrawn, dismissed); a dismissed or withdrawn appeal against a cease lets the plan cease' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: AppealDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  async outcome(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() dto: OutcomeDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<AppealDto> {
    return withEtag(reply, await this.appeals.outcome(actor, id, dto, optionalVersionFromIfMatch(ifMatch)));
  }

  @Post(':id/orders')
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'A Tribunal order or the LA’s concession: its compliance deadlines (Regs 44, 45); reopens, amends or continues the ORIGINAL case' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiCreatedResponse({ type: AppealDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  async order(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() dto: OrderDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<AppealDto> {
    return withEtag(reply, await this.appeals.order(actor, id, dto, optionalVersionFromIfMatch(ifMatch)));
  }

  @Post(':id/orders/:orderId/compliance')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'Record a duty of the order done (e.g. notify_assess), where the case’s own steps do not show it' })
  @ApiOkResponse({ type: AppealDto })
  @ApiProblems(400, 401, 403, 404, 422)
  async compliance(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Param('orderId', uuidParam()) orderId: string, @Body() dto: ComplianceDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<AppealDto> {
    return withEtag(reply, await this.appeals.compliance(actor, id, orderId, dto));
  }

  @Post(':id/orders/:orderId/recommendations')
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'A Tribunal recommendation on health or social care made with this order `{kind, body, text, decidedOn?}` (Recommendations Power Regulations 2017): the body’s written answer is due within 5 weeks of the decision, a deadline of the appeal; a replay records nothing new' })
  @ApiCreatedResponse({ type: AppealDto })
  @ApiProblems(400, 401, 403, 404, 422)
  async recommend(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Param('orderId', uuidParam()) orderId: string, @Body() dto: RecommendationDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<AppealDto> {
    return withEtag(reply, await this.appeals.recommend(actor, id, orderId, dto));
  }

  @Post(':id/recommendations/:recommendationId/answer')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'The body’s written answer to a recommendation `{text, answeredOn, answeredBy}`: meets its 5-week deadline' })
  @ApiOkResponse({ type: AppealDto })
  @ApiProblems(400, 401, 403, 404, 422)
  async answerRecommendation(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Param('recommendationId', uuidParam()) recommendationId: string, @Body() dto: RecommendationAnswerDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<AppealDto> {
    return withEtag(reply, await this.appeals.answerRecommendation(actor, id, recommendationId, dto));
  }
}
