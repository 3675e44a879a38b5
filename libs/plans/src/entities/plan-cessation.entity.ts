import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum CessationStatus {
  /** Notified; the plan is maintained until the appeal deadline passes or an appeal is decided. */
  Ceasing = 'ceasing',
  Ceased = 'ceased',
  /** Undone: a Tribunal order to continue the plan, or the LA changed its mind. */
  Withdrawn = 'withdrawn',
}

/** Regs 30: what the LA considered before ceasing the plan of a young person of 18 or over. */
export interface Regs30Conditions {
  /** Whether the education or training outcomes in the plan have been achieved. */
  educationOrTrainingOutcomesAchieved: boolean;
  /** The young person's wishes, as recorded. */
  youngPersonWishes: string;
  /** Whether the young person no longer wishes to engage in education or training (SEN2 reason 6). */
  noLongerWishesToEngage?: boolean;
  notes?: string | null;
}

/**
 * A decision to cease to maintain a plan (CFA s45; Regs 29-31): the SEN2 reason (1-9), the notice, the appeal deadline
 * the plan is maintained until (or an appeal's outcome), and the day it ceased. One live cessation per plan.
 */
@Entity({ name: 'plan_cessations' })
@Index('ux_plan_cessations_live', ['planId'], { unique: true, where: `status = 'ceasing'` })
@Index('ix_plan_cessations_plan', ['planId'])
@Index('ix_plan_cessations_due', ['ceasesOn'], { where: `status = 'ceasing' AND NOT appeal_lodged` })
export class PlanCessation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('plans', { name: 'fk_plan_cessations_plan_id' })
  @Column({ type: 'uuid' })
  planId: string;

  @ForeignKey('local_authorities', { name: 'fk_plan_cessations_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @Column({ type: 'varchar', length: 16 })
  status: CessationStatus;

  /** SEN2 cease reason, 1-9. */
  @Column({ type: 'smallint' })
  reason: number;

  @Column({ type: 'date' })
  notifiedOn: string;

  /** The family's appeal deadline (moves later with a mediation certificate). */
  @Column({ type: 'date' })
  appealDeadline: string;

  /** An appeal was lodged: the plan is maintained until it is decided. */
  @Column({ type: 'boolean', default: false })
  appealLodged: boolean;

  /** The day the plan stops being maintained if nothing changes (the day after the appeal deadline). */
  @Column({ type: 'date', nullable: true })
  ceasesOn: string | null;

  @Column({ type: 'date', nullable: true })
  ceasedOn: string | null;

  @Column({ type: 'date', nullable: true })
  withdrawnOn: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  withdrawnReason: string | null;

  /** The young person was 18 or over on the notice: Regs 30's conditions are recorded. */
  @Column({ type: 'boolean', default: false })
  youngPersonOver18: boolean;

  @Column({ type: 'jsonb', nullable: true })
  regs30: Regs30Conditions | null;

  @ForeignKey('users', { name: 'fk_plan_cessations_decided_by_id' })
  @Column({ type: 'uuid' })
  decidedById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
