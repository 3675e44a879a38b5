import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { HandlesJobs, JobName, QueueName, RenderBoardPackPayload } from '@app/queue';
import { Job } from 'bullmq';
import { BoardPackRendererService } from './board-pack-renderer.service';

@Processor(QueueName.Reports, { concurrency: 1 })
@HandlesJobs(JobName.RenderBoardPack)
export class BoardPacksProcessor extends WorkerHost {
  private readonly logger = new Logger(BoardPacksProcessor.name);

  constructor(private readonly renderer: BoardPackRendererService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    if (job.name !== (JobName.RenderBoardPack as string)) throw new Error(`Unexpected job ${job.name} on ${QueueName.Reports}`);
    return this.renderer.render((job.data as RenderBoardPackPayload).boardPackId);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.error({ queue: QueueName.Reports, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: { message: error.message } }, 'job failed');
  }
}
