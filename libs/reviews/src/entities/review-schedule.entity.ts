import { PhaseTransferKind } from '@app/statutory-clock';
import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/**
 * A plan's review schedule, from the day its final plan is issued until it ceases: the interval (12 months, or shorter
 * for the under-5s), the phase transfer ahead, and the year-group override. The reviews context owns it and computes
 * the plan's own deadlines (`review_due`, `phase_transfer`) from it and from the plan's reviews.
 */
@Entity({ name: 'review_schedules' })
@Index('ix_review_schedules_la_transfer', ['localAuthorityId', 'phaseTransferOn'], { where: 'phase_transfer_on IS NOT NULL' })
@Index('ix_review_schedules_active_due', ['currentCycleDueOn'], { where: 'ended_on IS NULL' })
export class ReviewSchedule {
  @ForeignKey('plans', { name: 'fk_review_schedules_plan_id' })
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_review_schedules' })
  planId: string;

  @ForeignKey('local_authorities', { name: 'fk_review_schedules_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @ForeignKey('children', { name: 'fk_review_schedules_child_id' })
  @Column({ type: 'uuid' })
  childId: string;

  /** The case the plan came from: its caseworker answers for the reviews. */
  @ForeignKey('assessments', { name: 'fk_review_schedules_assessment_id' })
  @Column({ type: 'uuid' })
  assessmentId: string;

  /** The day the final plan was first issued: the first 12 months start with it (CFA s44(1)). */
  @Column({ type: 'date' })
  firstIssuedOn: string;

  /**
   * The review period in progress, as the clock last computed it (its start: the first issue or the last completed
   * review; its last day): what the daily job reads to open reviews ahead of time.
   */
  @Column({ type: 'date' })
  currentCycleStartsOn: string;

  @Column({ type: 'date' })
  currentCycleDueOn: string;

  /** 12, or shorter (guidance for the under-5s, CoP 9.178). Applies to the cycle in progress and those after it. */
  @Column({ type: 'smallint', default: 12 })
  intervalMonths: number;

  @Column({ type: 'varchar', length: 24, nullable: true })
  phaseTransferKind: PhaseTransferKind | null;

  @Column({ type: 'date', nullable: true })
  phaseTransferOn: string | null;

  /** The year group when the one derived from the date of birth is wrong (a child taught out of their cohort). */
  @Column({ type: 'smallint', nullable: true })
  yearGroupOverride: number | null;

  /** The day the plan stopped being maintained (ceased): the schedule stops. */
  @Column({ type: 'date', nullable: true })
  endedOn: string | null;

  /** A plan transferred in from another LA: the last day of its first review here (Regs 15(5)), else null. */
  @Column({ type: 'date', nullable: true })
  transferReviewDueOn: string | null;

  /** False for schedules the migration created from plans issued earlier: the daily job computes their deadlines. */
  @Column({ type: 'boolean', default: true })
  deadlinesSynced: boolean;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
