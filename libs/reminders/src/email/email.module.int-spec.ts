import { randomUUID } from 'node:crypto';
import { Global, Inject, Injectable, Logger, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { APP_CONFIG, loadConfig } from '@app/core';
import { createTestDatabase, dropTestDatabase, openDataSource } from '@app/testing';
import { DataSource } from 'typeorm';
import { EMAIL_SENDER, EmailSender } from './email-sender';
import { EmailModule } from './email.module';
import { LocalEmailSender } from './local-email.sender';
import { NotifyEmailSender } from './notify-email.sender';
import { SmtpEmailSender } from './smtp-email.sender';

/** A consumer in another module, as the outbox job will be: it sees EMAIL_SENDER only through EmailModule's export. */
@Injectable()
class OutboxJobStandIn {
  constructor(@Inject(EMAIL_SENDER) readonly sender: EmailSender) {}
}

describe('EmailModule (integration)', () => {
  let url: string;
  let dataSource: DataSource;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    url = await createTestDatabase();
    dataSource = await openDataSource(url);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await dropTestDatabase(url);
  });

  async function senderFor(env: Record<string, string>): Promise<EmailSender> {
    // What CoreConfigModule and TypeOrmModule.forRoot provide globally in the apps.
    @Global()
    @Module({ providers: [{ provide: APP_CONFIG, useValue: loadConfig(env) }, { provide: DataSource, useValue: dataSource }], exports: [APP_CONFIG, DataSource] })
    class AppGlobals {}
    @Module({ imports: [EmailModule], providers: [OutboxJobStandIn] })
    class ConsumerModule {}
    const moduleRef = await Test.createTestingModule({ imports: [AppGlobals, ConsumerModule] }).compile();
    await moduleRef.init();
    const sender = moduleRef.get(OutboxJobStandIn).sender;
    await moduleRef.close();
    return sender;
  }

  it('binds the local sender by default, and it records into this database', async () => {
    const sender = await senderFor({ NODE_ENV: 'test' });
    expect(sender).toBeInstanceOf(LocalEmailSender);
    const email = { id: randomUUID(), to: 'a@example.org', subject: 's', body: 'b' };
    await sender.send(email);
    expect(await dataSource.query('SELECT count(*)::int AS n FROM local_mailbox WHERE outbox_id = $1', [email.id])).toEqual([{ n: 1 }]);
  });

  it('binds Notify when EMAIL_TRANSPORT=notify', async () => {
    const sender = await senderFor({
      EMAIL_TRANSPORT: 'notify',
      NOTIFY_API_KEY: 'ehcp_test-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0',
      NOTIFY_TEMPLATE_ID: 'f33517ff-2a88-4f6e-b855-c550268ce08a',
    });
    expect(sender).toBeInstanceOf(NotifyEmailSender);
    expect(sender.transport).toBe('notify');
  });

  it('binds SMTP when EMAIL_TRANSPORT=smtp', async () => {
    const sender = await senderFor({ EMAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://user:pw@127.0.0.1:2525' });
    expect(sender).toBeInstanceOf(SmtpEmailSender);
    expect(sender.transport).toBe('smtp');
  });
});
