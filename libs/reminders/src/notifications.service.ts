import { TxHost } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, decodeCursor, NotFoundError, Page, toPage } from '@app/core';
import { Brackets, DataSource, SelectQueryBuilder } from 'typeorm';
import { Notification } from './entities/notification.entity';
import { NewNotification } from './delivery/notification-writer';
import { OutboxWriter } from './delivery/outbox-writer';

/** A message written by another context as part of its own command (advice requested, advice received). `dedupeKey`
 * is unique per event and recipient: writing it twice (a retried command) keeps one. */
export type EventNotification = Pick<NewNotification, 'localAuthorityId' | 'recipientUserId' | 'recipientOrganisationId' | 'kind' | 'subjectType' | 'subjectId' | 'dedupeKey'> &
  Partial<Pick<NewNotification, 'deadlineKind' | 'dueOn'>>;

/** The caller's inbox: messages to them, and to their organisation's shared inbox. Newest first. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly txHost: TxHost,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * Writes an event's message, and its email to the outbox, in the caller's transaction (so they exist exactly when
   * the change does; a retried command finds the dedupe key and writes nothing twice).
   */
  async notify(event: EventNotification): Promise<void> {
    if (!event.recipientUserId && !event.recipientOrganisationId) return;
    await this.outbox.writeWithEmails([
      { ...event, recipientOrganisationId: event.recipientUserId ? null : event.recipientOrganisationId, deadlineId: null, deadlineKind: event.deadlineKind ?? null, dueOn: event.dueOn ?? null, escalated: false },
    ]);
  }

  async list(actor: Actor, query: { limit?: number; cursor?: string; unread?: boolean }): Promise<Page<Notification>> {
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']);
    const qb = this.mine(actor).orderBy('n.created_at', 'DESC').addOrderBy('n.id', 'DESC').limit(limit + 1);
    if (query.unread) qb.andWhere('n.read_at IS NULL');
    if (after) qb.andWhere('(n.created_at, n.id) < (:afterAt::timestamptz, :afterId::uuid)', { afterAt: after[0], afterId: after[1] });
    return toPage(await qb.getMany(), limit, (n) => [n.createdAt.toISOString(), n.id]);
  }

  async markRead(actor: Actor, id: string): Promise<Notification> {
    const notification = await this.mine(actor).andWhere('n.id = :id', { id }).getOne();
    if (!notification) throw new NotFoundError('notification', id);
    if (!notification.readAt) {
      await this.dataSource.query('UPDATE notifications SET read_at = now() WHERE id = $1 AND read_at IS NULL', [id]);
      return (await this.dataSource.manager.findOneBy(Notification, { id }))!;
    }
    return notification;
  }

  private mine(actor: Actor): SelectQueryBuilder<Notification> {
    // Messages by name come from the LAs that admit the caller (a withdrawn admission hides that LA's messages too);
    // an organisation's reach the members its LA admitted (each organisation is one LA's record).
    const admittingLas = [actor.localAuthorityId, ...actor.memberships.map((m) => m.localAuthorityId)];
    return this.dataSource
      .getRepository(Notification)
      .createQueryBuilder('n')
      .where(
        new Brackets((w) => {
          w.where('(n.recipient_user_id = :userId AND n.local_authority_id IN (:...admittingLas))', { userId: actor.userId, admittingLas });
          actor.memberships.forEach((m, i) => {
            w.orWhere(`(n.recipient_organisation_id = :memberOrg${i} AND n.local_authority_id = :memberLa${i})`, { [`memberOrg${i}`]: m.organisationId, [`memberLa${i}`]: m.localAuthorityId });
          });
        }),
      );
  }
}
