import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/**
 * A professional admitted to one LA's organisation record, by that LA's administrator (or by the LA that manages the
 * professional, when it creates them). Membership is the only way a professional reaches another LA's cases: the
 * requests that LA addresses to the organisation, or to them by name (docs/security.md, "Organisations").
 */
@Entity({ name: 'organisation_members' })
@Index('ix_organisation_members_user', ['userId'])
@Index('ix_organisation_members_local_authority', ['localAuthorityId'])
export class OrganisationMember {
  @ForeignKey('organisations', { name: 'fk_organisation_members_organisation_id', onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'uuid' })
  organisationId: string;

  @ForeignKey('users', { name: 'fk_organisation_members_user_id', onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  /** The organisation's LA, repeated so that a professional's reach is one indexed read. */
  @ForeignKey('local_authorities', { name: 'fk_organisation_members_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  /** The administrator who admitted them (null when migrated from the old single-organisation column). */
  @ForeignKey('users', { name: 'fk_organisation_members_admitted_by_id' })
  @Column({ type: 'uuid', nullable: true })
  admittedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
