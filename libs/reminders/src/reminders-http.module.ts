import { Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller';
import { RemindersModule } from './reminders.module';

@Module({ imports: [RemindersModule], controllers: [NotificationsController] })
export class RemindersHttpModule {}
