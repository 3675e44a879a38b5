import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdviceModule } from '@app/advice';
import { AssessmentsModule } from '@app/assessments';
import { AuditModule } from '@app/audit';
import { ChildrenModule } from '@app/children';
import { DeadlinesModule } from '@app/deadlines';
import { IdentityModule } from '@app/identity';
import { PlansModule } from '@app/plans';
import { ReviewsModule } from '@app/reviews';
import { AppealsModule } from '@app/appeals';
import { ReassessmentRequest } from './entities/reassessment-request.entity';
import { ReassessmentsService } from './reassessment/reassessments.service';
import { Transfer } from './entities/transfer.entity';
import { HealthSignOff } from './entities/health-sign-off.entity';
import { DesignatedOfficers } from './entities/designated-officers.entity';
import { BodyNotice } from './entities/body-notice.entity';
import { PlanHealthBody } from './entities/plan-health-body.entity';
import { HealthBodyChange } from './entities/health-body-change.entity';
import { PersonalBudgetRequest } from './entities/personal-budget-request.entity';
import { ProvisionDelivery } from './entities/provision-delivery.entity';
import { HealthService } from './health/health.service';
import { AdulthoodService } from './adulthood/adulthood.service';
import { AdultSocialCareTransition, ReviewAdulthoodRecord } from './entities/adulthood.entity';
import { BudgetsService } from './budgets/budgets.service';
import { ProvisionService } from './provision/provision.service';
import { TransfersService } from './transfers/transfers.service';

/**
 * Across boundaries (statutory-rules.md section 9): children moving between LAs, re-assessment, health and social
 * care, personal budgets, provision delivered. Reaches plans, reviews and assessments through their services.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Transfer, ReassessmentRequest, HealthSignOff, DesignatedOfficers, BodyNotice, PlanHealthBody, HealthBodyChange, PersonalBudgetRequest, ProvisionDelivery, ReviewAdulthoodRecord, AdultSocialCareTransition]), AppealsModule, AssessmentsModule, AdviceModule, AuditModule, ChildrenModule, DeadlinesModule, IdentityModule, PlansModule, ReviewsModule],
  providers: [TransfersService, ReassessmentsService, HealthService, BudgetsService, ProvisionService, AdulthoodService],
  exports: [TransfersService, ReassessmentsService, HealthService, BudgetsService, ProvisionService, AdulthoodService],
})
export class BoundariesModule {}
