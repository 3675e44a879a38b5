import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, Clock, CurrentActor, etagFor, Permission, RequirePermissions, uuidParam, versionFromIfMatch } from '@app/core';
import { decisionRightsHolder, endOfCompulsorySchoolAge } from '@app/statutory-clock';
import type { FastifyReply } from 'fastify';
import { ChildrenService } from './children.service';
import { ChildDto, ChildPageDto, ChildQueryDto, CreateChildDto, CreateFamilyContactDto, FamilyContactDto, UpdateChildDto, UpdateFamilyContactDto } from './dto/child.dto';
import { Child } from './entities/child.entity';
import { FamilyContact } from './entities/family-contact.entity';

@ApiTags('children')
@ApiBearerAuth()
@Controller('children')
export class ChildrenController {
  constructor(
    private readonly children: ChildrenService,
    private readonly clock: Clock,
  ) {}

  @Post()
  @RequirePermissions(Permission.ChildrenWrite)
  @ApiOperation({ summary: 'Record a child or young person in your local authority' })
  @ApiCreatedResponse({ type: ChildDto, description: 'The child; ETag header carries the version' })
  @ApiProblems(400, 401, 403, 409)
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateChildDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<ChildDto> {
    const child = await this.children.create(actor, dto);
    void reply.header('etag', etagFor(child.version));
    return this.toDto(child);
  }

  @Get()
  @RequirePermissions(Permission.ChildrenSearch)
  @ApiOperation({ summary: 'Search children of your local authority by name prefix, date of birth or identifier' })
  @ApiOkResponse({ type: ChildPageDto })
  @ApiProblems(400, 401, 403)
  async search(@CurrentActor() actor: Actor, @Query() query: ChildQueryDto): Promise<ChildPageDto> {
    const page = await this.children.search(actor, query);
    return { items: page.items.map((c) => ({ id: c.id, givenName: c.givenName, familyName: c.familyName, dateOfBirth: c.dateOfBirth, upn: c.upn })), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @RequirePermissions(Permission.ChildrenRead)
  @ApiOperation({ summary: 'One child, with family contacts and who holds decision rights (the read is audited)' })
  @ApiOkResponse({ type: ChildDto })
  @ApiProblems(400, 401, 404)
  async get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<ChildDto> {
    const child = await this.children.get(actor, id);
    void reply.header('etag', etagFor(child.version));
    return this.toDto(child);
  }

  @Patch(':id')
  @RequirePermissions(Permission.ChildrenWrite)
  @ApiOperation({ summary: 'Change a child’s details; send If-Match with the ETag you read' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The ETag from the last read, e.g. "3"' })
  @ApiOkResponse({ type: ChildDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 428)
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: UpdateChildDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ChildDto> {
    const child = await this.children.update(actor, id, versionFromIfMatch(ifMatch), dto);
    void reply.header('etag', etagFor(child.version));
    return this.toDto(child);
  }

  @Post(':id/contacts')
  @RequirePermissions(Permission.ChildrenWrite)
  @ApiOperation({ summary: 'Add a family contact' })
  @ApiCreatedResponse({ type: FamilyContactDto })
  @ApiProblems(400, 401, 403, 404)
  async addContact(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: CreateFamilyContactDto): Promise<FamilyContactDto> {
    return toContactDto(await this.children.addContact(actor, id, dto));
  }

  @Patch(':id/contacts/:contactId')
  @RequirePermissions(Permission.ChildrenWrite)
  @ApiOperation({ summary: 'Change a family contact' })
  @ApiOkResponse({ type: FamilyContactDto })
  @ApiProblems(400, 401, 403, 404)
  async updateContact(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
    @Param('contactId', uuidParam('contactId')) contactId: string,
    @Body() dto: UpdateFamilyContactDto,
  ): Promise<FamilyContactDto> {
    return toContactDto(await this.children.updateContact(actor, id, contactId, dto));
  }

  @Delete(':id/contacts/:contactId')
  @HttpCode(204)
  @RequirePermissions(Permission.ChildrenWrite)
  @ApiOperation({ summary: 'Remove a family contact' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async removeContact(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Param('contactId', uuidParam('contactId')) contactId: string): Promise<void> {
    await this.children.removeContact(actor, id, contactId);
  }

  private toDto(child: Child): ChildDto {
    const today = this.clock.today();
    const holder = decisionRightsHolder(child.dateOfBirth, today, child.youngPersonLacksCapacity);
    const endsOn = endOfCompulsorySchoolAge(child.dateOfBirth);
    return {
      id: child.id,
      givenName: child.givenName,
      familyName: child.familyName,
      dateOfBirth: child.dateOfBirth,
      sex: child.sex,
      upn: child.upn,
      uln: child.uln,
      nhsNumber: child.nhsNumber,
      postcode: child.postcode,
      ethnicity: child.ethnicity,
      settingUrn: child.settingUrn,
      settingName: child.settingName,
      youngPersonLacksCapacity: child.youngPersonLacksCapacity,
      decisionRights: {
        holder,
        compulsorySchoolAgeEndsOn: endsOn,
        reason:
          holder === 'young_person'
            ? 'Past the end of compulsory school age: the young person takes decisions (CFA s83(2)).'
            : child.youngPersonLacksCapacity
              ? 'The young person lacks capacity: the parent takes decisions (CFA s80).'
              : 'Of compulsory school age: the parent takes decisions.',
      },
      contacts: (child.contacts ?? []).map(toContactDto),
      version: child.version,
      createdAt: child.createdAt.toISOString(),
      updatedAt: child.updatedAt.toISOString(),
    };
  }
}

function toContactDto(contact: FamilyContact): FamilyContactDto {
  return {
    id: contact.id,
    name: contact.name,
    relationship: contact.relationship,
    hasParentalResponsibility: contact.hasParentalResponsibility,
    email: contact.email,
    phone: contact.phone,
    address: contact.address,
    isMainContact: contact.isMainContact,
  };
}
