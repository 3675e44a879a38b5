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
import { TransfersService } from './transfers/transfers.service';

/**
 * Across boundaries (statutory-rules.md section 9): children moving between LAs, re-assessment, health and social
 * care, personal budgets, provision delivered. Reaches plans, reviews and assessments through their services.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Transfer, ReassessmentRequest]), AppealsModule, AssessmentsModule, AdviceModule, AuditModule, ChildrenModule, DeadlinesModule, IdentityModule, PlansModule, ReviewsModule],
  providers: [TransfersService, ReassessmentsService],
  exports: [TransfersService, ReassessmentsService],
})
export class BoundariesModule {}
