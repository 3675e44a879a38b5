import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@app/core';
import { IdentityModule } from '@app/identity';
import { QueueName } from '@app/queue';
import { NoticeDocument } from './entities/notice-document.entity';
import { PlanDocument } from './entities/plan-document.entity';
import { NoticeDocumentRendererService } from './notices/notice-document-renderer.service';
import { PlanVersion } from './entities/plan-version.entity';
import { Plan } from './entities/plan.entity';
import { PlanDocumentRendererService } from './pdf/plan-document-renderer.service';
import { PlanDocumentsProcessor } from './pdf/plan-documents.processor';
import { PlanPdfSandbox } from './pdf/plan-pdf.sandbox';

/** The worker's half of plans: rendering documents and sweeping for lost rendering jobs. */
@Module({
  imports: [TypeOrmModule.forFeature([Plan, PlanVersion, PlanDocument, NoticeDocument]), IdentityModule, BullModule.registerQueue({ name: QueueName.Documents })],
  providers: [
    PlanDocumentRendererService,
    NoticeDocumentRendererService,
    PlanDocumentsProcessor,
    // Render children are killed when the worker stops (onModuleDestroy), before BullMQ waits for running jobs.
    { provide: PlanPdfSandbox, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new PlanPdfSandbox({ timeoutMs: config.pdfRenderTimeoutMs, maxMemoryMb: config.pdfRenderMaxMemoryMb }) },
  ],
  exports: [PlanDocumentRendererService, NoticeDocumentRendererService],
})
export class PlansJobsModule {}
