import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor, Permission, RequirePermissions, uuidParam, versionFromIfMatch } from '@app/core';
import { AppealDto, AppealQueryDto, ComplianceDto, CreateAppealDto, HearingDto, LodgedDto, MediationCertificateDto, MediationDto, OrderDto, OutcomeDto } from './dto/appeal.dto';
import { AppealsService } from './appeals.service';

const ifMatchVersion = (ifMatch: string | undefined) => (ifMatch === undefined ? undefined : versionFromIfMatch(ifMatch));

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
  create(@CurrentActor() actor: Actor, @Body() dto: CreateAppealDto): Promise<AppealDto> {
    return this.appeals.create(actor, dto);
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
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<AppealDto> {
    return this.appeals.get(actor, id);
  }

  @Post(':id/mediation')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'Mediation facts: adviser contacted, mediation asked for, held, its outcome (CFA s55)' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: AppealDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  mediation(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() dto: MediationDto): Promise<AppealDto> {
    return this.appeals.mediation(actor, id, dto, ifMatchVersion(ifMatch));
  }

  @Post(':id/mediation-certificate')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'The mediation certificate: the deadline becomes the later of notice + 2 months and certificate + 1 month' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: AppealDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  certificate(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() dto: MediationCertificateDto): Promise<AppealDto> {
    return this.appeals.certificate(actor, id, dto.issuedOn, ifMatchVersion(ifMatch));
  }

  @Post(':id/lodged')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'The appeal was lodged with the Tribunal (a ceasing plan is then maintained until it is decided)' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: AppealDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  lodged(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() dto: LodgedDto): Promise<AppealDto> {
    return this.appeals.lodged(actor, id, dto.lodgedOn, ifMatchVersion(ifMatch));
  }

  @Post(':id/hearing')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'The hearing date the Tribunal listed' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: AppealDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  hearing(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() dto: HearingDto): Promise<AppealDto> {
    return this.appeals.hearing(actor, id, dto.hearingOn, ifMatchVersion(ifMatch));
  }

  @Post(':id/outcome')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'The outcome without an order (withdrawn, dismissed); a dismissed or withdrawn appeal against a cease lets the plan cease' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: AppealDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  outcome(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() dto: OutcomeDto): Promise<AppealDto> {
    return this.appeals.outcome(actor, id, dto, ifMatchVersion(ifMatch));
  }

  @Post(':id/orders')
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'A Tribunal order or the LA’s concession: its compliance deadlines (Regs 44, 45); reopens, amends or continues the ORIGINAL case' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiCreatedResponse({ type: AppealDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  order(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() dto: OrderDto): Promise<AppealDto> {
    return this.appeals.order(actor, id, dto, ifMatchVersion(ifMatch));
  }

  @Post(':id/orders/:orderId/compliance')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'Record a duty of the order done (e.g. notify_assess), where the case’s own steps do not show it' })
  @ApiOkResponse({ type: AppealDto })
  @ApiProblems(400, 401, 403, 404, 422)
  compliance(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Param('orderId', uuidParam()) orderId: string, @Body() dto: ComplianceDto): Promise<AppealDto> {
    return this.appeals.compliance(actor, id, orderId, dto);
  }
}
