import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What the new health commissioning body answered (Regs 16). */
export const HEALTH_BODY_ANSWERS = ['secures_provision', 'requests_review', 'requests_assessment'] as const;
export type HealthBodyAnswer = (typeof HEALTH_BODY_ANSWERS)[number];

/**
 * A change of a plan's health commissioning body (SEND Regulations 2014, reg 16): from which body to which, from when,
 * and the new body's answer within 15 working days (it secures the health provision in section G, or asks the LA to
 * review the plan or to assess). A later change before the answer supersedes it (`endedOn`).
 */
@Entity({ name: 'health_body_changes' })
@Index('ix_health_body_changes_plan', ['planId'])
export class HealthBodyChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('local_authorities', { name: 'fk_health_body_changes_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @ForeignKey('plans', { name: 'fk_health_body_changes_plan_id' })
  @Column({ type: 'uuid' })
  planId: string;

  @ForeignKey('organisations', { name: 'fk_health_body_changes_from_organisation_id' })
  @Column({ type: 'uuid' })
  fromOrganisationId: string;

  @ForeignKey('organisations', { name: 'fk_health_body_changes_to_organisation_id' })
  @Column({ type: 'uuid' })
  toOrganisationId: string;

  /** The day the new body became responsible (or learned it had): its 15 working days begin with it. */
  @Column({ type: 'date' })
  changedOn: string;

  @Column({ type: 'varchar', length: 24, nullable: true })
  answer: HealthBodyAnswer | null;

  @Column({ type: 'date', nullable: true })
  answeredOn: string | null;

  @Column({ type: 'text', nullable: true })
  answerNote: string | null;

  @ForeignKey('users', { name: 'fk_health_body_changes_answered_by_id' })
  @Column({ type: 'uuid', nullable: true })
  answeredById: string | null;

  /** Superseded by a later change before it was answered: the duty fell away that day. */
  @Column({ type: 'date', nullable: true })
  endedOn: string | null;

  /** The plan stopped being maintained before the answer (its cease): the duty fell away; cleared if the cease is undone. */
  @Column({ type: 'date', nullable: true })
  planEndedOn: string | null;

  @ForeignKey('users', { name: 'fk_health_body_changes_created_by_id' })
  @Column({ type: 'uuid' })
  createdById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
