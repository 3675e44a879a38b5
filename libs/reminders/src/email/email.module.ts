import { Logger, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig, ConfigError } from '@app/core';
import { DataSource } from 'typeorm';
import { EMAIL_SENDER, EmailSender } from './email-sender';
import { LocalEmailSender } from './local-email.sender';
import { NotifyEmailSender } from './notify-email.sender';
import { SmtpEmailSender } from './smtp-email.sender';

/** The sender EMAIL_TRANSPORT names (loadConfig has already checked that its settings are present). */
export function createEmailSender(config: AppConfig, dataSource: DataSource): EmailSender {
  const logger = new Logger('EmailModule');
  switch (config.emailTransport) {
    case 'notify':
      if (!config.notifyApiKey || !config.notifyTemplateId) throw new ConfigError('EMAIL_TRANSPORT=notify needs NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID.');
      logger.log(`Email goes through GOV.UK Notify at ${config.notifyBaseUrl}`);
      return new NotifyEmailSender({ apiKey: config.notifyApiKey, templateId: config.notifyTemplateId, baseUrl: config.notifyBaseUrl });
    case 'smtp':
      if (!config.smtpUrl) throw new ConfigError('EMAIL_TRANSPORT=smtp needs SMTP_URL.');
      logger.log('Email goes through SMTP (SMTP_URL)');
      return new SmtpEmailSender({ smtpUrl: config.smtpUrl, from: config.emailFrom });
    case 'local':
      if (config.nodeEnv === 'production') logger.warn('EMAIL_TRANSPORT=local in production: emails are recorded in the local_mailbox table and nobody receives them');
      return new LocalEmailSender(dataSource);
  }
}

/**
 * Provides EMAIL_SENDER, the transport EMAIL_TRANSPORT chooses. Needs APP_CONFIG (CoreConfigModule) and the
 * TypeORM DataSource (TypeOrmModule.forRoot) from the importing app; the worker's outbox job injects EMAIL_SENDER.
 */
@Module({
  providers: [{ provide: EMAIL_SENDER, inject: [APP_CONFIG, DataSource], useFactory: createEmailSender }],
  exports: [EMAIL_SENDER],
})
export class EmailModule {}
