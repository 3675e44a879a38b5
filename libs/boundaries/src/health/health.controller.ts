import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor, Permission, RequirePermissions, uuidParam } from '@app/core';
import { BodyNoticeDto, DesignatedOfficersDto, HealthBodyChangeAnswerDto, HealthBodyDto, HealthInboxItemDto, HealthSignOffDto, HealthStatusDto } from '../dto/health.dto';
import { ProvisionItem } from '@app/plans';
import { HealthService, HealthStatus } from './health.service';

function toStatusDto(s: HealthStatus): HealthStatusDto {
  return {
    planId: s.planId,
    healthBodyId: s.healthBodyId,
    sectionGHasProvision: s.sectionGHasProvision,
    satisfied: s.satisfied,
    signOffs: s.signOffs.map((r) => ({ id: r.id, planId: r.planId, kind: r.kind, organisationId: r.organisationId, agreedOn: r.agreedOn, overrideReason: r.overrideReason, signedById: r.signedById, current: r.current })),
    bodyChanges: s.bodyChanges.map((c) => ({
      id: c.id,
      planId: c.planId,
      fromOrganisationId: c.fromOrganisationId,
      toOrganisationId: c.toOrganisationId,
      changedOn: c.changedOn,
      answer: c.answer,
      answeredOn: c.answeredOn,
      answerNote: c.answerNote,
      endedOn: c.endedOn ?? c.planEndedOn,
      deadlines: c.deadlines.map((d) => ({ kind: d.kind, startsOn: d.startsOn, dueOn: d.dueOn, regulation: d.regulation, status: d.status, completedOn: d.completedOn, explanation: d.explanation })),
    })),
  };
}

/** Health and social care in the loop: section G agreed by the health body; DCO and DSCO; notices (Regs 4(2), 5(2)). */
@ApiTags('health and social care')
@ApiBearerAuth()
@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Post('plans/:id/health-sign-off')
  @HttpCode(200)
  @RequirePermissions(Permission.ChildrenRead)
  @ApiOperation({ summary: 'A health user of the plan’s health commissioning body agrees section G as it stands `{agreedOn}`; the case team may record an override `{agreedOn, overrideReason}` (documented, audited). A final plan whose G holds provision is refused without one (422 `health_sign_off_missing`)' })
  @ApiOkResponse({ type: HealthStatusDto })
  @ApiProblems(400, 401, 403, 404, 422)
  async signOff(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: HealthSignOffDto): Promise<HealthStatusDto> {
    return toStatusDto(await this.health.signOff(actor, id, dto));
  }

  @Get('plans/:id/health-sign-off')
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'Whether section G is agreed as it stands, and every sign-off and override' })
  @ApiOkResponse({ type: HealthStatusDto })
  @ApiProblems(400, 401, 403, 404)
  async status(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<HealthStatusDto> {
    return toStatusDto(await this.health.read(actor, id));
  }

  @Get('health-sign-off-inbox')
  @RequirePermissions(Permission.AdviceRespond)
  @ApiOperation({ summary: 'A health user’s plans to agree: those whose health commissioning body is one of their organisations, with the child’s name, section G as it stands and its sign-off status (empty for anyone else)' })
  @ApiOkResponse({ type: [HealthInboxItemDto] })
  @ApiProblems(401, 403)
  async inbox(@CurrentActor() actor: Actor): Promise<HealthInboxItemDto[]> {
    return (await this.health.inbox(actor)).map(({ plan, childName, status }) => ({
      planId: plan.id,
      childId: plan.childId,
      childName,
      planStatus: plan.status,
      // Section G holds provision items (SECTION_KINDS: provision).
      sectionG: { text: plan.sections.G?.text ?? '', items: (plan.sections.G?.items ?? []) as ProvisionItem[] },
      status: toStatusDto(status),
    }));
  }

  @Put('plans/:id/health-body')
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'The plan’s health commissioning body (an `nhs_body` organisation of the LA): its health users sign section G off. A change from one body to another (Regs 16) is recorded with `changedOn` (default today) and the new body’s 15 working days to answer, a deadline of the case; the same body again changes nothing' })
  @ApiOkResponse({ type: HealthStatusDto })
  @ApiProblems(400, 401, 403, 404, 422)
  async setBody(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: HealthBodyDto): Promise<HealthStatusDto> {
    return toStatusDto(await this.health.setHealthBody(actor, id, dto));
  }

  @Post('health-body-changes/:id/answer')
  @HttpCode(200)
  @RequirePermissions(Permission.ChildrenRead)
  @ApiOperation({ summary: 'The new health commissioning body’s answer after a change of body (Regs 16) `{answer, answeredOn, note?}`: it secures the health provision, or asks the LA to review the plan or to assess; meets its 15 working days. A health user of the new body, or the case team from its letter' })
  @ApiOkResponse({ type: HealthStatusDto })
  @ApiProblems(400, 401, 403, 404, 422)
  async answerBodyChange(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: HealthBodyChangeAnswerDto): Promise<HealthStatusDto> {
    return toStatusDto(await this.health.answerBodyChange(actor, id, dto));
  }

  @Get('designated-officers')
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'The LA’s Designated Clinical Officer and Designated Social Care Officer' })
  @ApiOkResponse({ type: DesignatedOfficersDto })
  @ApiProblems(401, 403)
  officers(@CurrentActor() actor: Actor): Promise<DesignatedOfficersDto> {
    return this.health.officers(actor);
  }

  @Put('designated-officers')
  @RequirePermissions(Permission.OrganisationsManage)
  @ApiOperation({ summary: 'LA administrator: name the DCO and DSCO' })
  @ApiOkResponse({ type: DesignatedOfficersDto })
  @ApiProblems(400, 401, 403)
  setOfficers(@CurrentActor() actor: Actor, @Body() dto: DesignatedOfficersDto): Promise<DesignatedOfficersDto> {
    return this.health.setOfficers(actor, dto);
  }

  @Get('assessments/:id/body-notices')
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'That health and social care were told the assessment was considered (Regs 4(2)) and of the decision (Regs 5(2)), and to whom' })
  @ApiOkResponse({ type: [BodyNoticeDto] })
  @ApiProblems(400, 401, 403, 404)
  async notices(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<BodyNoticeDto[]> {
    return (await this.health.notices(actor, id)).map((n) => ({ body: n.body, event: n.event, notifiedOn: n.notifiedOn, addressee: n.addressee, regulation: n.regulation }));
  }
}
