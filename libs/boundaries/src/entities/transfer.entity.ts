import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type TransferDirection = 'out' | 'in';
/** A plan (Regs 15), or an assessment still in progress, which does not transfer as such (SEN2 `Exported`). */
export type TransferKind = 'plan' | 'assessment';
export type TransferStatus = 'pending' | 'sent' | 'received' | 'cancelled' | 'imported';

/**
 * A child moving between local authorities, as this LA records it: outgoing (its plan or assessment going to another
 * LA) or incoming (a package imported here). SEN2 reads it: `TransferLA` for plans transferred in, `Exported` for
 * requests that left before their assessment completed. The boundaries context owns it.
 */
@Entity({ name: 'transfers' })
@Index('ix_transfers_la_direction', ['localAuthorityId', 'direction', 'createdAt'])
@Index('ix_transfers_plan', ['planId'])
@Index('ix_transfers_assessment', ['assessmentId'], { where: 'assessment_id IS NOT NULL' })
@Index('ux_transfers_in_source', ['localAuthorityId', 'sourceTransferId'], { unique: true, where: `direction = 'in' AND source_transfer_id IS NOT NULL` })
export class Transfer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('local_authorities', { name: 'fk_transfers_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @Column({ type: 'varchar', length: 3 })
  direction: TransferDirection;

  @Column({ type: 'varchar', length: 12 })
  kind: TransferKind;

  @Column({ type: 'varchar', length: 12 })
  status: TransferStatus;

  @ForeignKey('children', { name: 'fk_transfers_child_id' })
  @Column({ type: 'uuid' })
  childId: string;

  @ForeignKey('plans', { name: 'fk_transfers_plan_id' })
  @Column({ type: 'uuid', nullable: true })
  planId: string | null;

  @ForeignKey('assessments', { name: 'fk_transfers_assessment_id' })
  @Column({ type: 'uuid', nullable: true })
  assessmentId: string | null;

  /** The other LA: where the child goes (out) or comes from (in). */
  @Column({ type: 'varchar', length: 200 })
  otherLocalAuthorityName: string;

  /** Its three-digit LA code where known: SEN2 `TransferLA`. */
  @Column({ type: 'varchar', length: 3, nullable: true })
  otherLocalAuthorityCode: string | null;

  @Column({ type: 'date' })
  movesOn: string;

  /** Out: the day the old LA learned of the move (Regs 15(2)). */
  @Column({ type: 'date', nullable: true })
  learnedOn: string | null;

  /** Out: the day the package went to the new LA (the duty is done). */
  @Column({ type: 'date', nullable: true })
  sentOn: string | null;

  @Column({ type: 'date', nullable: true })
  cancelledOn: string | null;

  /** In: the day of the transfer (the new LA's 6 weeks and 3 months run from it), or the day it became responsible. */
  @Column({ type: 'date', nullable: true })
  transferredOn: string | null;

  /** In: the day the family was told (Regs 15(4)). */
  @Column({ type: 'date', nullable: true })
  noticeSentOn: string | null;

  /** In: what the notice said: whether the LA will assess, and when it will review. */
  @Column({ type: 'boolean', nullable: true })
  willAssess: boolean | null;

  /** In: the package's own transfer id, so that importing it twice finds the first import. */
  @Column({ type: 'uuid', nullable: true })
  sourceTransferId: string | null;

  /** In, for an assessment in progress: the old LA's advice offered for reuse (Regs 6(4) "tell us once"). */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  adviceOffered: { discipline: string; receivedOn: string | null; summary: string | null }[];

  @Column({ type: 'varchar', length: 64, nullable: true })
  packageSha256: string | null;

  @ForeignKey('users', { name: 'fk_transfers_created_by_id' })
  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
