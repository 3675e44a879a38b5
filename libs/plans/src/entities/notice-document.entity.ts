import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { NoticeLetterInput } from '../pdf/notice-letter.renderer';
import { PlanDocumentStatus } from './plan-document.entity';

/**
 * The PDF letter of one decision notice (Regs 5(3), 10(3), 14, 20-22, 25, 31(3), 32): one per decision, subject and
 * notice day. The row is written the first time the letter is asked for, with the letter's content frozen (`input`:
 * the notice as the clock words it and the LA's contacts at that moment), so it renders the same bytes on any retry;
 * the worker renders it in the PDF sandbox as it does a plan, with the same attempt counting and failure states.
 */
@Entity({ name: 'notice_documents' })
@Index('ux_notice_documents_notice', ['subjectType', 'subjectId', 'decision', 'notifiedOn'], { unique: true })
@Index('ix_notice_documents_pending', ['createdAt'], { where: `status = 'pending'` })
@Index('ix_notice_documents_la', ['localAuthorityId'])
export class NoticeDocument {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_notice_documents' })
  id: string;

  @ForeignKey('local_authorities', { name: 'fk_notice_documents_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @ForeignKey('children', { name: 'fk_notice_documents_child_id' })
  @Column({ type: 'uuid' })
  childId: string;

  @ForeignKey('assessments', { name: 'fk_notice_documents_assessment_id' })
  @Column({ type: 'uuid' })
  assessmentId: string;

  /** The appeal subject the decision was made on: assessment, plan, review or reassessment. */
  @Column({ type: 'varchar', length: 16 })
  subjectType: string;

  @Column({ type: 'uuid' })
  subjectId: string;

  /** The API's AppealableDecision. */
  @Column({ type: 'varchar', length: 24 })
  decision: string;

  @Column({ type: 'date' })
  notifiedOn: string;

  @Column({ type: 'jsonb' })
  input: NoticeLetterInput;

  @Column({ type: 'varchar', length: 16 })
  status: PlanDocumentStatus;

  @Column({ type: 'bytea', nullable: true, select: false })
  content: Buffer | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  sha256: string | null;

  @Column({ type: 'int', nullable: true })
  sizeBytes: number | null;

  @Column({ type: 'int', nullable: true })
  pageCount: number | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', nullable: true })
  renderedAt: Date | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  failureKind: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  failureReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  failedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
