import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Sections } from '../plan-sections';

export enum PlanStatus {
  Drafting = 'drafting',
  DraftIssued = 'draft_issued',
  Issued = 'issued',
  /** The LA has notified its decision to cease; the plan is maintained until the appeal deadline or the appeal's end. */
  Ceasing = 'ceasing',
  Ceased = 'ceased',
}

/**
 * An EHC plan: it exists from the LA's decision to issue one. `sections` is the working copy the caseworker edits;
 * each issued draft or final is frozen as a PlanVersion. `version` is the optimistic-locking counter (the ETag).
 */
@Entity({ name: 'plans' })
@Index('ux_plans_assessment', ['assessmentId'], { unique: true })
@Index('ix_plans_la_child', ['localAuthorityId', 'childId'])
export class Plan {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @ForeignKey('local_authorities', { name: 'fk_plans_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @ForeignKey('children', { name: 'fk_plans_child_id' })
  @Column({ type: 'uuid' })
  childId: string;

  @ForeignKey('assessments', { name: 'fk_plans_assessment_id' })
  @Column({ type: 'uuid' })
  assessmentId: string;

  /** Its case's reference (the assessment's, EHC-2026-00042): the same on the plan's pages, PDF and emails. */
  @Column({ type: 'varchar', length: 20 })
  caseReference: string;

  @Column({ type: 'varchar', length: 16 })
  status: PlanStatus;

  @Column({ type: 'jsonb' })
  sections: Sections;

  /** The number of the latest frozen version (0 before the first draft is issued). */
  @Column({ type: 'int', default: 0 })
  latestVersionNumber: number;

  @Column({ type: 'date', nullable: true })
  finalIssuedOn: string | null;

  /** Review within 12 months of the plan being issued (CFA s44(1)); reviews will move it on. */
  @Column({ type: 'date', nullable: true })
  nextReviewDueOn: string | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
