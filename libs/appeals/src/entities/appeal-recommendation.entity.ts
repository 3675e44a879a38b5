import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A Tribunal recommendation about health or social care provision (the SEND (First-tier Tribunal Recommendations Power)
 * Regulations 2017), made with an order on an appeal, and the body's written answer (within 5 weeks, verify).
 */
@Entity({ name: 'appeal_recommendations' })
@Index('ix_appeal_recommendations_appeal', ['appealId'])
// A recommendation is recorded once: a replay of the same one answers with the appeal as it stands (issue 24).
@Index('ux_appeal_recommendations_once', ['appealId', 'orderId', 'kind', 'textSha256'], { unique: true })
export class AppealRecommendation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('appeals', { name: 'fk_appeal_recommendations_appeal_id' })
  @Column({ type: 'uuid' })
  appealId: string;

  @ForeignKey('appeal_orders', { name: 'fk_appeal_recommendations_order_id' })
  @Column({ type: 'uuid' })
  orderId: string;

  @ForeignKey('local_authorities', { name: 'fk_appeal_recommendations_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  /** `health` (the health commissioning body) or `social_care` (the LA's social care). */
  @Column({ type: 'varchar', length: 16 })
  kind: 'health' | 'social_care';

  /** The body the recommendation is addressed to, by name. */
  @Column({ type: 'varchar', length: 200 })
  body: string;

  @Column({ type: 'text' })
  text: string;

  /** sha256 of the text: what makes a replay the same recommendation. */
  @Column({ type: 'char', length: 64 })
  textSha256: string;

  /** The date of the Tribunal's decision: the 5 weeks run from it. */
  @Column({ type: 'date' })
  decidedOn: string;

  @Column({ type: 'text', nullable: true })
  answerText: string | null;

  @Column({ type: 'date', nullable: true })
  answeredOn: string | null;

  /** Who answered for the body (a name and role, as written on the answer). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  answeredBy: string | null;

  @ForeignKey('users', { name: 'fk_appeal_recommendations_answer_recorded_by_id' })
  @Column({ type: 'uuid', nullable: true })
  answerRecordedById: string | null;

  @ForeignKey('users', { name: 'fk_appeal_recommendations_created_by_id' })
  @Column({ type: 'uuid' })
  createdById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
