import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { BoardPackInput } from '../board-pack/board-pack.renderer';

export type BoardPackStatus = 'pending' | 'rendered' | 'failed';

/**
 * A board pack a manager asked for (docs/reports.md, "Board pack"): the scorecard, the dashboard's figures and the
 * owners' commentary for a period, frozen as they were when asked (`input`), rendered to PDF by the worker. Reporting
 * owns this table with the scorecard's.
 */
@Entity({ name: 'board_packs' })
@Index('ix_board_packs_la_created', ['localAuthorityId', 'createdAt'])
@Index('ix_board_packs_pending', ['createdAt'], { where: `status = 'pending'` })
export class BoardPack {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_board_packs' })
  id: string;

  @ForeignKey('local_authorities', { name: 'fk_board_packs_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @Column({ type: 'date' })
  periodFrom: string;

  @Column({ type: 'date' })
  periodTo: string;

  @Column({ type: 'varchar', length: 12, default: 'pending' })
  status: BoardPackStatus;

  /** The figures and commentary as they were when asked for: the worker renders exactly these. */
  @Column({ type: 'jsonb' })
  input: BoardPackInput;

  @Column({ type: 'bytea', nullable: true, select: false })
  content: Buffer | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  sha256: string | null;

  @Column({ type: 'integer', nullable: true })
  pageCount: number | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  failureReason: string | null;

  @ForeignKey('users', { name: 'fk_board_packs_requested_by_id' })
  @Column({ type: 'uuid' })
  requestedById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  renderedAt: Date | null;
}
