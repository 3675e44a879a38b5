import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type MfaRequirement = 'none' | 'admins_and_managers' | 'everyone';
export const MFA_REQUIREMENTS: readonly MfaRequirement[] = ['none', 'admins_and_managers', 'everyone'];

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

  /**
   * Who must have a second factor to sign in with a password: `none`, `admins_and_managers` (a new LA's default) or
   * `everyone`. Sign-in through the LA's identity provider is left to the provider's own policy.
   */
  @Column({ type: 'varchar', length: 32, default: 'admins_and_managers' })
  mfaRequiredFor: MfaRequirement;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
