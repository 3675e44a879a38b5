export * from './reminders.module';
export * from './reminders-http.module';
export * from './reminders-jobs.module';
export * from './reminders.service';
export * from './notifications.service';
export { Notification, NotificationKind } from './entities/notification.entity';
export * from './email';
