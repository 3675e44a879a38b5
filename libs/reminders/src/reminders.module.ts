import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Notification } from './entities/notification.entity';
import { NotificationsService } from './notifications.service';
import { RemindersService } from './reminders.service';

@Module({ imports: [TypeOrmModule.forFeature([Notification])], providers: [NotificationsService, RemindersService], exports: [NotificationsService, RemindersService] })
export class RemindersModule {}
