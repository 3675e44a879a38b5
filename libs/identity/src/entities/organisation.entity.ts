import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

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
 * A body that gives advice or provision: an NHS trust or ICB, a social care team, an EP service, a school (by URN).
 * An organisation may serve several local authorities (organisation_local_authorities).
 */
@Entity({ name: 'organisations' })
@Index('ux_organisations_urn', ['urn'], { unique: true, where: 'urn IS NOT NULL' })
export class Organisation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  kind: OrganisationKind;

  /** School unique reference number (6 digits), for schools and settings. */
  @Column({ type: 'varchar', length: 6, nullable: true })
  urn: string | null;

  /** UK provider reference number (8 digits), for post-16 institutions. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  ukprn: string | null;

  /** A shared inbox so that access does not depend on one member of staff. */
  @Column({ type: 'varchar', length: 320, nullable: true })
  sharedInboxEmail: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
