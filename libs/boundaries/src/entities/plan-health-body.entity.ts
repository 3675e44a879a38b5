import { Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The health commissioning body responsible for a plan's section G (CFA s42(3)): one of the LA's `nhs_body` organisations. */
@Entity({ name: 'plan_health_bodies' })
export class PlanHealthBody {
  @ForeignKey('plans', { name: 'fk_plan_health_bodies_plan_id' })
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_plan_health_bodies' })
  planId: string;

  @ForeignKey('local_authorities', { name: 'fk_plan_health_bodies_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @ForeignKey('organisations', { name: 'fk_plan_health_bodies_organisation_id' })
  @Column({ type: 'uuid' })
  organisationId: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
