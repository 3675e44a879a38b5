import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One duty an order creates (the clock's OrderDuty) and how it stands: done on a day (seen from the assessment's or
 * the plan's own steps, or recorded by the caseworker), or not applicable (the other branch was taken: an issued
 * plan makes the 10-week no-plan notice moot). Its due date is the clock's; the deadlines table mirrors it.
 */
@Entity({ name: 'appeal_order_duties' })
@Index('ux_appeal_order_duties_order_duty', ['orderId', 'duty'], { unique: true })
@Index('ix_appeal_order_duties_appeal', ['appealId'])
export class AppealOrderDuty {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('appeal_orders', { name: 'fk_appeal_order_duties_order_id' })
  @Column({ type: 'uuid' })
  orderId: string;

  @ForeignKey('appeals', { name: 'fk_appeal_order_duties_appeal_id' })
  @Column({ type: 'uuid' })
  appealId: string;

  @Column({ type: 'varchar', length: 24 })
  duty: string;

  @Column({ type: 'date' })
  dueOn: string;

  @Column({ type: 'date', nullable: true })
  completedOn: string | null;

  @Column({ type: 'boolean', default: false })
  notApplicable: boolean;
}
