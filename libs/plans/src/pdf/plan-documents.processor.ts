import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/core';
import { HandlesJobs, jobId, JobName, QueueName, RenderNoticePdfPayload, RenderPlanPdfPayload } from '@app/queue';
import { NoticeDocumentRendererService } from '../notices/notice-document-renderer.service';
import { Job, Queue } from 'bullmq';
import { PlanDocumentRendererService } from './plan-document-renderer.service';
import { renderJobOptions } from './plan-documents.queue';

/** How often the sweeper looks for documents Redis lost (a flush, a restart, an API that could not enqueue). */
export const SWEEP_EVERY_MS = 30_000;

@Processor(QueueName.Documents, { concurrency: 2 })
@HandlesJobs(JobName.RenderPlanPdf, JobName.RenderNoticePdf, JobName.SweepPlanDocuments)
export class PlanDocumentsProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(PlanDocumentsProcessor.name);

  constructor(
    private readonly renderer: PlanDocumentRendererService,
    private readonly notices: NoticeDocumentRendererService,
    @InjectQueue(QueueName.Documents) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  /** The sweeper is a BullMQ job scheduler: one per deployment, however many workers run. */
  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(JobName.SweepPlanDocuments, { every: SWEEP_EVERY_MS }, { name: JobName.SweepPlanDocuments, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } });
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name as JobName) {
      case JobName.RenderPlanPdf: {
        const { planId, versionNumber } = job.data as RenderPlanPdfPayload;
        return this.renderer.render(planId, versionNumber);
      }
      case JobName.RenderNoticePdf: {
        const { noticeDocumentId } = job.data as RenderNoticePdfPayload;
        return this.notices.render(noticeDocumentId);
      }
      case JobName.SweepPlanDocuments: {
        // Only pending documents: a failed one stays failed until a new version replaces it.
        const pending = await this.renderer.pending();
        for (const { planId, versionNumber } of pending) {
          await this.queue.add(JobName.RenderPlanPdf, { planId, versionNumber }, { ...renderJobOptions(this.config), jobId: jobId('plan-pdf', planId, versionNumber) });
        }
        const letters = await this.notices.pending();
        for (const noticeDocumentId of letters) {
          await this.queue.add(JobName.RenderNoticePdf, { noticeDocumentId }, { ...renderJobOptions(this.config), jobId: jobId('notice-pdf', noticeDocumentId, 1) });
        }
        return { enqueued: pending.length + letters.length };
      }
      default:
        throw new Error(`Unexpected job ${job.name} on ${QueueName.Documents}`);
    }
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.error({ queue: QueueName.Documents, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: { message: error.message, stack: error.stack } }, 'job failed');
  }
}
