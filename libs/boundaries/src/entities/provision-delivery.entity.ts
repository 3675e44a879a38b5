import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * What is actually delivered of one item of a plan's section F (the LA's duty to secure it, CFA s42(2)) or G (the
 * health body's, s42(3)): in place or not, since when, hours delivered against those specified in a period, and the
 * reason for a gap. One row per report, never changed: the latest per item is where it stands; the history is what
 * complaints, the Ombudsman and judicial review ask about.
 */
@Entity({ name: 'provision_deliveries' })
@Index('ix_provision_deliveries_plan_item', ['planId', 'provisionId', 'createdAt'])
@Index('ix_provision_deliveries_la', ['localAuthorityId', 'createdAt'])
export class ProvisionDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('local_authorities', { name: 'fk_provision_deliveries_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @ForeignKey('plans', { name: 'fk_provision_deliveries_plan_id' })
  @Column({ type: 'uuid' })
  planId: string;

  @ForeignKey('children', { name: 'fk_provision_deliveries_child_id' })
  @Column({ type: 'uuid' })
  childId: string;

  /** The item's id in the plan's section F or G. */
  @Column({ type: 'varchar', length: 100 })
  provisionId: string;

  @Column({ type: 'varchar', length: 2 })
  section: 'F' | 'G';

  @Column({ type: 'varchar', length: 2000 })
  description: string;

  @Column({ type: 'boolean' })
  inPlace: boolean;

  @Column({ type: 'date', nullable: true })
  since: string | null;

  @Column({ type: 'numeric', precision: 7, scale: 2, nullable: true })
  hoursDelivered: string | null;

  @Column({ type: 'numeric', precision: 7, scale: 2, nullable: true })
  hoursSpecified: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  period: 'week' | 'month' | 'term' | 'year' | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  reason: string | null;

  /** `setting` (a school or provider through its inbox) or `la` (the case team). */
  @Column({ type: 'varchar', length: 8 })
  reportedBy: 'setting' | 'la';

  @ForeignKey('users', { name: 'fk_provision_deliveries_reported_by_id' })
  @Column({ type: 'uuid', nullable: true })
  reportedById: string | null;

  @ForeignKey('organisations', { name: 'fk_provision_deliveries_organisation_id' })
  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
