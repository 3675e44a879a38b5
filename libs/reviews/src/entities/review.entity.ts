import type { ReviewDecision } from '@app/statutory-clock';
import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export enum ReviewStatus {
  /** Opened ahead of the review's last day (by the scheduler or a caseworker); no meeting arranged yet. */
  Opened = 'opened',
  Scheduled = 'scheduled',
  Held = 'held',
  /** Complete: the LA notified its decision to maintain or cease. */
  Decided = 'decided',
  /** Complete as a review (the decision to amend was notified); the amended plan is still to be issued. */
  Amending = 'amending',
  Amended = 'amended',
}

/**
 * A review whose meeting or decision is still to come: at most one per plan. An amendment still to be issued
 * (`amending`) does not hold up the next review: that review is complete, and the next period has started.
 */
export const UNFINISHED_REVIEW_STATUSES: readonly ReviewStatus[] = [ReviewStatus.Opened, ReviewStatus.Scheduled, ReviewStatus.Held];

/**
 * One annual (or phase-transfer) review of a plan: the meeting, its report, the LA's decision and, on `amend`, the
 * amendment notice, the family's representations and the amended plan (Regs 20-22). Its deadlines live in the
 * deadlines context (subject `review`).
 */
@Entity({ name: 'reviews' })
@Index('ix_reviews_plan', ['planId', 'createdAt'])
@Index('ux_reviews_plan_unfinished', ['planId'], { unique: true, where: `status IN ('opened', 'scheduled', 'held')` })
@Index('ix_reviews_la_meeting', ['localAuthorityId', 'meetingOn'])
@Index('ix_reviews_scheduled_meeting', ['meetingOn'], { where: `status = 'scheduled'` })
export class Review {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_reviews' })
  id: string;

  @ForeignKey('local_authorities', { name: 'fk_reviews_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @ForeignKey('plans', { name: 'fk_reviews_plan_id' })
  @Column({ type: 'uuid' })
  planId: string;

  @ForeignKey('children', { name: 'fk_reviews_child_id' })
  @Column({ type: 'uuid' })
  childId: string;

  @Column({ type: 'varchar', length: 16 })
  status: ReviewStatus;

  /** The review cycle this review closes: its start and its last day (CFA s44(1)), as they stood when it opened. */
  @Column({ type: 'date' })
  cycleStartsOn: string;

  @Column({ type: 'date' })
  cycleDueOn: string;

  /** The interval of that cycle (kept so the history does not change when a plan's interval does). */
  @Column({ type: 'smallint', default: 12 })
  intervalMonths: number;

  @Column({ type: 'date' })
  openedOn: string;

  /** The day the meeting was arranged, and its date. */
  @Column({ type: 'date', nullable: true })
  scheduledOn: string | null;

  @Column({ type: 'date', nullable: true })
  meetingOn: string | null;

  @Column({ type: 'date', nullable: true })
  heldOn: string | null;

  @Column({ type: 'date', nullable: true })
  invitationsSentOn: string | null;

  @Column({ type: 'date', nullable: true })
  reportIssuedOn: string | null;

  /** The year group at the meeting (derived or overridden) and whether the review must cover preparation for adulthood. */
  @Column({ type: 'smallint', nullable: true })
  yearGroup: number | null;

  @Column({ type: 'boolean', default: false })
  preparingForAdulthood: boolean;

  @Column({ type: 'varchar', length: 8, nullable: true })
  decision: ReviewDecision | null;

  /** The day the family was notified of the decision: the review is complete (Regs 22(2)); for `amend`, the amendment notice. */
  @Column({ type: 'date', nullable: true })
  decisionNotifiedOn: string | null;

  /** The proposed amendments sent with the notice (Regs 22(2)-(3)). */
  @Column({ type: 'text', nullable: true })
  proposedChanges: string | null;

  @Column({ type: 'date', nullable: true })
  representationsReceivedOn: string | null;

  /**
   * A Tribunal order (or the LA's concession) to amend the plan after a decision not to amend: the review is reopened
   * for the amended plan, which the order's own duty times (Regs 44(2)); no amendment notice or 15 days are owed.
   */
  @Column({ type: 'date', nullable: true })
  orderedAmendmentOn: string | null;

  @Column({ type: 'date', nullable: true })
  amendedPlanIssuedOn: string | null;

  /**
   * The LA decided, after the representations, not to amend after all (Regs 22(4)): notified with reasons and appeal
   * rights; it closes the amended-plan duty.
   */
  @Column({ type: 'date', nullable: true })
  notAmendingNotifiedOn: string | null;

  /** A decision to maintain recording that the plan already names the next placement (Regs 18, "where necessary"). */
  @Column({ type: 'boolean', default: false })
  nextPlacementNamed: boolean;

  /** The advice and information gathered, circulated at least 2 weeks before the meeting (Regs 20(4)). */
  @Column({ type: 'date', nullable: true })
  adviceCirculatedOn: string | null;

  @Column({ type: 'text', nullable: true })
  notAmendingReasons: string | null;

  /** Section J held a direct payment while this review ran (read from the plan at each step until the decision): CFA s49. */
  @Column({ type: 'boolean', default: false })
  directPaymentInPlan: boolean;

  /** The day the direct payment was reviewed at this review (CFA s49), or null. */
  @Column({ type: 'date', nullable: true })
  directPaymentReviewedOn: string | null;

  @Column({ type: 'text', nullable: true })
  directPaymentNotes: string | null;

  @Column({ type: 'int', nullable: true })
  amendedPlanVersion: number | null;

  @ForeignKey('users', { name: 'fk_reviews_created_by_id' })
  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
