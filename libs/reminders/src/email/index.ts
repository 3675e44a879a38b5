export * from './email-sender';
export * from './email-content';
export * from './email.module';
export { LocalEmailSender } from './local-email.sender';
export { NotifyEmailSender, NotifyEmailOptions, NOTIFY_PRODUCTION_URL } from './notify-email.sender';
export { SmtpEmailSender, SmtpEmailOptions } from './smtp-email.sender';
export { LocalMailboxMessage } from './local-mailbox-message.entity';
