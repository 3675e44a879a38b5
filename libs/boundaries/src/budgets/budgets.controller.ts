import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor, Permission, RequirePermissions, uuidParam } from '@app/core';
import { DirectPaymentReviewDto, PersonalBudgetDecisionDto, PersonalBudgetRequestCreateDto, PersonalBudgetRequestDto } from '../dto/budget.dto';
import { PersonalBudgetRequest } from '../entities/personal-budget-request.entity';
import { BudgetsService } from './budgets.service';

function toDto(r: PersonalBudgetRequest): PersonalBudgetRequestDto {
  return { id: r.id, planId: r.planId, receivedOn: r.receivedOn, stage: r.stage, status: r.status, decisionNotifiedOn: r.decisionNotifiedOn, amount: r.amountPence === null ? null : r.amountPence / 100, reason: r.reason, directPaymentReviews: r.directPaymentReviews };
}

/** Personal budgets (CFA s49). */
@ApiTags('personal budgets')
@ApiBearerAuth()
@Controller()
export class BudgetsController {
  constructor(private readonly budgets: BudgetsService) {}

  @Post('plans/:id/personal-budget-requests')
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'The family asks for a personal budget while the plan is drafted or reviewed (CFA s49)' })
  @ApiCreatedResponse({ type: PersonalBudgetRequestDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async create(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: PersonalBudgetRequestCreateDto): Promise<PersonalBudgetRequestDto> {
    return toDto(await this.budgets.request(actor, id, dto));
  }

  @Get('plans/:id/personal-budget-requests')
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'A plan’s personal budget requests, newest first' })
  @ApiOkResponse({ type: [PersonalBudgetRequestDto] })
  @ApiProblems(400, 401, 403, 404)
  async list(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<PersonalBudgetRequestDto[]> {
    return (await this.budgets.listForPlan(actor, id)).map(toDto);
  }

  @Get('personal-budget-requests/:id')
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'One request and the LA’s answer' })
  @ApiOkResponse({ type: PersonalBudgetRequestDto })
  @ApiProblems(400, 401, 403, 404)
  async get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<PersonalBudgetRequestDto> {
    return toDto(await this.budgets.get(actor, id));
  }

  @Post('personal-budget-requests/:id/decision')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: '`agree` with `amount` (pounds a year) or `refuse` with `reason`' })
  @ApiOkResponse({ type: PersonalBudgetRequestDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async decide(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: PersonalBudgetDecisionDto): Promise<PersonalBudgetRequestDto> {
    return toDto(await this.budgets.decide(actor, id, dto));
  }

  @Post('personal-budget-requests/:id/direct-payment-reviews')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'Direct payments reviewed (at least at each annual review)' })
  @ApiOkResponse({ type: PersonalBudgetRequestDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async reviewed(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: DirectPaymentReviewDto): Promise<PersonalBudgetRequestDto> {
    return toDto(await this.budgets.directPaymentReviewed(actor, id, dto));
  }
}
