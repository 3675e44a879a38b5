import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A school or institution the family asked for in their representations, consulted before it is named in the final
 * plan (CFA s39). It should answer within 15 days (CoP 9.83, guidance): shown as a `school_consultation` deadline.
 */
@Entity({ name: 'school_consultations' })
@Index('ix_school_consultations_assessment', ['assessmentId', 'consultedOn'])
export class SchoolConsultation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('assessments', { name: 'fk_school_consultations_assessment_id' })
  @Column({ type: 'uuid' })
  assessmentId: string;

  @ForeignKey('local_authorities', { name: 'fk_school_consultations_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @Column({ type: 'varchar', length: 200 })
  schoolName: string;

  /** The school's organisation record, when it has one. */
  @ForeignKey('organisations', { name: 'fk_school_consultations_organisation_id' })
  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  @Column({ type: 'date' })
  consultedOn: string;

  @Column({ type: 'date', nullable: true })
  respondedOn: string | null;

  /** What the school answered: it agrees to be named, or gives reasons against (CFA s39(4)). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  response: 'agrees' | 'objects' | null;

  @ForeignKey('users', { name: 'fk_school_consultations_recorded_by_id' })
  @Column({ type: 'uuid', nullable: true })
  recordedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
