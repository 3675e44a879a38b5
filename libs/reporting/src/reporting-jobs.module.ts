import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { APP_CONFIG, AppConfig } from '@app/core';
import { QueueName } from '@app/queue';
import { BoardPackRendererService, BoardPackSandbox } from './board-pack/board-pack-renderer.service';
import { BoardPacksProcessor } from './board-pack/board-packs.processor';

/** The worker's half of reporting: rendering board packs in the plans' PDF sandbox with the board pack's child. */
@Module({
  imports: [BullModule.registerQueue({ name: QueueName.Reports })],
  providers: [
    BoardPackRendererService,
    BoardPacksProcessor,
    {
      provide: BoardPackSandbox,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new BoardPackSandbox({ timeoutMs: config.pdfRenderTimeoutMs, maxMemoryMb: config.pdfRenderMaxMemoryMb, maxIdle: 1, childModule: join(__dirname, 'board-pack', 'board-pack.child') }),
    },
  ],
})
export class ReportingJobsModule {}
