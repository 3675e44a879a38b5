import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/core';
import { renderJobOptions } from '@app/plans';
import { HandlesJobs, jobId, JobName, QueueName, RenderBoardPackPayload } from '@app/queue';
import { Job, Queue } from 'bullmq';
import { BoardPackRendererService } from './board-pack-renderer.service';

/** How often the sweeper looks for packs whose job Redis lost (a flush, a restart, an API that could not enqueue). */
export const BOARD_PACK_SWEEP_EVERY_MS = 30_000;

@Processor(QueueName.Reports, { concurrency: 1 })
@HandlesJobs(JobName.RenderBoardPack, JobName.SweepBoardPacks)
export class BoardPacksProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(BoardPacksProcessor.name);

  constructor(
    private readonly renderer: BoardPackRendererService,
    @InjectQueue(QueueName.Reports) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  /** The sweeper is a BullMQ job scheduler: one per deployment, however many workers run. */
  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(JobName.SweepBoardPacks, { every: BOARD_PACK_SWEEP_EVERY_MS }, { name: JobName.SweepBoardPacks, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } });
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name as JobName) {
      case JobName.RenderBoardPack:
        return this.renderer.render((job.data as RenderBoardPackPayload).boardPackId);
      case JobName.SweepBoardPacks: {
        // PostgreSQL holds the intention: a pending pack gets its job again, under the same id, so never twice at once.
        const pending = await this.renderer.pending();
        for (const boardPackId of pending) {
          const payload: RenderBoardPackPayload = { boardPackId };
          await this.queue.add(JobName.RenderBoardPack, payload, { ...renderJobOptions(this.config), jobId: jobId('board-pack', boardPackId, 1) });
        }
        return { enqueued: pending.length };
      }
      default:
        throw new Error(`Unexpected job ${job.name} on ${QueueName.Reports}`);
    }
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.error({ queue: QueueName.Reports, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: { message: error.message } }, 'job failed');
  }
}
