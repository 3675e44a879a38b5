import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * An LA's target and amber threshold for one scorecard measure (docs/reports.md, "Scorecard"). Green at or beyond the
 * target, amber between the threshold and the target, red beyond the threshold: "beyond" in the measure's direction.
 */
@Entity({ name: 'scorecard_targets' })
@Index('ux_scorecard_targets_la_measure', ['localAuthorityId', 'measure'], { unique: true })
export class ScorecardTarget {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_scorecard_targets' })
  id: string;

  @ForeignKey('local_authorities', { name: 'fk_scorecard_targets_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @Column({ type: 'varchar', length: 48 })
  measure: string;

  @Column({ type: 'numeric', precision: 7, scale: 1 })
  target: string;

  @Column({ type: 'numeric', precision: 7, scale: 1 })
  amber: string;

  @ForeignKey('users', { name: 'fk_scorecard_targets_updated_by_id' })
  @Column({ type: 'uuid' })
  updatedById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * An owner's exception commentary on a measure for the board: who owns it, what they will do, by when. Never updated:
 * each new commentary is a new row, so the history stays (the latest is the current one).
 */
@Entity({ name: 'scorecard_commentaries' })
@Index('ix_scorecard_commentaries_la_measure', ['localAuthorityId', 'measure', 'createdAt'])
export class ScorecardCommentary {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_scorecard_commentaries' })
  id: string;

  @ForeignKey('local_authorities', { name: 'fk_scorecard_commentaries_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @Column({ type: 'varchar', length: 48 })
  measure: string;

  /** The scorecard period the commentary answers. */
  @Column({ type: 'date' })
  periodFrom: string;

  @Column({ type: 'date' })
  periodTo: string;

  /** The RAG status the measure had when the commentary was written. */
  @Column({ type: 'varchar', length: 8 })
  ragAtTime: string;

  @Column({ type: 'varchar', length: 200 })
  owner: string;

  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'date' })
  dueOn: string;

  @ForeignKey('users', { name: 'fk_scorecard_commentaries_created_by_id' })
  @Column({ type: 'uuid' })
  createdById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
