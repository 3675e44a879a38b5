import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * The family's request for a personal budget (CFA s49; the SEN (Personal Budgets) Regulations 2014), made while the plan
 * is drafted or reviewed, and the LA's answer: the budget (amount a year) or its reasons for refusing. Section J of the
 * plan holds the structured budget (amount, provision covered, direct payment, monitoring). Reporting reads this table
 * for the SEN2 personal-budget items.
 */
@Entity({ name: 'personal_budget_requests' })
@Index('ix_personal_budget_requests_plan', ['planId', 'receivedOn'])
export class PersonalBudgetRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('local_authorities', { name: 'fk_personal_budget_requests_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @ForeignKey('plans', { name: 'fk_personal_budget_requests_plan_id' })
  @Column({ type: 'uuid' })
  planId: string;

  @ForeignKey('children', { name: 'fk_personal_budget_requests_child_id' })
  @Column({ type: 'uuid' })
  childId: string;

  @Column({ type: 'date' })
  receivedOn: string;

  /** When it was asked: while the plan was drafted, or at a review of an issued plan. */
  @Column({ type: 'varchar', length: 8 })
  stage: 'draft' | 'review';

  @Column({ type: 'varchar', length: 12 })
  status: 'requested' | 'agreed' | 'refused';

  @Column({ type: 'date', nullable: true })
  decisionNotifiedOn: string | null;

  /** The budget agreed, a year, in pence. */
  @Column({ type: 'integer', nullable: true })
  amountPence: number | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  reason: string | null;

  /** The days direct payments were reviewed (at least at each annual review). */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  directPaymentReviews: { reviewedOn: string; reviewId: string | null; notes: string | null }[];

  @ForeignKey('users', { name: 'fk_personal_budget_requests_created_by_id' })
  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
