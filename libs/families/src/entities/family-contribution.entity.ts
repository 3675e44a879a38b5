import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum ContributionKind {
  /** Views for section A (about me), at request, assessment or review. */
  View = 'view',
  /** A comment on one section of a draft plan (representations, Regs 13(1)). */
  Comment = 'comment',
  MeetingRequest = 'meeting_request',
  /** The school or college the family asks to be named (CFA s38(2)(b)). */
  SchoolPreference = 'school_preference',
  Mediation = 'mediation',
  Document = 'document',
}

/** Kinds the caseworker must answer (reflected in the plan or not, with a reason). */
export const ANSWERED_KINDS: readonly ContributionKind[] = [ContributionKind.Comment, ContributionKind.SchoolPreference, ContributionKind.MeetingRequest, ContributionKind.Mediation];

/**
 * What a family said or sent, as a record: who, when, for which section and which step of the case, with the version
 * of the family's views it is; and the caseworker's answer. Never updated by the family: a new view is a new version.
 */
@Entity({ name: 'family_contributions' })
@Index('ix_family_contributions_assessment', ['assessmentId', 'createdAt'])
@Index('ix_family_contributions_member', ['memberId', 'createdAt'])
export class FamilyContribution {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_family_contributions' })
  id: string;

  @ForeignKey('local_authorities', { name: 'fk_family_contributions_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @ForeignKey('children', { name: 'fk_family_contributions_child_id' })
  @Column({ type: 'uuid' })
  childId: string;

  @ForeignKey('assessments', { name: 'fk_family_contributions_assessment_id' })
  @Column({ type: 'uuid' })
  assessmentId: string;

  @ForeignKey('family_members', { name: 'fk_family_contributions_member_id' })
  @Column({ type: 'uuid' })
  memberId: string;

  @ForeignKey('family_access', { name: 'fk_family_contributions_access_id' })
  @Column({ type: 'uuid' })
  accessId: string;

  @Column({ type: 'varchar', length: 20 })
  kind: ContributionKind;

  /** The plan section (A to K) it is about, when it is about one. */
  @Column({ type: 'varchar', length: 2, nullable: true })
  section: string | null;

  /** The case's step when it was given: request, assessment, draft, plan (review), closed. */
  @Column({ type: 'varchar', length: 20 })
  caseStep: string;

  /** Counts the member's contributions of this kind and section on the case: views are versioned, never overwritten. */
  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'text' })
  text: string;

  /** Structured parts (the four about-me answers, the institution's URN or UKPRN, the mediation issues, a file's details). */
  @Column({ type: 'jsonb', nullable: true })
  details: Record<string, unknown> | null;

  @Column({ type: 'bytea', nullable: true, select: false })
  content: Buffer | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'boolean', nullable: true })
  reflected: boolean | null;

  @Column({ type: 'text', nullable: true })
  answerReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  answeredById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  /** The final plan's covering notice that carried the answer (the day the final plan was issued). */
  @Column({ type: 'date', nullable: true })
  noticeIssuedOn: string | null;
}
