import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor, Permission, RequirePermissions, uuidParam } from '@app/core';
import { AdultSocialCareTransitionDto, PlanAdulthoodDto, ReviewAdulthoodDto } from '../dto/adulthood.dto';
import { AdulthoodService } from './adulthood.service';

/** Preparing for adulthood (CoP 8.9, 9.166; Regs 12(3); CFA s46). */
@ApiTags('preparing for adulthood')
@ApiBearerAuth()
@Controller()
export class AdulthoodController {
  constructor(private readonly adulthood: AdulthoodService) {}

  @Put('reviews/:id/preparing-for-adulthood')
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'What the review recorded on preparing for adulthood: employment, independent living, community, health (required from Year 9)' })
  @ApiOkResponse({ type: PlanAdulthoodDto })
  @ApiProblems(400, 401, 403, 404)
  record(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: ReviewAdulthoodDto): Promise<PlanAdulthoodDto> {
    return this.adulthood.recordForReview(actor, id, dto);
  }

  @Get('plans/:id/preparing-for-adulthood')
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'The year group, whether preparing for adulthood is required, the findings (E/F without it, reviews that did not record it), the s46 end date and the transition to adult social care' })
  @ApiOkResponse({ type: PlanAdulthoodDto })
  @ApiProblems(400, 401, 403, 404)
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<PlanAdulthoodDto> {
    return this.adulthood.forPlan(actor, id);
  }

  @Put('plans/:id/adult-social-care-transition')
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'The transition to adult social care (assessment, transfer, notes)' })
  @ApiOkResponse({ type: PlanAdulthoodDto })
  @ApiProblems(400, 401, 403, 404)
  transition(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: AdultSocialCareTransitionDto): Promise<PlanAdulthoodDto> {
    return this.adulthood.recordTransition(actor, id, dto);
  }
}
