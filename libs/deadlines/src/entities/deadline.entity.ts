import { DeadlineKind } from '@app/statutory-clock';
import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum DeadlineState {
  Open = 'open',
  Completed = 'completed',
  NotApplicable = 'not_applicable',
}

/** What a deadline belongs to. */
export type DeadlineSubjectType = 'assessment' | 'advice_request' | 'plan' | 'review' | 'appeal' | 'transfer' | 'reassessment' | 'health_change';

/**
 * Every statutory deadline as the clock last computed it, for any subject (an assessment and its advice today; plans,
 * reviews and appeals next), so that SQL can report on them and reminders can be planned from them. Rewritten in the
 * same transaction as the command that changed its facts. `revision` moves whenever the due date, completion or owner
 * changes. The deadlines context owns this table: others read it through DeadlinesService.
 */
@Entity({ name: 'deadlines' })
@Index('ux_deadlines_subject_key', ['subjectId', 'key'], { unique: true })
@Index('ix_deadlines_la_open_due', ['localAuthorityId', 'dueOn'], { where: `state = 'open'` })
@Index('ix_deadlines_owner_open_due', ['ownerUserId', 'dueOn'], { where: `state = 'open'` })
@Index('ix_deadlines_org_open_due', ['ownerOrganisationId', 'dueOn'], { where: `state = 'open'` })
@Index('ix_deadlines_assessment', ['assessmentId'])
// Reports: open deadlines per LA with what the risk report groups by (INCLUDE: created by hand in the migration).
@Index('ix_deadlines_report_open', { synchronize: false })
// The reviews report: a plan's review and phase-transfer deadlines due in a period, in every state (migration ReviewReportIndexes).
@Index('ix_deadlines_report_plan_due', ['localAuthorityId', 'kind', 'dueOn'], { where: `subject_type = 'plan'` })
@Index('ix_deadlines_open_advice_assessment', ['assessmentId'], { where: `state = 'open' AND kind = 'advice'` })
// The reminder sweeper reads open deadlines in due-date order across every LA.
@Index('ix_deadlines_open_due', ['dueOn', 'id'], { where: `state = 'open'` })
export class Deadline {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('local_authorities', { name: 'fk_deadlines_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  /** What the deadline belongs to. */
  @Column({ type: 'varchar', length: 16 })
  subjectType: DeadlineSubjectType;

  @Column({ type: 'uuid' })
  subjectId: string;

  @ForeignKey('assessments', { name: 'fk_deadlines_assessment_id' })
  @Column({ type: 'uuid', nullable: true })
  assessmentId: string | null;

  /** Stable within the subject: the kind, or `advice:<adviceRequestId>`. */
  @Column({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'varchar', length: 32 })
  kind: DeadlineKind;

  @ForeignKey('advice_requests', { name: 'fk_deadlines_advice_request_id' })
  @Column({ type: 'uuid', nullable: true })
  adviceRequestId: string | null;

  @Column({ type: 'date' })
  startsOn: string;

  /** The statutory date; exceptions never move it. */
  @Column({ type: 'date' })
  dueOn: string;

  @Column({ type: 'date', nullable: true })
  managementTargetOn: string | null;

  @Column({ type: 'varchar', length: 80 })
  regulation: string;

  @Column({ type: 'boolean', default: true })
  statutory: boolean;

  @Column({ type: 'varchar', length: 16 })
  state: DeadlineState;

  @Column({ type: 'date', nullable: true })
  completedOn: string | null;

  @Column({ type: 'boolean', default: false })
  exceptionApplies: boolean;

  /** Who must act: the caseworker for LA steps, the addressed professional or organisation for advice. */
  @ForeignKey('users', { name: 'fk_deadlines_owner_user_id' })
  @Column({ type: 'uuid', nullable: true })
  ownerUserId: string | null;

  @ForeignKey('organisations', { name: 'fk_deadlines_owner_organisation_id' })
  @Column({ type: 'uuid', nullable: true })
  ownerOrganisationId: string | null;

  /** Who answers for the case (its caseworker): told when someone else's deadline on it is overdue, and counted in their digest. */
  @ForeignKey('users', { name: 'fk_deadlines_case_owner_user_id' })
  @Column({ type: 'uuid', nullable: true })
  caseOwnerUserId: string | null;

  @Column({ type: 'integer', default: 1 })
  revision: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
