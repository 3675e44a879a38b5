import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A tenant: one English local authority. Every case record belongs to exactly one. */
@Entity({ name: 'local_authorities' })
@Index('ux_local_authorities_code', ['code'], { unique: true })
export class LocalAuthority {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** The DfE three-digit LA code used in SEN2 (e.g. 201). */
  @Column({ type: 'varchar', length: 3 })
  code: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
