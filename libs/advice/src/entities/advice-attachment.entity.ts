import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A file sent with advice (a report, a letter, a photo of work). Stored in PostgreSQL with the rest of the record.
 * Pending (submissionVersion null) until the adviser's next submission freezes it into that version.
 */
@Entity({ name: 'advice_attachments' })
@Index('ix_advice_attachments_request', ['adviceRequestId', 'createdAt'])
export class AdviceAttachment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('advice_requests', { name: 'fk_advice_attachments_advice_request_id' })
  @Column({ type: 'uuid' })
  adviceRequestId: string;

  @ForeignKey('local_authorities', { name: 'fk_advice_attachments_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  /** The submission version it belongs to; null while pending. */
  @Column({ type: 'int', nullable: true })
  submissionVersion: number | null;

  @Column({ type: 'varchar', length: 255 })
  fileName: string;

  /** Detected from the content, never taken from the name or the client's header. */
  @Column({ type: 'varchar', length: 100 })
  mediaType: string;

  @Column({ type: 'int' })
  sizeBytes: number;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ type: 'bytea', select: false })
  content: Buffer;

  @ForeignKey('users', { name: 'fk_advice_attachments_uploaded_by_id' })
  @Column({ type: 'uuid', nullable: true })
  uploadedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
