import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssessmentsModule } from '@app/assessments';
import { AuditModule } from '@app/audit';
import { ChildrenModule } from '@app/children';
import { DeadlinesModule } from '@app/deadlines';
import { IdentityModule } from '@app/identity';
import { RemindersModule } from '@app/reminders';
import { AdviceService } from './advice.service';
import { AdviceAttachmentsService } from './attachments/advice-attachments.service';
import { AdviceAttachment } from './entities/advice-attachment.entity';
import { AdviceException } from './entities/advice-exception.entity';
import { AdviceRequest } from './entities/advice-request.entity';
import { AdviceSubmission } from './entities/advice-submission.entity';

@Module({
  imports: [TypeOrmModule.forFeature([AdviceRequest, AdviceSubmission, AdviceException, AdviceAttachment]), AssessmentsModule, AuditModule, ChildrenModule, DeadlinesModule, IdentityModule, RemindersModule],
  providers: [AdviceService, AdviceAttachmentsService],
  exports: [AdviceService, AdviceAttachmentsService],
})
export class AdviceModule {}
