import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Sections } from '../plan-sections';

/** A draft, the final plan, or an amended final plan issued after a review (Regs 22(3)). */
export type PlanVersionStage = 'draft' | 'final' | 'amended';

/** A frozen plan as issued: a draft, the final plan, or a later amendment. Never changed once written. */
@Entity({ name: 'plan_versions' })
@Index('ux_plan_versions_plan_number', ['planId', 'number'], { unique: true })
export class PlanVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('plans', { name: 'fk_plan_versions_plan_id' })
  @Column({ type: 'uuid' })
  planId: string;

  @ForeignKey('local_authorities', { name: 'fk_plan_versions_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @Column({ type: 'int' })
  number: number;

  @Column({ type: 'varchar', length: 8 })
  stage: PlanVersionStage;

  @Column({ type: 'date' })
  issuedOn: string;

  @Column({ type: 'jsonb' })
  sections: Sections;

  /** The child as named in this version (the document must not change if the record is corrected later). */
  @Column({ type: 'jsonb' })
  child: { givenName: string; familyName: string; dateOfBirth: string };

  @ForeignKey('users', { name: 'fk_plan_versions_issued_by_id' })
  @Column({ type: 'uuid', nullable: true })
  issuedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
