import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export interface AdviceNeed {
  area: string;
  description: string;
}

export interface AdviceOutcome {
  description: string;
  timescale?: string;
}

export interface AdviceProvision {
  description: string;
  frequency?: string;
  duration?: string;
  deliveredBy?: string;
}

/** Submitted advice, frozen once written: a correction is a new version with its reason. */
@Entity({ name: 'advice_submissions' })
@Index('ux_advice_submissions_request_version', ['adviceRequestId', 'version'], { unique: true })
export class AdviceSubmission {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('advice_requests', { name: 'fk_advice_submissions_advice_request_id' })
  @Column({ type: 'uuid' })
  adviceRequestId: string;

  @ForeignKey('local_authorities', { name: 'fk_advice_submissions_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'jsonb' })
  needs: AdviceNeed[];

  @Column({ type: 'jsonb' })
  outcomes: AdviceOutcome[];

  @Column({ type: 'jsonb' })
  provision: AdviceProvision[];

  @Column({ type: 'text', nullable: true })
  correctionReason: string | null;

  @ForeignKey('users', { name: 'fk_advice_submissions_submitted_by_id' })
  @Column({ type: 'uuid' })
  submittedById: string;

  @Column({ type: 'date' })
  submittedOn: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
