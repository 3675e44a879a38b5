import { Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** What a review recorded on preparing for adulthood (from Year 9: CoP 8.9, 9.166): the four areas. */
@Entity({ name: 'review_adulthood_records' })
export class ReviewAdulthoodRecord {
  @ForeignKey('reviews', { name: 'fk_review_adulthood_records_review_id' })
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_review_adulthood_records' })
  reviewId: string;

  @ForeignKey('local_authorities', { name: 'fk_review_adulthood_records_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @ForeignKey('plans', { name: 'fk_review_adulthood_records_plan_id' })
  @Column({ type: 'uuid' })
  planId: string;

  @Column({ type: 'varchar', length: 4000 })
  employment: string;

  @Column({ type: 'varchar', length: 4000 })
  independentLiving: string;

  @Column({ type: 'varchar', length: 4000 })
  community: string;

  @Column({ type: 'varchar', length: 4000 })
  health: string;

  @ForeignKey('users', { name: 'fk_review_adulthood_records_recorded_by_id' })
  @Column({ type: 'uuid', nullable: true })
  recordedById: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** The young person's transition to adult social care, as recorded on the plan. */
@Entity({ name: 'adult_social_care_transitions' })
export class AdultSocialCareTransition {
  @ForeignKey('plans', { name: 'fk_adult_social_care_transitions_plan_id' })
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_adult_social_care_transitions' })
  planId: string;

  @ForeignKey('local_authorities', { name: 'fk_adult_social_care_transitions_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  /** The Care Act 2014 transition assessment (s58), if done. */
  @Column({ type: 'date', nullable: true })
  assessedOn: string | null;

  /** The day adult social care took over. */
  @Column({ type: 'date', nullable: true })
  transferredOn: string | null;

  @Column({ type: 'varchar', length: 4000, nullable: true })
  notes: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
