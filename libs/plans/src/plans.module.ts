import { RemindersModule } from '@app/reminders';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdviceModule } from '@app/advice';
import { AssessmentsModule } from '@app/assessments';
import { AuditModule } from '@app/audit';
import { DomainEventsModule } from '@app/core';
import { ChildrenModule } from '@app/children';
import { IdentityModule } from '@app/identity';
import { NoticeDocument } from './entities/notice-document.entity';
import { PlanDocument } from './entities/plan-document.entity';
import { NoticeDocumentsService } from './notices/notice-documents.service';
import { Plan } from './entities/plan.entity';
import { PlanVersion } from './entities/plan-version.entity';
import { PlanDocumentsQueue } from './pdf/plan-documents.queue';
import { PlansService } from './plans.service';
import { PlanCeasingService } from './ceasing/plan-ceasing.service';
import { PlanCessation } from './entities/plan-cessation.entity';
import { PlanCeaseConsultation } from './entities/plan-cease-consultation.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Plan, PlanVersion, PlanDocument, NoticeDocument, PlanCessation, PlanCeaseConsultation]), AssessmentsModule, AdviceModule, AuditModule, ChildrenModule, IdentityModule, RemindersModule, DomainEventsModule],
  providers: [PlansService, PlanDocumentsQueue, PlanCeasingService, NoticeDocumentsService],
  exports: [PlansService, PlanCeasingService, NoticeDocumentsService],
})
export class PlansModule {}
