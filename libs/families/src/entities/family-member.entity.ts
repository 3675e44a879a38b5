import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A parent, young person or representative with a family account: one per email address, whatever children or local
 * authorities granted them access. No password: they sign in with a code emailed to this address.
 */
@Entity({ name: 'family_members' })
@Index('ux_family_members_email', ['email'], { unique: true })
export class FamilyMember {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_family_members' })
  id: string;

  /** Lower-cased and trimmed. */
  @Column({ type: 'varchar', length: 320 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
