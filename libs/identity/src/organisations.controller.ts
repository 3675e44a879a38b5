import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor, Permission, RequirePermissions, uuidParam } from '@app/core';
import { CreateOrganisationDto, OrganisationDto } from './dto/organisation.dto';
import { OrganisationsService } from './organisations.service';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Post()
  @RequirePermissions(Permission.OrganisationsManage)
  @ApiOperation({ summary: 'Register an organisation serving your LA (an existing school with the same URN is linked, not duplicated)' })
  @ApiCreatedResponse({ type: OrganisationDto })
  @ApiProblems(400, 401, 403, 409)
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateOrganisationDto): Promise<OrganisationDto> {
    return OrganisationDto.from(await this.organisations.create(actor, dto));
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
  async get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<OrganisationDto> {
    return OrganisationDto.from(await this.organisations.get(actor, id));
  }
}
