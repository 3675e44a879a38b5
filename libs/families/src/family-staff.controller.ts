import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor, etagFor, Permission, RequirePermissions, uuidParam, versionFromIfMatch } from '@app/core';
import { PlanDto, toPlanDto } from '@app/plans';
import type { FastifyReply } from 'fastify';
import { CoProductionService } from './co-production.service';
import { AnswerContributionDto, FamilyAccessDto, FamilyContributionDto, InviteFamilyMemberDto, RecordConsentDto } from './dto/families.dto';
import { toAccessDto, toContributionDto } from './families.mappers';
import { FamilyAccessService } from './family-access.service';

/** The caseworker's side of co-production: who in the family may see the case, and the answers to what they said. */
@ApiTags('families')
@ApiBearerAuth()
@Controller()
export class FamilyStaffController {
  constructor(
    private readonly access: FamilyAccessService,
    private readonly coProduction: CoProductionService,
  ) {}

  @Post('children/:id/family-access')
  @RequirePermissions(Permission.ChildrenWrite)
  @ApiOperation({ summary: 'Invite a parent, young person or representative to follow the child’s case; an invitation email goes out (no personal data)' })
  @ApiCreatedResponse({ type: FamilyAccessDto })
  @ApiProblems(400, 401, 403, 404, 409)
  async invite(@CurrentActor() actor: Actor, @Param('id', uuidParam()) childId: string, @Body() dto: InviteFamilyMemberDto): Promise<FamilyAccessDto> {
    return toAccessDto(await this.access.invite(actor, childId, dto));
  }

  @Get('children/:id/family-access')
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'Who in the family was invited to the child’s case, and what each grant opens today' })
  @ApiOkResponse({ type: [FamilyAccessDto] })
  @ApiProblems(400, 401, 403, 404)
  async list(@CurrentActor() actor: Actor, @Param('id', uuidParam()) childId: string): Promise<FamilyAccessDto[]> {
    return (await this.access.listForChild(actor, childId)).map(toAccessDto);
  }

  @Delete('family-access/:id')
  @HttpCode(204)
  @RequirePermissions(Permission.ChildrenWrite)
  @ApiOperation({ summary: 'Revoke a family member’s access: they lose the child at once; with their last grant, their sessions end' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async revoke(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<void> {
    await this.access.revoke(actor, id);
  }

  @Post('family-access/:id/consent')
  @HttpCode(200)
  @RequirePermissions(Permission.ChildrenWrite)
  @ApiOperation({ summary: 'Record the young person’s consent for a parent to keep access after the rights passed to them' })
  @ApiOkResponse({ type: FamilyAccessDto })
  @ApiProblems(400, 401, 403, 404, 409)
  async consent(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: RecordConsentDto): Promise<FamilyAccessDto> {
    return toAccessDto(await this.access.recordConsent(actor, id, dto.consentedOn));
  }

  @Get('assessments/:id/family-contributions')
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'Every view, comment, preference, request and document the family gave on the case, with its answer (unanswered ones have answered: false)' })
  @ApiOkResponse({ type: [FamilyContributionDto] })
  @ApiProblems(400, 401, 403, 404)
  async contributions(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<FamilyContributionDto[]> {
    return (await this.coProduction.list(actor, id)).map(toContributionDto);
  }

  @Post('family-contributions/:id/answer')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'Answer a family comment: reflected in the plan or not, with a reason; the answers go with the final plan’s covering notice' })
  @ApiOkResponse({ type: FamilyContributionDto })
  @ApiProblems(400, 401, 403, 404, 409)
  async answer(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: AnswerContributionDto): Promise<FamilyContributionDto> {
    return toContributionDto(await this.coProduction.answer(actor, id, dto));
  }

  @Post('family-contributions/:id/section-a')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'Start section A of the plan from this version of the family’s views (their own words); If-Match with the plan’s ETag' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The plan’s ETag from the last read, e.g. "3"' })
  @ApiOkResponse({ type: PlanDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 428)
  async sectionA(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<PlanDto> {
    const { plan, deadlines } = await this.coProduction.startSectionA(actor, id, versionFromIfMatch(ifMatch));
    void reply.header('etag', etagFor(plan.version));
    return toPlanDto(plan, deadlines);
  }

  @Get('family-contributions/:id/document')
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'A document the family sent (audited)' })
  @ApiProduces('application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'image/png', 'image/jpeg')
  @ApiOkResponse({ description: 'The file', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } })
  @ApiProblems(400, 401, 403, 404)
  async document(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const row = await this.coProduction.document(actor, id);
    const details = row.details as { mediaType: string; fileName: string };
    void reply.header('content-type', details.mediaType);
    void reply.header('content-disposition', `attachment; filename="${details.fileName.replace(/[^\w .()-]/g, '_')}"`);
    return row.content;
  }
}
