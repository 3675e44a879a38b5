import { Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** An officer as named to families and partners. */
export interface NamedOfficer {
  name: string;
  email: string;
  phone?: string | null;
  organisationId?: string | null;
}

/**
 * The LA's Designated Clinical Officer and Designated Social Care Officer (SEND Code of Practice 2015, paras 3.50 and
 * 3.62): the health and social care contacts told when an assessment is considered and decided (Regs 4(2), 5(2)).
 */
@Entity({ name: 'designated_officers' })
export class DesignatedOfficers {
  @ForeignKey('local_authorities', { name: 'fk_designated_officers_local_authority_id' })
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_designated_officers' })
  localAuthorityId: string;

  @Column({ type: 'jsonb', nullable: true })
  dco: NamedOfficer | null;

  @Column({ type: 'jsonb', nullable: true })
  dsco: NamedOfficer | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
