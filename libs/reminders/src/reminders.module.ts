import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeadlinesModule } from '@app/deadlines';
import { DomainEventsModule } from '@app/core';
import { IdentityModule } from '@app/identity';
import { EmailOutbox } from './entities/email-outbox.entity';
import { Notification } from './entities/notification.entity';
import { Reminder } from './entities/reminder.entity';
import { ReminderBucket } from './entities/reminder-bucket.entity';
import { CaseReferences } from './delivery/case-references';
import { OutboxWriter } from './delivery/outbox-writer';
import { NotificationsService } from './notifications.service';
import { ReminderPlannerService } from './schedule/reminder-planner.service';

/**
 * Shared by the API and the worker: the inbox, event messages written inside other contexts' commands, and the
 * planner that keeps reminders in step with deadlines in the same transaction.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Notification, Reminder, ReminderBucket, EmailOutbox]), DeadlinesModule, IdentityModule, DomainEventsModule],
  providers: [NotificationsService, ReminderPlannerService, OutboxWriter, CaseReferences],
  exports: [NotificationsService, ReminderPlannerService, OutboxWriter, CaseReferences],
})
export class RemindersModule {}
