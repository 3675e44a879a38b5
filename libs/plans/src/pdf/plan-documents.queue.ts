import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/core';
import { jobId, JobName, JOB_QUEUES, queueProducerConnection, RenderNoticePdfPayload, RenderPlanPdfPayload } from '@app/queue';
import { jobTelemetry } from '@app/observability/tracing';
import { Queue } from 'bullmq';

/**
 * Job options for rendering: attempts with exponential backoff from PDF_RENDER_RETRY_DELAY_MS (2 s, 4 s, ... by
 * default), kept briefly for inspection. The document's own attempt count
 * (PDF_RENDER_MAX_ATTEMPTS, in PostgreSQL) is what stops retries: the job has two spare attempts for the ones that
 * do not count against the document (the worker stopping mid-render).
 */
export function renderJobOptions(config: Pick<AppConfig, 'pdfRenderMaxAttempts' | 'pdfRenderRetryDelayMs'>) {
  return {
    attempts: config.pdfRenderMaxAttempts + 2,
    backoff: { type: 'exponential', delay: config.pdfRenderRetryDelayMs },
    removeOnComplete: { age: 3600, count: 1000 },
    // A job that failed every attempt is dropped after an hour, so the sweeper can try a still pending document again.
    removeOnFail: { age: 3600 },
  } as const;
}

/**
 * Enqueues PDF rendering from the API (producer side). The job id is deterministic per plan version, so a retry,
 * a second request or the sweeper cannot render a version twice at once. Failing to reach Redis is not fatal:
 * the document stays pending in PostgreSQL and the worker's sweeper enqueues it.
 */
@Injectable()
export class PlanDocumentsQueue implements OnApplicationShutdown {
  private readonly logger = new Logger(PlanDocumentsQueue.name);
  private queue: Queue | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async enqueue(planId: string, versionNumber: number): Promise<void> {
    const payload: RenderPlanPdfPayload = { planId, versionNumber };
    try {
      await this.get().add(JobName.RenderPlanPdf, payload, { ...renderJobOptions(this.config), jobId: jobId('plan-pdf', planId, versionNumber) });
    } catch (error) {
      this.logger.warn(`Rendering of plan ${planId} v${versionNumber} not enqueued now (${(error as Error).message}); the sweeper will.`);
    }
  }

  /** A decision notice letter: the same queue, limits and deterministic job id (one render per letter at a time). */
  async enqueueNotice(noticeDocumentId: string): Promise<void> {
    const payload: RenderNoticePdfPayload = { noticeDocumentId };
    try {
      await this.get().add(JobName.RenderNoticePdf, payload, { ...renderJobOptions(this.config), jobId: jobId('notice-pdf', noticeDocumentId, 1) });
    } catch (error) {
      this.logger.warn(`Rendering of notice letter ${noticeDocumentId} not enqueued now (${(error as Error).message}); the sweeper will.`);
    }
  }

  private get(): Queue {
    this.queue ??= new Queue(JOB_QUEUES[JobName.RenderPlanPdf], { connection: queueProducerConnection(this.config), prefix: this.config.queuePrefix, telemetry: jobTelemetry() });
    return this.queue;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue?.close();
  }
}
