import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type FieldChanges = Record<string, { before: unknown; after: unknown }>;

/**
 * One append-only audit record. A database trigger (created in the initial migration) refuses UPDATE and DELETE, so not
 * even a bug in this service can rewrite history.
 */
@Entity({ name: 'audit_events' })
@Index('ix_audit_events_entity', ['localAuthorityId', 'entityType', 'entityId', 'occurredAt'])
@Index('ix_audit_events_actor', ['actorUserId', 'occurredAt'])
export class AuditEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @CreateDateColumn({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  occurredAt: Date;

  @Column({ type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  actorRole: string | null;

  @Column({ type: 'uuid', nullable: true })
  localAuthorityId: string | null;

  /** `<entity>.<verb>`, e.g. `child.created`, `child.read`, `assessment.decision_to_assess`. */
  @Column({ type: 'varchar', length: 80 })
  action: string;

  @Column({ type: 'varchar', length: 40 })
  entityType: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  entityId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  changes: FieldChanges | null;

  @Column({ type: 'jsonb', nullable: true })
  metadata: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  requestId: string | null;
}
