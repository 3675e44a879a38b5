import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, NotFoundError } from '@app/core';
import { AuditService, diffFields } from '@app/audit';
import { DataSource, EntityManager } from 'typeorm';
import { CreateOrganisationDto } from './dto/organisation.dto';
import { OrganisationLocalAuthority } from './entities/organisation-local-authority.entity';
import { Organisation } from './entities/organisation.entity';
import { UrnTakenError } from './identity.errors';

/** Organisations that serve the caller's local authority. A school known by URN is shared, not duplicated. */
@Injectable()
export class OrganisationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Creates the organisation, or links an existing one with the same URN to the caller's LA. */
  async create(actor: Actor, dto: CreateOrganisationDto): Promise<Organisation> {
    return this.dataSource.transaction(async (manager) => {
      let organisation = dto.urn ? await manager.findOneBy(Organisation, { urn: dto.urn }) : null;
      if (organisation) {
        const linked = await manager.findOneBy(OrganisationLocalAuthority, { organisationId: organisation.id, localAuthorityId: actor.localAuthorityId });
        if (linked) throw new UrnTakenError(organisation.id);
      } else {
        organisation = await manager.save(manager.create(Organisation, { name: dto.name.trim(), kind: dto.kind, urn: dto.urn ?? null, ukprn: dto.ukprn ?? null, sharedInboxEmail: dto.sharedInboxEmail?.toLowerCase() ?? null }));
        await this.audit.record(manager, actor, { action: 'organisation.created', entityType: 'organisation', entityId: organisation.id, changes: diffFields(null, { ...organisation }, ['name', 'kind', 'urn', 'ukprn', 'sharedInboxEmail']) });
      }
      await manager.insert(OrganisationLocalAuthority, { organisationId: organisation.id, localAuthorityId: actor.localAuthorityId });
      await this.audit.record(manager, actor, { action: 'organisation.linked', entityType: 'organisation', entityId: organisation.id });
      return organisation;
    });
  }

  async servesLocalAuthority(manager: EntityManager, organisationId: string, localAuthorityId: string): Promise<boolean> {
    return (await manager.countBy(OrganisationLocalAuthority, { organisationId, localAuthorityId })) > 0;
  }

  list(actor: Actor): Promise<Organisation[]> {
    return this.dataSource
      .getRepository(Organisation)
      .createQueryBuilder('o')
      .innerJoin(OrganisationLocalAuthority, 'ola', 'ola.organisation_id = o.id AND ola.local_authority_id = :la', { la: actor.localAuthorityId })
      .orderBy('o.name', 'ASC')
      .getMany();
  }

  async get(actor: Actor, id: string): Promise<Organisation> {
    const organisation = await this.dataSource
      .getRepository(Organisation)
      .createQueryBuilder('o')
      .innerJoin(OrganisationLocalAuthority, 'ola', 'ola.organisation_id = o.id AND ola.local_authority_id = :la', { la: actor.localAuthorityId })
      .where('o.id = :id', { id })
      .getOne();
    if (!organisation) throw new NotFoundError('organisation', id);
    return organisation;
  }
}
