import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdviceModule } from '@app/advice';
import { AssessmentsModule } from '@app/assessments';
import { AuditModule } from '@app/audit';
import { ChildrenModule } from '@app/children';
import { PlanDocument } from './entities/plan-document.entity';
import { Plan } from './entities/plan.entity';
import { PlanVersion } from './entities/plan-version.entity';
import { PlanDocumentsQueue } from './pdf/plan-documents.queue';
import { PlansService } from './plans.service';

@Module({
  imports: [TypeOrmModule.forFeature([Plan, PlanVersion, PlanDocument]), AssessmentsModule, AdviceModule, AuditModule, ChildrenModule],
  providers: [PlansService, PlanDocumentsQueue],
  exports: [PlansService],
})
export class PlansModule {}
