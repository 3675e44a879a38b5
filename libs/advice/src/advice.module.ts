import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssessmentsModule } from '@app/assessments';
import { AuditModule } from '@app/audit';
import { ChildrenModule } from '@app/children';
import { IdentityModule } from '@app/identity';
import { AdviceService } from './advice.service';
import { AdviceRequest } from './entities/advice-request.entity';
import { AdviceSubmission } from './entities/advice-submission.entity';

@Module({
  imports: [TypeOrmModule.forFeature([AdviceRequest, AdviceSubmission]), AssessmentsModule, AuditModule, ChildrenModule, IdentityModule],
  providers: [AdviceService],
  exports: [AdviceService],
})
export class AdviceModule {}
