import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One contact printed on a notice (the clock's NoticeContact). */
export interface LocalAuthorityNoticeContact {
  name: string;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
  website?: string | null;
}

/** The LA's notice contacts (the clock's NoticeContacts). */
export interface LocalAuthorityNoticeContacts {
  mediationAdviser?: LocalAuthorityNoticeContact | null;
  localAuthority?: LocalAuthorityNoticeContact | null;
  informationAdviceSupport?: LocalAuthorityNoticeContact | null;
  disagreementResolution?: LocalAuthorityNoticeContact | null;
}

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

  /**
   * The contacts every decision notice prints (SEND Regulations 2014, reg 32): the mediation adviser, the LA's own
   * contact for mediation, the information, advice and support service and the disagreement resolution service. Set by
   * the LA administrator (PUT /local-authority/notice-contacts); null until then, and a notice then says what is missing.
   */
  @Column({ type: 'jsonb', nullable: true })
  noticeContacts: LocalAuthorityNoticeContacts | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
