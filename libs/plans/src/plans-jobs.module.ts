import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QueueName } from '@app/queue';
import { PlanDocument } from './entities/plan-document.entity';
import { PlanVersion } from './entities/plan-version.entity';
import { PlanDocumentRendererService } from './pdf/plan-document-renderer.service';
import { PlanDocumentsProcessor } from './pdf/plan-documents.processor';

/** The worker's half of plans: rendering documents and sweeping for lost rendering jobs. */
@Module({
  imports: [TypeOrmModule.forFeature([PlanVersion, PlanDocument]), BullModule.registerQueue({ name: QueueName.Documents })],
  providers: [PlanDocumentRendererService, PlanDocumentsProcessor],
  exports: [PlanDocumentRendererService],
})
export class PlansJobsModule {}
