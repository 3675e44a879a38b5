import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** The kinds of advice the LA must seek (Regs 6(1)). */
export enum AdviceDiscipline {
  Parent = 'parent',
  Education = 'education',
  Health = 'health',
  Psychology = 'psychology',
  SocialCare = 'social_care',
  PreparingForAdulthood = 'preparing_for_adulthood',
  Other = 'other',
}

/**
 * requested -> received -> accepted, or received -> returned (with a reason) -> received again after a correction.
 * `reused`: existing advice taken instead of a new request ("tell us once", Regs 6(4)).
 */
export enum AdviceRequestStatus {
  Requested = 'requested',
  Received = 'received',
  Accepted = 'accepted',
  Returned = 'returned',
  Reused = 'reused',
  Cancelled = 'cancelled',
}

/** Statuses in which the adviser still owes (or owes again) their advice. */
export const OUTSTANDING_ADVICE_STATUSES: readonly AdviceRequestStatus[] = [AdviceRequestStatus.Requested, AdviceRequestStatus.Returned];

/**
 * A request for advice during an assessment, addressed to a professional or to an organisation's shared inbox (so
 * access survives staff changes). The adviser has 6 weeks from the day they received it (Regs 8(1)).
 */
@Entity({ name: 'advice_requests' })
@Index('ix_advice_requests_assessment', ['assessmentId', 'requestedOn'])
@Index('ix_advice_requests_assignee_user', ['assigneeUserId', 'status'])
@Index('ix_advice_requests_assignee_org', ['assigneeOrganisationId', 'status'])
@Index('ix_advice_requests_la_status', ['localAuthorityId', 'status'])
export class AdviceRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('local_authorities', { name: 'fk_advice_requests_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @ForeignKey('assessments', { name: 'fk_advice_requests_assessment_id' })
  @Column({ type: 'uuid' })
  assessmentId: string;

  @ForeignKey('children', { name: 'fk_advice_requests_child_id' })
  @Column({ type: 'uuid' })
  childId: string;

  @Column({ type: 'varchar', length: 32 })
  discipline: AdviceDiscipline;

  /** The day the adviser received the request: their 6 weeks start here. */
  @Column({ type: 'date' })
  requestedOn: string;

  @ForeignKey('users', { name: 'fk_advice_requests_assignee_user_id' })
  @Column({ type: 'uuid', nullable: true })
  assigneeUserId: string | null;

  @ForeignKey('organisations', { name: 'fk_advice_requests_assignee_organisation_id' })
  @Column({ type: 'uuid', nullable: true })
  assigneeOrganisationId: string | null;

  /** What the LA asks and the context the adviser needs. */
  @Column({ type: 'text', nullable: true })
  question: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: AdviceRequestStatus;

  @Column({ type: 'date', nullable: true })
  receivedOn: string | null;

  @Column({ type: 'date', nullable: true })
  cancelledOn: string | null;

  /** Why the request was closed without advice (issue 24, point 13: still open when the final plan was issued). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  cancellationReason: string | null;

  /** The caseworker's review of the advice: accepted as material for the plan, or returned with a reason. */
  @Column({ type: 'date', nullable: true })
  acceptedOn: string | null;

  @Column({ type: 'date', nullable: true })
  returnedOn: string | null;

  @Column({ type: 'text', nullable: true })
  returnReason: string | null;

  @ForeignKey('users', { name: 'fk_advice_requests_reviewed_by_id' })
  @Column({ type: 'uuid', nullable: true })
  reviewedById: string | null;

  /** "Tell us once" (Regs 6(4)): the existing advice reused, and the day each party agreed it is sufficient. */
  @Column({ type: 'text', nullable: true })
  reusedAdvice: string | null;

  @Column({ type: 'date', nullable: true })
  adviserAgreedOn: string | null;

  @Column({ type: 'date', nullable: true })
  localAuthorityAgreedOn: string | null;

  @Column({ type: 'date', nullable: true })
  familyAgreedOn: string | null;

  /** Who agreed (Regs 6(4)): the adviser whose advice is reused, and the parent or young person. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  adviserName: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  familyAgreedBy: string | null;

  @ForeignKey('users', { name: 'fk_advice_requests_created_by_id' })
  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
