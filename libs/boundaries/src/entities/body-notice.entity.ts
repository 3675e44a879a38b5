import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * That the LA told the health commissioning body or social care of an assessment being considered (Regs 4(2)) or of
 * its decision (Regs 5(2)): one row per body and event, written by the assessment's own command, so the record shows
 * who was told and when. The designated officers (DCO/DSCO) are the addressees when set.
 */
@Entity({ name: 'body_notices' })
@Index('ux_body_notices_assessment_body_event', ['assessmentId', 'body', 'event'], { unique: true })
export class BodyNotice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('local_authorities', { name: 'fk_body_notices_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @ForeignKey('assessments', { name: 'fk_body_notices_assessment_id' })
  @Column({ type: 'uuid' })
  assessmentId: string;

  @Column({ type: 'varchar', length: 12 })
  body: 'health' | 'social_care';

  @Column({ type: 'varchar', length: 24 })
  event: 'assessment_considered' | 'decision';

  @Column({ type: 'date' })
  notifiedOn: string;

  /** Whom it went to: the designated officer's name and email at the time, or null when none is set. */
  @Column({ type: 'jsonb', nullable: true })
  addressee: { name: string; email: string } | null;

  @Column({ type: 'varchar', length: 200 })
  regulation: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
