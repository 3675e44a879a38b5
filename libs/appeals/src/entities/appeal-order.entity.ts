import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A Tribunal order, or the LA's concession before the hearing (Regs 44, 45), on an appeal. */
@Entity({ name: 'appeal_orders' })
@Index('ix_appeal_orders_appeal', ['appealId'])
// An order is recorded once: a replay answers with the order already recorded (issue 24).
@Index('ux_appeal_orders_once', ['appealId', 'kind', 'orderedOn'], { unique: true })
export class AppealOrder {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('appeals', { name: 'fk_appeal_orders_appeal_id' })
  @Column({ type: 'uuid' })
  appealId: string;

  @ForeignKey('local_authorities', { name: 'fk_appeal_orders_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  /** The clock's OrderKind. */
  @Column({ type: 'varchar', length: 16 })
  kind: string;

  /** The order's date, or the day the LA told the Tribunal it would not oppose (a concession). */
  @Column({ type: 'date' })
  orderedOn: string;

  @Column({ type: 'boolean', default: false })
  concession: boolean;

  @ForeignKey('users', { name: 'fk_appeal_orders_created_by_id' })
  @Column({ type: 'uuid' })
  createdById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
