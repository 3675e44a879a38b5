import { CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** Which local authorities an organisation serves. */
@Entity({ name: 'organisation_local_authorities' })
@Index('ix_organisation_local_authorities_la', ['localAuthorityId'])
export class OrganisationLocalAuthority {
  @ForeignKey('organisations', { name: 'fk_organisation_local_authorities_organisation_id' })
  @PrimaryColumn({ type: 'uuid' })
  organisationId: string;

  @ForeignKey('local_authorities', { name: 'fk_organisation_local_authorities_local_authority_id' })
  @PrimaryColumn({ type: 'uuid' })
  localAuthorityId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
