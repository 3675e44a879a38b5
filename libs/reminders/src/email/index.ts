export * from './email-sender';
export * from './email-content';
export * from './email.module';
export { LocalEmailSender } from './local-email.sender';
export { NotifyEmailSender, NOTIFY_PRODUCTION_URL } from './notify-email.sender';
export type { NotifyEmailOptions } from './notify-email.sender';
export { SmtpEmailSender } from './smtp-email.sender';
export type { SmtpEmailOptions } from './smtp-email.sender';
export { LocalMailboxMessage } from './local-mailbox-message.entity';
