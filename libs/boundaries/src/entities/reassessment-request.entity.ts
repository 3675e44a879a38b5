import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { ExceptionGround, ReassessmentOutcomeKind, ReassessmentRequester } from '@app/statutory-clock';

export type ReassessmentStatus = 'awaiting_decision' | 'refused' | 'reassessing' | 'completed' | 'withdrawn';

/** A Regs 27(3) exception recorded on a re-assessment: the statutory date never moves (a management target does). */
export interface ReassessmentException {
  id: string;
  ground: ExceptionGround;
  startsOn: string;
  endsOn: string;
  reason: string;
  recordedById: string;
  recordedAt: string;
}

/**
 * A request to re-assess a maintained plan (CFA s44(2)-(3); SEND Regulations 2014, regs 23-27), from the family or
 * the institution: the LA's decision and notice, then the amended or replacement plan (or a notice not to amend)
 * within 14 weeks. A refusal is appealable (`refuse_to_reassess`, subject type `reassessment`).
 */
@Entity({ name: 'reassessment_requests' })
@Index('ix_reassessment_requests_plan', ['planId', 'receivedOn'])
@Index('ix_reassessment_requests_la_status', ['localAuthorityId', 'status'])
export class ReassessmentRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('local_authorities', { name: 'fk_reassessment_requests_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @ForeignKey('plans', { name: 'fk_reassessment_requests_plan_id' })
  @Column({ type: 'uuid' })
  planId: string;

  @ForeignKey('children', { name: 'fk_reassessment_requests_child_id' })
  @Column({ type: 'uuid' })
  childId: string;

  /** The case the plan came from: its caseworker owns the deadlines. */
  @ForeignKey('assessments', { name: 'fk_reassessment_requests_assessment_id' })
  @Column({ type: 'uuid' })
  assessmentId: string;

  @Column({ type: 'date' })
  receivedOn: string;

  @Column({ type: 'varchar', length: 16 })
  requestedBy: ReassessmentRequester;

  @Column({ type: 'varchar', length: 20 })
  status: ReassessmentStatus;

  /** The last assessment (the plan made, or the last re-assessment completed): the Regs 24 six months run from it. */
  @Column({ type: 'date' })
  lastAssessedOn: string;

  @Column({ type: 'boolean' })
  withinSixMonths: boolean;

  @Column({ type: 'varchar', length: 8, nullable: true })
  decision: 'reassess' | 'refuse' | null;

  @Column({ type: 'date', nullable: true })
  decisionNotifiedOn: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  decisionReason: string | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  outcomeKind: ReassessmentOutcomeKind | null;

  @Column({ type: 'date', nullable: true })
  outcomeOn: string | null;

  /** The plan version issued as the outcome (amended or replacement plan). */
  @Column({ type: 'int', nullable: true })
  outcomeVersionNumber: number | null;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  exceptions: ReassessmentException[];

  @ForeignKey('users', { name: 'fk_reassessment_requests_created_by_id' })
  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
