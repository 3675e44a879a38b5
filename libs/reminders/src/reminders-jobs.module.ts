import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DeadlinesModule } from '@app/deadlines';
import { IdentityModule } from '@app/identity';
import { QueueName } from '@app/queue';
import { EmailOutboxService } from './delivery/email-outbox.service';
import { EmailNudge } from './delivery/email-nudge';
import { ReminderDeliveryService } from './delivery/reminder-delivery.service';
import { DigestService } from './digest/digest.service';
import { EmailModule } from './email/email.module';
import { EmailProcessor } from './email.processor';
import { RemindersModule } from './reminders.module';
import { RemindersProcessor } from './reminders.processor';
import { ReminderPagerService } from './schedule/reminder-pager.service';
import { ScheduleKeeper } from './schedule/schedule-keeper';

/** The worker's half of reminders: page-in, delivery, digests, the email outbox, and the schedulers behind them. */
@Module({
  imports: [RemindersModule, DeadlinesModule, IdentityModule, EmailModule, DiscoveryModule, BullModule.registerQueue({ name: QueueName.Reminders }, { name: QueueName.Email })],
  providers: [ReminderDeliveryService, ReminderPagerService, DigestService, EmailOutboxService, EmailNudge, ScheduleKeeper, RemindersProcessor, EmailProcessor],
  exports: [ReminderDeliveryService, ReminderPagerService, DigestService, EmailOutboxService, ScheduleKeeper],
})
export class RemindersJobsModule {}
