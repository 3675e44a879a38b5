import { TxHost } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, decodeCursor, Page, toPage } from '@app/core';
import { Brackets, DataSource } from 'typeorm';
import { AuditEvent, FieldChanges } from './entities/audit-event.entity';

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string | null;
  changes?: FieldChanges | null;
  metadata?: Record<string, unknown> | null;
}

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  actorUserId?: string;
  limit: number;
  cursor?: string;
}

const INSERT_SQL = `INSERT INTO audit_events (actor_user_id, actor_role, local_authority_id, action, entity_type, entity_id, changes, metadata, request_id)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`;

/** Writes and reads the append-only audit trail. Writes always go through the caller's transaction. */
@Injectable()
export class AuditService {
  constructor(
    private readonly txHost: TxHost,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Records one event inside the command's transaction, so a change and its audit commit or fail together. */
  async record(actor: Actor, event: AuditRecord): Promise<void> {
    const manager = this.txHost.tx;
    // One INSERT: save() would wrap it in a transaction of its own outside a command (BEGIN, INSERT, COMMIT) and map an
    // entity first, and every read of a child's record writes one of these.
    await manager.query(INSERT_SQL, [
      actor.userId,
      actor.role,
      actor.localAuthorityId,
      event.action,
      event.entityType,
      event.entityId,
      event.changes ? JSON.stringify(event.changes) : null,
      event.metadata ? JSON.stringify(event.metadata) : null,
      actor.requestId,
    ]);
  }

  /** Records a read (of a child's record, say) outside any command. */
  async recordRead(actor: Actor, event: AuditRecord): Promise<void> {
    await this.record(actor, event);
  }

  /**
   * The changes (not the reads) recorded against an entity or naming it in their metadata, oldest first: the
   * timeline of a case.
   */
  async history(localAuthorityId: string, entityType: string, entityId: string, metadataKey: string): Promise<AuditEvent[]> {
    return this.dataSource
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .where('e.local_authority_id = :la', { la: localAuthorityId })
      .andWhere(new Brackets((w) => w.where('e.entity_type = :entityType AND e.entity_id = :entityId').orWhere(`e.metadata ->> :metadataKey = :entityId`)))
      .andWhere(`e.action NOT LIKE '%.read' AND e.action NOT LIKE '%.listed' AND e.action NOT LIKE '%.searched'`)
      .setParameters({ entityType, entityId, metadataKey })
      .orderBy('e.id', 'ASC')
      .getMany();
  }

  /** Events of the caller's local authority, newest first. */
  async list(actor: Actor, query: AuditQuery): Promise<Page<AuditEvent>> {
    const after = decodeCursor(query.cursor, ['bigint']);
    const qb = this.dataSource
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .where('e.local_authority_id = :la', { la: actor.localAuthorityId })
      .orderBy('e.id', 'DESC')
      .limit(query.limit + 1);
    if (query.entityType) qb.andWhere('e.entity_type = :entityType', { entityType: query.entityType });
    if (query.entityId) qb.andWhere('e.entity_id = :entityId', { entityId: query.entityId });
    if (query.actorUserId) qb.andWhere('e.actor_user_id = :actorUserId', { actorUserId: query.actorUserId });
    if (after) qb.andWhere('e.id < :after', { after: String(after[0]) });
    const rows = await qb.getMany();
    return toPage(rows, query.limit, (row) => [row.id]);
  }
}
