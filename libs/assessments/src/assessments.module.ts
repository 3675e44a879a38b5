import { RemindersModule } from '@app/reminders';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeadlinesModule } from '@app/deadlines';
import { AuditModule } from '@app/audit';
import { DomainEventsModule } from '@app/core';
import { ChildrenModule } from '@app/children';
import { IdentityModule } from '@app/identity';
import { AssessmentsService } from './assessments.service';
import { AssessmentTimelineService } from './assessment-timeline.service';
import { AssessmentException } from './entities/assessment-exception.entity';
import { Assessment } from './entities/assessment.entity';
import { SchoolConsultation } from './entities/school-consultation.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Assessment, AssessmentException, SchoolConsultation]), AuditModule, ChildrenModule, IdentityModule, DeadlinesModule, RemindersModule, DomainEventsModule],
  providers: [AssessmentsService, AssessmentTimelineService],
  exports: [AssessmentsService, AssessmentTimelineService],
})
export class AssessmentsModule {}
