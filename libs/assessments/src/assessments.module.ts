import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { ChildrenModule } from '@app/children';
import { IdentityModule } from '@app/identity';
import { AssessmentsService } from './assessments.service';
import { AssessmentTimelineService } from './assessment-timeline.service';
import { DeadlinesService } from './deadlines.service';
import { AssessmentException } from './entities/assessment-exception.entity';
import { Assessment } from './entities/assessment.entity';
import { Deadline } from './entities/deadline.entity';
import { SchoolConsultation } from './entities/school-consultation.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Assessment, AssessmentException, Deadline, SchoolConsultation]), AuditModule, ChildrenModule, IdentityModule],
  providers: [AssessmentsService, AssessmentTimelineService, DeadlinesService],
  exports: [AssessmentsService, AssessmentTimelineService, DeadlinesService],
})
export class AssessmentsModule {}
