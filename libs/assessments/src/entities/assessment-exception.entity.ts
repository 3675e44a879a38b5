import { DeadlineKind, ExceptionGround } from '@app/statutory-clock';
import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An exception to the time limits (Regs 5(4), 10(4), 13(3)). It never moves the statutory date: it records why the
 * duty became "as soon as practicable", who said so, and when the family was told.
 */
@Entity({ name: 'assessment_exceptions' })
@Index('ix_assessment_exceptions_assessment', ['assessmentId'])
export class AssessmentException {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('assessments', { name: 'fk_assessment_exceptions_assessment_id' })
  @Column({ type: 'uuid' })
  assessmentId: string;

  @ForeignKey('local_authorities', { name: 'fk_assessment_exceptions_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @Column({ type: 'varchar', length: 32 })
  ground: ExceptionGround;

  /** The limits it can affect (default: decision to assess, no-plan notice, final plan). */
  @Column({ type: 'varchar', array: true, length: 32 })
  affects: DeadlineKind[];

  @Column({ type: 'date' })
  startsOn: string;

  @Column({ type: 'date', nullable: true })
  endsOn: string | null;

  /** Grounds (a)/(b): the LA's request for educational advice to the closed school or provider, made in the window. */
  @ForeignKey('advice_requests', { name: 'fk_assessment_exceptions_advice_request_id' })
  @Column({ type: 'uuid', nullable: true })
  adviceRequestId: string | null;

  /** Grounds (a)/(b): the first day of the closure of at least 4 continuous weeks. */
  @Column({ type: 'date', nullable: true })
  closureStartsOn: string | null;

  /** Grounds (a)/(b): the day the school or provider re-opened. */
  @Column({ type: 'date', nullable: true })
  reopensOn: string | null;

  /**
   * A closure recorded under the old rule (any 4-week closure overlapping the step, with no advice request): it keeps
   * its effect on the 20-week flag and is listed for review.
   */
  @Column({ type: 'boolean', default: false })
  underOldRule: boolean;

  /** Why it made the step impractical (an exception only counts when it did). */
  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'text', nullable: true })
  evidence: string | null;

  @Column({ type: 'date', nullable: true })
  familyToldOn: string | null;

  @ForeignKey('users', { name: 'fk_assessment_exceptions_recorded_by_id' })
  @Column({ type: 'uuid', nullable: true })
  recordedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
