import { Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller';
import { QueueStatusController } from './operations/queue-status.controller';
import { QueueStatusService } from './operations/queue-status.service';
import { RemindersModule } from './reminders.module';

@Module({ imports: [RemindersModule], controllers: [NotificationsController, QueueStatusController], providers: [QueueStatusService] })
export class RemindersHttpModule {}
