import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum PlanDocumentStatus {
  Pending = 'pending',
  Rendered = 'rendered',
  /** Given up after PDF_RENDER_MAX_ATTEMPTS attempts: neither retried nor swept again; a new version renders afresh. */
  Failed = 'failed',
}

/**
 * The PDF of one plan version. The row is written with the version (pending); the worker renders it and stores the
 * bytes and their SHA-256. PostgreSQL holds the intention, so a lost job is re-created by the sweeper, and the
 * attempt count, so a document that keeps failing (or killing its worker) ends `failed` instead of looping.
 */
@Entity({ name: 'plan_documents' })
@Index('ux_plan_documents_plan_version', ['planId', 'versionNumber'], { unique: true })
@Index('ix_plan_documents_pending', ['createdAt'], { where: `status = 'pending'` })
export class PlanDocument {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('plans', { name: 'fk_plan_documents_plan_id' })
  @Column({ type: 'uuid' })
  planId: string;

  @ForeignKey('local_authorities', { name: 'fk_plan_documents_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @Column({ type: 'int' })
  versionNumber: number;

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

  /** Why the last attempt failed: timeout, memory, crashed, error or abandoned (the worker died during it). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  failureKind: string | null;

  /** The last failure in words a caseworker can read (no plan content). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  failureReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  failedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
