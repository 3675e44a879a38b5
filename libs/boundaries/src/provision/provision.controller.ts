import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor, Permission, RequirePermissions, uuidParam } from '@app/core';
import { ProvisionDeliveryDto, ProvisionDeliveryInputDto, ProvisionInboxItemDto, ProvisionNotInPlaceDto } from '../dto/provision.dto';
import { ProvisionDelivery } from '../entities/provision-delivery.entity';
import { deliveryGap, ProvisionService } from './provision.service';

function toDto(d: ProvisionDelivery): ProvisionDeliveryDto {
  const num = (v: string | null) => (v === null ? null : Number(v));
  return { id: d.id, planId: d.planId, provisionId: d.provisionId, section: d.section, description: d.description, inPlace: d.inPlace, since: d.since, hoursDelivered: num(d.hoursDelivered), hoursSpecified: num(d.hoursSpecified), period: d.period, reason: d.reason, gap: deliveryGap(d), reportedBy: d.reportedBy, reportedAt: d.createdAt.toISOString() };
}

/** Provision actually delivered (CFA s42(2)-(3)). */
@ApiTags('provision delivered')
@ApiBearerAuth()
@ApiExtraModels(ProvisionDeliveryDto)
@Controller()
export class ProvisionController {
  constructor(private readonly provision: ProvisionService) {}

  @Put('plans/:id/provision/:provisionId/delivery')
  @RequirePermissions(Permission.ChildrenRead)
  @ApiOperation({ summary: 'The setting named in section I (through its inbox) or the case team: whether this F or G provision is in place, since when, hours delivered against specified, the reason for a gap' })
  @ApiOkResponse({ type: ProvisionDeliveryDto })
  @ApiProblems(400, 401, 403, 404)
  async report(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Param('provisionId') provisionId: string, @Body() dto: ProvisionDeliveryInputDto): Promise<ProvisionDeliveryDto> {
    return toDto(await this.provision.report(actor, id, provisionId.slice(0, 100), dto));
  }

  @Get('plans/:id/provision')
  @RequirePermissions(Permission.ChildrenRead)
  @ApiOperation({ summary: 'Each F and G provision of the plan with its latest delivery report' })
  @ApiOkResponse({ type: ProvisionInboxItemDto })
  @ApiProblems(400, 401, 403, 404)
  async forPlan(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<ProvisionInboxItemDto> {
    const { plan, items } = await this.provision.forPlan(actor, id);
    return { planId: plan.id, childId: plan.childId, childName: '', provision: items.map((i) => ({ provisionId: i.item.id, section: i.section, description: i.item.description, frequency: i.item.frequency ?? null, latest: i.latest ? toDto(i.latest) : null })) };
  }

  @Get('provision-inbox')
  @RequirePermissions(Permission.AdviceRespond)
  @ApiOperation({ summary: 'A school’s or provider’s inbox: the plans naming it in section I, each provision with its latest report' })
  @ApiOkResponse({ type: [ProvisionInboxItemDto] })
  @ApiProblems(401, 403)
  async inbox(@CurrentActor() actor: Actor): Promise<ProvisionInboxItemDto[]> {
    return (await this.provision.inbox(actor)).map(({ plan, childName, items }) => ({ planId: plan.id, childId: plan.childId, childName, provision: items.map((i) => ({ provisionId: i.item.id, section: i.section, description: i.item.description, frequency: i.item.frequency ?? null, latest: i.latest ? toDto(i.latest) : null })) }));
  }

  @Get('reports/provision-not-in-place')
  @RequirePermissions(Permission.ReportsRead)
  @ApiOperation({ summary: 'Managers: plans whose provision is not in place (or short of its hours) by the latest report: the child at risk, not a deadline' })
  @ApiOkResponse({ type: [ProvisionNotInPlaceDto] })
  @ApiProblems(401, 403)
  async notInPlace(@CurrentActor() actor: Actor): Promise<ProvisionNotInPlaceDto[]> {
    return (await this.provision.notInPlace(actor)).map(({ plan, childName, items }) => ({ planId: plan.id, childId: plan.childId, childName, items: items.map(toDto) }));
  }
}
