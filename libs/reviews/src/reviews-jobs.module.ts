import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QueueName } from '@app/queue';
import { RemindersJobsModule } from '@app/reminders';
import { ReviewsModule } from './reviews.module';
import { ReviewsProcessor } from './reviews.processor';

/** The worker's half of reviews: the daily pass, on a job scheduler the reminders' ScheduleKeeper keeps alive. */
@Module({
  imports: [ReviewsModule, RemindersJobsModule, BullModule.registerQueue({ name: QueueName.Reviews })],
  providers: [ReviewsProcessor],
})
export class ReviewsJobsModule {}
