import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Section G agreed by the health commissioning body (CFA s42(3); statutory-rules.md section 9), or the caseworker's
 * documented override. `sectionGSha256` is the G section agreed: an edit to G after it makes the sign-off stale.
 * Append-only: a new agreement is a new row.
 */
@Entity({ name: 'health_sign_offs' })
@Index('ix_health_sign_offs_plan', ['planId', 'createdAt'])
export class HealthSignOff {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('local_authorities', { name: 'fk_health_sign_offs_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @ForeignKey('plans', { name: 'fk_health_sign_offs_plan_id' })
  @Column({ type: 'uuid' })
  planId: string;

  /** `agreed` by a health user of the body; `override` by the caseworker, with its reason. */
  @Column({ type: 'varchar', length: 12 })
  kind: 'agreed' | 'override';

  /** The health commissioning body that agreed (null for an override). */
  @ForeignKey('organisations', { name: 'fk_health_sign_offs_organisation_id' })
  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  @Column({ type: 'date' })
  agreedOn: string;

  @Column({ type: 'varchar', length: 64 })
  sectionGSha256: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  overrideReason: string | null;

  @ForeignKey('users', { name: 'fk_health_sign_offs_signed_by_id' })
  @Column({ type: 'uuid', nullable: true })
  signedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
