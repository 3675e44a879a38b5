import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QueueName } from '@app/queue';
import { RemindersProcessor } from './reminders.processor';
import { RemindersModule } from './reminders.module';

/** The worker's half of reminders: the sweep that turns due deadlines into messages. */
@Module({ imports: [RemindersModule, BullModule.registerQueue({ name: QueueName.Reminders })], providers: [RemindersProcessor] })
export class RemindersJobsModule {}
