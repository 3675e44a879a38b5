import { AdviceExceptionGround } from '@app/statutory-clock';
import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An exception to one adviser's 6 weeks (Regs 8(2)): exceptional circumstances, an absence of 4 weeks or more, or a
 * missed appointment. Like the LA's exceptions it never moves the due date; it explains lateness and sets a target.
 */
@Entity({ name: 'advice_exceptions' })
@Index('ix_advice_exceptions_request', ['adviceRequestId'])
export class AdviceException {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('advice_requests', { name: 'fk_advice_exceptions_advice_request_id' })
  @Column({ type: 'uuid' })
  adviceRequestId: string;

  @ForeignKey('local_authorities', { name: 'fk_advice_exceptions_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @Column({ type: 'varchar', length: 32 })
  ground: AdviceExceptionGround;

  @Column({ type: 'date' })
  startsOn: string;

  @Column({ type: 'date', nullable: true })
  endsOn: string | null;

  @Column({ type: 'text' })
  reason: string;

  @ForeignKey('users', { name: 'fk_advice_exceptions_recorded_by_id' })
  @Column({ type: 'uuid', nullable: true })
  recordedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
