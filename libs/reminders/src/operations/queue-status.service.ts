import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, APP_CONFIG, AppConfig } from '@app/core';
import { QueueName, queueProducerConnection } from '@app/queue';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { DeliveryHealthDto, QueueHealthDto, QueueStatusDto } from './queue-status.dto';

/** A reminder this long past its moment and still undelivered is counted as late (the page-in runs every 30 s). */
const LATE_AFTER_SECONDS = 300;

/**
 * What an operator needs to see that reminders and emails are flowing: each queue's job counts and schedulers
 * (shared by every LA on this deployment; counts only), and the caller's LA's reminders and emails from PostgreSQL
 * (the truth): how many are waiting, late or failed, and the oldest. Read-only; the API consumes no jobs.
 */
@Injectable()
export class QueueStatusService implements OnApplicationShutdown {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async status(actor: Actor): Promise<QueueStatusDto> {
    const [queues, delivery] = await Promise.all([this.queueHealth(), this.deliveryHealth(actor.localAuthorityId)]);
    return { queues, delivery, checkedAt: new Date().toISOString() };
  }

  private async queueHealth(): Promise<QueueHealthDto[]> {
    return Promise.all(
      Object.values(QueueName).map(async (name) => {
        const queue = this.queue(name);
        try {
          const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
          const schedulers = (await queue.getJobSchedulers(0, -1)).map((s) => s.key).filter((key) => !key.startsWith('digest-'));
          const schedulerCount = await queue.getJobSchedulersCount();
          return { name, reachable: true, waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0), active: counts.active ?? 0, delayed: counts.delayed ?? 0, failed: counts.failed ?? 0, schedulers, schedulerCount };
        } catch {
          return { name, reachable: false, waiting: null, active: null, delayed: null, failed: null, schedulers: [], schedulerCount: null };
        }
      }),
    );
  }

  private async deliveryHealth(localAuthorityId: string): Promise<DeliveryHealthDto> {
    const [reminders] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE state = 'scheduled')::int AS scheduled,
              count(*) FILTER (WHERE state = 'scheduled' AND send_at < now() - make_interval(secs => $2))::int AS late,
              extract(epoch FROM now() - min(send_at) FILTER (WHERE state = 'scheduled' AND send_at < now()))::int AS oldest_due_seconds,
              count(*) FILTER (WHERE state = 'delivered' AND delivered_at > now() - interval '1 day')::int AS delivered_last_day
         FROM reminders WHERE local_authority_id = $1`,
      [localAuthorityId, LATE_AFTER_SECONDS],
    );
    const [emails] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE state IN ('pending', 'sending'))::int AS pending,
              count(*) FILTER (WHERE state = 'failed')::int AS failed,
              extract(epoch FROM now() - min(created_at) FILTER (WHERE state IN ('pending', 'sending')))::int AS oldest_pending_seconds,
              count(*) FILTER (WHERE state = 'sent' AND sent_at > now() - interval '1 day')::int AS sent_last_day
         FROM email_outbox WHERE local_authority_id = $1`,
      [localAuthorityId],
    );
    return {
      remindersScheduled: reminders.scheduled,
      remindersLate: reminders.late,
      oldestDueReminderSeconds: reminders.oldest_due_seconds,
      remindersDeliveredLastDay: reminders.delivered_last_day,
      emailsPending: emails.pending,
      emailsFailed: emails.failed,
      oldestPendingEmailSeconds: emails.oldest_pending_seconds,
      emailsSentLastDay: emails.sent_last_day,
      emailTransport: this.config.emailTransport,
    };
  }

  private queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: queueProducerConnection(this.config), prefix: this.config.queuePrefix });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
