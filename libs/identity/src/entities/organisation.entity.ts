import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

export enum OrganisationKind {
  NhsBody = 'nhs_body',
  SocialCareTeam = 'social_care_team',
  EducationalPsychologyService = 'ep_service',
  School = 'school',
  EarlyYearsProvider = 'early_years',
  Post16Institution = 'post16',
  Other = 'other',
}

/**
 * A body that gives advice or provision, as one local authority knows it: an NHS trust or ICB, a social care team, an
 * EP service, a school (by URN). The record belongs to that LA alone: its name, its shared inbox and its members are
 * that LA's choices. A trust that serves two LAs has two records, one in each, so that registering a URN another LA
 * already uses never adopts that LA's record, inbox or people (docs/security.md, "Organisations").
 */
@Entity({ name: 'organisations' })
@Index('ux_organisations_local_authority_urn', ['localAuthorityId', 'urn'], { unique: true, where: 'urn IS NOT NULL' })
@Index('ix_organisations_local_authority_name', ['localAuthorityId', 'name'])
export class Organisation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The LA whose record this is; only its admins change it or admit members to it. */
  @ForeignKey('local_authorities', { name: 'fk_organisations_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  kind: OrganisationKind;

  /** School unique reference number (6 digits), for schools and settings; unique within the LA. */
  @Column({ type: 'varchar', length: 6, nullable: true })
  urn: string | null;

  /** UK provider reference number (8 digits), for post-16 institutions. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  ukprn: string | null;

  /** A shared inbox so that access does not depend on one member of staff; this LA's requests are emailed there. */
  @Column({ type: 'varchar', length: 320, nullable: true })
  sharedInboxEmail: string | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
