import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor, etagFor, Permission, RequirePermissions, uuidParam, versionFromIfMatch } from '@app/core';
import { AdmitMemberDto, CreateOrganisationDto, OrganisationDto, OrganisationMemberDto, UpdateOrganisationDto } from './dto/organisation.dto';
import { OrganisationsService } from './organisations.service';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Post()
  @RequirePermissions(Permission.OrganisationsManage)
  @ApiOperation({
    summary: "Register an organisation in your LA's records",
    description: "The record is your LA's alone: its name, shared inbox and members. A URN is unique within your LA (409 when you already have it); another LA's record with the same URN is never linked or revealed.",
  })
  @ApiCreatedResponse({ type: OrganisationDto })
  @ApiProblems(400, 401, 403, 409)
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateOrganisationDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<OrganisationDto> {
    const organisation = await this.organisations.create(actor, dto);
    void reply.header('etag', etagFor(organisation.version));
    return OrganisationDto.from(organisation);
  }

  @Get()
  @RequirePermissions(Permission.ChildrenSearch)
  @ApiOperation({ summary: 'Organisations serving your local authority' })
  @ApiOkResponse({ type: [OrganisationDto] })
  @ApiProblems(401, 403)
  async list(@CurrentActor() actor: Actor): Promise<OrganisationDto[]> {
    return (await this.organisations.list(actor)).map(OrganisationDto.from);
  }

  @Get(':id')
  @RequirePermissions(Permission.ChildrenSearch)
  @ApiOperation({ summary: 'One organisation serving your local authority' })
  @ApiOkResponse({ type: OrganisationDto })
  @ApiProblems(400, 401, 403, 404)
  async get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<OrganisationDto> {
    const organisation = await this.organisations.get(actor, id);
    void reply.header('etag', etagFor(organisation.version));
    return OrganisationDto.from(organisation);
  }

  @Patch(':id')
  @RequirePermissions(Permission.OrganisationsManage)
  @ApiOperation({ summary: "Change one of your LA's organisations (name, UKPRN, shared inbox); send If-Match with the ETag you read" })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The ETag from the last read, e.g. "1"' })
  @ApiOkResponse({ type: OrganisationDto })
  @ApiProblems(400, 401, 403, 404, 412, 428)
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: UpdateOrganisationDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrganisationDto> {
    const organisation = await this.organisations.update(actor, id, versionFromIfMatch(ifMatch), dto);
    void reply.header('etag', etagFor(organisation.version));
    return OrganisationDto.from(organisation);
  }

  @Get(':id/members')
  @RequirePermissions(Permission.OrganisationsManage)
  @ApiOperation({ summary: "The professionals your LA admitted to one of its organisations" })
  @ApiOkResponse({ type: [OrganisationMemberDto] })
  @ApiProblems(400, 401, 403, 404)
  async members(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<OrganisationMemberDto[]> {
    return (await this.organisations.members(actor, id)).map(OrganisationMemberDto.from);
  }

  @Post(':id/members')
  @RequirePermissions(Permission.OrganisationsManage)
  @ApiOperation({
    summary: 'Admit a professional (of any LA, by email) to one of your organisations',
    description: "From then on they see your LA's advice requests addressed to the organisation, and may be named on your requests. Admitting a member again changes nothing (201 with the membership).",
  })
  @ApiCreatedResponse({ type: OrganisationMemberDto })
  @ApiProblems(400, 401, 403, 404, 422)
  async admit(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: AdmitMemberDto): Promise<OrganisationMemberDto> {
    return OrganisationMemberDto.from(await this.organisations.admit(actor, id, dto.email));
  }

  @Delete(':id/members/:userId')
  @HttpCode(204)
  @RequirePermissions(Permission.OrganisationsManage)
  @ApiOperation({ summary: "Revoke a professional's admission: your LA's requests to the organisation are hidden from them at once" })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async revoke(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Param('userId', uuidParam('userId')) userId: string): Promise<void> {
    await this.organisations.revoke(actor, id, userId);
  }
}
