import type { DraftAdviceRecord } from '@app/statutory-clock';
import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export enum AssessmentStatus {
  AwaitingDecision = 'awaiting_decision',
  Refused = 'refused',
  Assessing = 'assessing',
  NotIssuing = 'not_issuing',
  Drafting = 'drafting',
  DraftIssued = 'draft_issued',
  PlanIssued = 'plan_issued',
  Withdrawn = 'withdrawn',
}

export const OPEN_STATUSES: readonly AssessmentStatus[] = [AssessmentStatus.AwaitingDecision, AssessmentStatus.Assessing, AssessmentStatus.Drafting, AssessmentStatus.DraftIssued];

export enum RequestSource {
  Parent = 'parent',
  YoungPerson = 'young_person',
  School = 'school',
  Other = 'other',
}

export enum WithdrawalReason {
  RequestWithdrawn = 'request_withdrawn',
  MovedAway = 'moved_away',
  Died = 'died',
  Other = 'other',
}

/**
 * One EHC needs assessment, from the request (day 0 of the 20-week clock) to its outcome. The dates of each step
 * are the facts the statutory clock computes every deadline from.
 */
@Entity({ name: 'assessments' })
@Index('ix_assessments_la_status', ['localAuthorityId', 'status', 'requestReceivedOn'])
@Index('ix_assessments_la_caseworker', ['localAuthorityId', 'caseworkerId', 'status'])
@Index('ix_assessments_la_created', ['localAuthorityId', 'createdAt', 'id'])
@Index('ix_assessments_child', ['childId'])
@Index('ux_assessments_la_reference', ['localAuthorityId', 'reference'], { unique: true })
@Index('ix_assessments_la_final_issued', ['localAuthorityId', 'finalIssuedOn'])
// Reports (libs/reporting): partial covering indexes with INCLUDE, which TypeORM cannot express; the migration
// ReportsTeamsSummaries creates them by hand.
@Index('ix_assessments_report_issued', { synchronize: false })
@Index('ix_assessments_report_decided', { synchronize: false })
@Index('ix_assessments_report_no_plan', { synchronize: false })
@Index('ix_assessments_report_open', { synchronize: false })
// Issue 15 (migration StatutoryCorrections): the 6-week measure's requests by the day they were received.
@Index('ix_assessments_report_received', { synchronize: false })
// Issue 27 (migration ReportAppealableDecisionIndexes): refusals and decisions not to issue by the day notified.
@Index('ix_assessments_report_refused_notified', { synchronize: false })
@Index('ix_assessments_report_not_issuing_notified', { synchronize: false })
export class Assessment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('local_authorities', { name: 'fk_assessments_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @ForeignKey('children', { name: 'fk_assessments_child_id' })
  @Column({ type: 'uuid' })
  childId: string;

  /**
   * The case's one reference (EHC-2026-00042), unique in the LA, in every email, page and PDF. Numbered by the
   * database when the row is inserted (migration CaseReferences: a per-LA, per-year counter), never changed.
   */
  @Column({ type: 'varchar', length: 20, insert: false, update: false })
  reference: string;

  @Column({ type: 'varchar', length: 24 })
  status: AssessmentStatus;

  /** Day 0: the LA received the request (or the child was brought to its attention). */
  @Column({ type: 'date' })
  requestReceivedOn: string;

  @Column({ type: 'varchar', length: 16 })
  requestSource: RequestSource;

  /** The caseworker who owns the case and its deadlines. */
  @ForeignKey('users', { name: 'fk_assessments_caseworker_id' })
  @Column({ type: 'uuid', nullable: true })
  caseworkerId: string | null;

  @ForeignKey('users', { name: 'fk_assessments_created_by_id' })
  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  decisionToAssess: 'assess' | 'refuse' | null;

  @Column({ type: 'date', nullable: true })
  decisionToAssessOn: string | null;

  /** The day the family (and the Regs 4(2) bodies) were told; the 6 weeks run to it. Null: told on the decision day. */
  @Column({ type: 'date', nullable: true })
  decisionToAssessNotifiedOn: string | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  decisionToIssue: 'issue' | 'not_issue' | null;

  @Column({ type: 'date', nullable: true })
  decisionToIssueOn: string | null;

  /** The day the family was told of the decision (a no-plan notice is met by it). Null: told on the decision day. */
  @Column({ type: 'date', nullable: true })
  decisionToIssueNotifiedOn: string | null;

  @Column({ type: 'date', nullable: true })
  draftIssuedOn: string | null;

  /** The day the draft was served (later than issued when posted): the 15 days begin with it. Null: served on issue. */
  @Column({ type: 'date', nullable: true })
  draftServedOn: string | null;

  /**
   * What the draft went out with (issue 24, point 13): the Regs 6(1)(a)-(e) kinds not sought with the caseworker's
   * documented reason, and the advice still outstanding that the caseworker confirmed. Null: all sought and in.
   */
  @Column({ type: 'jsonb', nullable: true })
  draftAdvice: DraftAdviceRecord | null;

  @Column({ type: 'date', nullable: true })
  representationsReceivedOn: string | null;

  /** What the representations asked for: a meeting with an LA officer (Regs 13(1)(b)), a school to be named (CFA s38(2)(b)). */
  @Column({ type: 'boolean', nullable: true })
  representationsMeetingRequested: boolean | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  representationsSchoolRequested: string | null;

  @Column({ type: 'date', nullable: true })
  finalIssuedOn: string | null;

  /** The day the final plan was sent to the family, the named school and the health body (Regs 13(2), 14). Null: on issue. */
  @Column({ type: 'date', nullable: true })
  finalNotifiedOn: string | null;

  @Column({ type: 'date', nullable: true })
  withdrawnOn: string | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  withdrawalReason: WithdrawalReason | null;

  /** The DfE "20-week exceptions apply" flag (SEN2 Week20), kept in step with the recorded exceptions. */
  @Column({ type: 'boolean', default: false })
  exceptionsApply: boolean;

  /** The EHC plan, once the LA decides to issue one. */
  @Column({ type: 'uuid', nullable: true })
  planId: string | null;

  /**
   * A Tribunal order (or the LA's concession) that reopened this case after a refusal to assess (`assess`) or a
   * decision not to issue (`make_plan`): the same case, day 0 and history; the order's limits are on the appeal.
   */
  @Column({ type: 'varchar', length: 16, nullable: true })
  reopenedByOrder: 'assess' | 'make_plan' | null;

  @Column({ type: 'date', nullable: true })
  reopenedOn: string | null;

  /** The appeal whose order reopened the case (the appeals context's record). */
  @Column({ type: 'uuid', nullable: true })
  reopenedAppealId: string | null;

  /** Entered from another system as a historic case rather than worked here. */
  @Column({ type: 'boolean', default: false })
  imported: boolean;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
