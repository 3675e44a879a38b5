import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** What an appeal is against: the subject's context resolves it (assessments, plans; reviews register their own). */
export type AppealSubjectType = 'assessment' | 'plan' | 'review' | 'reassessment';

/** How mediation ended, when it took place. */
export enum MediationOutcome {
  Agreed = 'agreed',
  PartlyAgreed = 'partly_agreed',
  NotAgreed = 'not_agreed',
}

/** The Tribunal's decision (or the family's withdrawal). An order's kind says what the LA must do. */
export enum AppealOutcome {
  Upheld = 'upheld',
  PartlyUpheld = 'partly_upheld',
  Dismissed = 'dismissed',
  /** The LA told the Tribunal it would not oppose (Regs 45). */
  Conceded = 'conceded',
  Withdrawn = 'withdrawn',
}

/**
 * An appeal against an appealable decision (CFA s51), kept on the ORIGINAL case: the assessment (and the plan, when
 * there is one) it is about never changes identity, so its day 0 and history hold. The appeal deadline is kept here
 * as the clock computed it (notice + 2 months, or certificate + 1 month, rolled to a working day).
 */
@Entity({ name: 'appeals' })
@Index('ix_appeals_la_created', ['localAuthorityId', 'createdAt'])
@Index('ix_appeals_subject', ['subjectId'])
@Index('ix_appeals_assessment', ['assessmentId'])
// One decision has at most one live appeal (issue 24): a second registration is a 409 naming the first.
@Index('ux_appeals_live_decision', ['decisionKey'], { unique: true, where: 'outcome IS NULL' })
export class Appeal {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @ForeignKey('local_authorities', { name: 'fk_appeals_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @ForeignKey('children', { name: 'fk_appeals_child_id' })
  @Column({ type: 'uuid' })
  childId: string;

  /** The case the decision belongs to (its deadlines are grouped with the case's). */
  @ForeignKey('assessments', { name: 'fk_appeals_assessment_id' })
  @Column({ type: 'uuid' })
  assessmentId: string;

  @ForeignKey('plans', { name: 'fk_appeals_plan_id' })
  @Column({ type: 'uuid', nullable: true })
  planId: string | null;

  @Column({ type: 'varchar', length: 16 })
  subjectType: AppealSubjectType;

  @Column({ type: 'uuid' })
  subjectId: string;

  /** The API's AppealableDecision. */
  @Column({ type: 'varchar', length: 24 })
  decision: string;

  /** Names the decision appealed against (appeal-subjects.ts `decisionKey`); unique among live appeals. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  decisionKey: string | null;

  /** The day the family was notified of the decision: the 2 months run from it. */
  @Column({ type: 'date' })
  noticeOn: string;

  /** An appeal about section I alone needs no mediation certificate (CFA s55(2)). */
  @Column({ type: 'boolean', default: false })
  sectionIOnly: boolean;

  @Column({ type: 'date', nullable: true })
  mediationAdviserContactedOn: string | null;

  /** The day the LA was told the family wants mediation (it should take place within 30 days). */
  @Column({ type: 'date', nullable: true })
  mediationRequestedOn: string | null;

  @Column({ type: 'date', nullable: true })
  mediationHeldOn: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  mediationOutcome: MediationOutcome | null;

  @Column({ type: 'date', nullable: true })
  mediationCertificateOn: string | null;

  /** Health provision is in issue in mediation: the LA tells the health commissioning body (Regs 32-42). */
  @Column({ type: 'boolean', default: false })
  mediationHealthInIssue: boolean;

  @Column({ type: 'date', nullable: true })
  mediationHealthBodyToldOn: string | null;

  /** A mediation agreement (Regs 42) and the day its steps were done. */
  @Column({ type: 'date', nullable: true })
  mediationAgreementOn: string | null;

  @Column({ type: 'date', nullable: true })
  mediationAgreementDoneOn: string | null;

  /** The family's last day, as the clock computed it from the notice and the certificate. */
  @Column({ type: 'date' })
  appealDeadline: string;

  @Column({ type: 'date', nullable: true })
  lodgedOn: string | null;

  @Column({ type: 'date', nullable: true })
  hearingOn: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  outcome: AppealOutcome | null;

  @Column({ type: 'date', nullable: true })
  outcomeOn: string | null;

  @ForeignKey('users', { name: 'fk_appeals_created_by_id' })
  @Column({ type: 'uuid' })
  createdById: string;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
