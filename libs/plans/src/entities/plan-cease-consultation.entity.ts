import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who the LA consults before deciding to cease a plan (Regs 29(1)). */
export enum CeaseConsultee {
  Family = 'family',
  Institution = 'institution',
}

/** The LA consulted the parent or young person, or the institution named in the plan, before deciding to cease it. */
@Entity({ name: 'plan_cease_consultations' })
@Index('ix_plan_cease_consultations_plan', ['planId'])
export class PlanCeaseConsultation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('plans', { name: 'fk_plan_cease_consultations_plan_id' })
  @Column({ type: 'uuid' })
  planId: string;

  @ForeignKey('local_authorities', { name: 'fk_plan_cease_consultations_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @Column({ type: 'varchar', length: 16 })
  consultee: CeaseConsultee;

  /** The institution's name, when the consultee is the institution. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  name: string | null;

  @Column({ type: 'date' })
  consultedOn: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  response: string | null;

  @ForeignKey('users', { name: 'fk_plan_cease_consultations_recorded_by_id' })
  @Column({ type: 'uuid' })
  recordedById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
