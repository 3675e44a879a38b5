import { CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** Which local authorities an organisation serves. */
@Entity({ name: 'organisation_local_authorities' })
@Index('ix_organisation_local_authorities_la', ['localAuthorityId'])
export class OrganisationLocalAuthority {
  @PrimaryColumn({ type: 'uuid' })
  organisationId: string;

  @PrimaryColumn({ type: 'uuid' })
  localAuthorityId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
