import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, Clock, decodeCursor, FieldError, NotFoundError, Page, Role, StaleVersionError, toPage, ValidationFailedError } from '@app/core';
import { AuditService, diffFields } from '@app/audit';
import { isUniqueViolation, TxHost } from '@app/database';
import { isAfter } from '@app/statutory-clock';
import { Brackets, DataSource } from 'typeorm';
import { DateOfBirthInFutureError, DuplicateChildError } from './children.errors';
import { ChildQueryDto, CreateChildDto, CreateFamilyContactDto, UpdateChildDto, UpdateFamilyContactDto } from './dto/child.dto';
import { Child } from './entities/child.entity';
import { FamilyContact } from './entities/family-contact.entity';
import { isValidNhsNumber, isValidUln, isValidUpn, normaliseNhsNumber, normalisePostcode, normaliseUpn } from './identifiers';

const AUDITED_CHILD_FIELDS = ['givenName', 'familyName', 'dateOfBirth', 'sex', 'upn', 'uln', 'nhsNumber', 'postcode', 'ethnicity', 'settingUrn', 'settingName', 'youngPersonLacksCapacity'] as const;
const AUDITED_CONTACT_FIELDS = ['name', 'relationship', 'hasParentalResponsibility', 'email', 'phone', 'address', 'isMainContact'] as const;

type IdentifierFields = Pick<CreateChildDto, 'upn' | 'uln' | 'nhsNumber' | 'postcode'>;

@Injectable()
export class ChildrenService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly txHost: TxHost,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, dto: CreateChildDto): Promise<Child> {
    const identifiers = this.normaliseIdentifiers(dto);
    this.checkDateOfBirth(dto.dateOfBirth);
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      await this.checkDuplicates(actor, identifiers);
      const child = manager.create(Child, {
        localAuthorityId: actor.localAuthorityId,
        givenName: dto.givenName.trim(),
        familyName: dto.familyName.trim(),
        searchName: searchName(dto.givenName, dto.familyName),
        dateOfBirth: dto.dateOfBirth,
        sex: dto.sex,
        upn: identifiers.upn ?? null,
        uln: identifiers.uln ?? null,
        nhsNumber: identifiers.nhsNumber ?? null,
        postcode: identifiers.postcode ?? null,
        ethnicity: dto.ethnicity ?? null,
        settingUrn: dto.settingUrn ?? null,
        settingName: dto.settingName ?? null,
        youngPersonLacksCapacity: dto.youngPersonLacksCapacity ?? false,
      });
      await this.saveChild(actor, child);
      await this.audit.record(actor, { action: 'child.created', entityType: 'child', entityId: child.id, changes: diffFields(null, { ...child }, AUDITED_CHILD_FIELDS) });
      child.contacts = [];
      for (const contactDto of dto.contacts ?? []) child.contacts.push(await this.insertContact(actor, child, contactDto));
      return child;
    });
  }

  /**
   * One child with contacts; the read is audited. Professionals never read the child's record: they see the little
   * they need (name, date of birth, setting) through the advice requests addressed to them.
   */
  async get(actor: Actor, id: string): Promise<Child> {
    const child = await this.findVisible(actor, id);
    child.contacts = await this.dataSource.getRepository(FamilyContact).find({ where: { childId: id }, order: { createdAt: 'ASC' } });
    await this.audit.recordRead(actor, { action: 'child.read', entityType: 'child', entityId: id });
    return child;
  }

  /** For other contexts: the child if it belongs to the caller's LA, else a 404. Not audited (the caller audits). */
  async requireInLa(actor: Actor, id: string): Promise<Child> {
    const manager = this.txHost.tx;
    const child = await manager.findOneBy(Child, { id, localAuthorityId: actor.localAuthorityId });
    if (!child) throw new NotFoundError('child', id);
    return child;
  }

  /** For other contexts (imports): a child of the caller's LA with this NHS number or UPN, if any. */
  /**
   * Full names of the LA's other children that appear in a text (a plan must not name another child): for the plans
   * context's quality check, so that it never reads this context's table.
   */
  async otherChildrenNamedIn(localAuthorityId: string, exceptChildId: string, text: string, limit = 10): Promise<string[]> {
    const manager = this.txHost.tx;
    const rows = await manager.query<{ name: string }[]>(
      `SELECT DISTINCT given_name || ' ' || family_name AS name FROM children
        WHERE local_authority_id = $1 AND id <> $2 AND strpos(lower($3), lower(given_name || ' ' || family_name)) > 0
        LIMIT $4`,
      [localAuthorityId, exceptChildId, text, limit],
    );
    return rows.map((r) => r.name);
  }

  async findByIdentifiers(actor: Actor, identifiers: { upn?: string; nhsNumber?: string }): Promise<Child | null> {
    const manager = this.txHost.tx;
    if (identifiers.nhsNumber) {
      const child = await manager.findOneBy(Child, { localAuthorityId: actor.localAuthorityId, nhsNumber: normaliseNhsNumber(identifiers.nhsNumber) });
      if (child) return child;
    }
    if (identifiers.upn) return manager.findOneBy(Child, { localAuthorityId: actor.localAuthorityId, upn: normaliseUpn(identifiers.upn) });
    return null;
  }

  /** For other contexts: children by id, unscoped; the caller has already established access. */
  findByIds(ids: string[]): Promise<Child[]> {
    const manager = this.txHost.tx;
    if (ids.length === 0) return Promise.resolve([]);
    return manager.getRepository(Child).createQueryBuilder('c').where('c.id IN (:...ids)', { ids }).getMany();
  }

  async update(actor: Actor, id: string, expectedVersion: number, dto: UpdateChildDto): Promise<Child> {
    const identifiers = this.normaliseIdentifiers(dto);
    if (dto.dateOfBirth) this.checkDateOfBirth(dto.dateOfBirth);
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const child = await this.lockInLa(actor, id);
      if (child.version !== expectedVersion) throw new StaleVersionError('child', expectedVersion, child.version);
      const before = { ...child };
      await this.checkDuplicates(actor, identifiers, id);
      const changes: Partial<Child> = {};
      for (const field of AUDITED_CHILD_FIELDS) {
        if (!(field in dto) || dto[field] === undefined) continue;
        const value = field in identifiers ? identifiers[field as keyof IdentifierFields] : dto[field];
        Object.assign(changes, { [field]: value ?? null });
      }
      Object.assign(child, changes);
      child.givenName = child.givenName.trim();
      child.familyName = child.familyName.trim();
      child.searchName = searchName(child.givenName, child.familyName);
      await this.saveChild(actor, child);
      await this.audit.record(actor, { action: 'child.updated', entityType: 'child', entityId: id, changes: diffFields(before, { ...child }, AUDITED_CHILD_FIELDS) });
      child.contacts = await manager.find(FamilyContact, { where: { childId: id }, order: { createdAt: 'ASC' } });
      return child;
    });
  }

  /**
   * For other contexts' lists (the caseload): SQL true when the child (`childIdColumn`) matches `q`, a name prefix
   * (given or family name, as `search`) or an exact UPN.
   */
  matchesSql(childIdColumn: string, q: string, prefix = 'cq'): { sql: string; parameters: Record<string, unknown> } {
    const like = q.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
    return {
      sql: `EXISTS (SELECT 1 FROM children ${prefix} WHERE ${prefix}.id = ${childIdColumn} AND (${prefix}.search_name LIKE :${prefix}Like OR lower(${prefix}.family_name) LIKE :${prefix}Like OR ${prefix}.upn = :${prefix}Upn))`,
      parameters: { [`${prefix}Like`]: like, [`${prefix}Upn`]: normaliseUpn(q.trim()) },
    };
  }

  /** Search within the caller's LA by name prefix, date of birth or exact identifier; newest first. */
  async search(actor: Actor, query: ChildQueryDto): Promise<Page<Child>> {
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']);
    const qb = this.dataSource
      .getRepository(Child)
      .createQueryBuilder('c')
      .where('c.local_authority_id = :la', { la: actor.localAuthorityId })
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(limit + 1);
    if (query.q) {
      const prefix = query.q.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
      qb.andWhere(
        new Brackets((w) =>
          w.where('c.search_name LIKE :prefix', { prefix }).orWhere('lower(c.family_name) LIKE :prefix', { prefix }),
        ),
      );
    }
    if (query.dateOfBirth) qb.andWhere('c.date_of_birth = :dob', { dob: query.dateOfBirth });
    if (query.identifier) {
      const raw = query.identifier.trim();
      qb.andWhere(
        new Brackets((w) =>
          w
            .where('c.upn = :upn', { upn: normaliseUpn(raw) })
            .orWhere('c.uln = :uln', { uln: raw })
            .orWhere('c.nhs_number = :nhs', { nhs: normaliseNhsNumber(raw) }),
        ),
      );
    }
    if (after) qb.andWhere('(c.created_at, c.id) < (:afterAt::timestamptz, :afterId::uuid)', { afterAt: after[0], afterId: after[1] });
    const page = toPage(await qb.getMany(), limit, (c) => [c.createdAt.toISOString(), c.id]);
    await this.audit.recordRead(actor, {
      action: 'child.searched',
      entityType: 'child',
      entityId: null,
      metadata: { q: query.q ?? null, dateOfBirth: query.dateOfBirth ?? null, identifier: query.identifier ?? null, results: page.items.map((c) => c.id) },
    });
    return page;
  }

  async addContact(actor: Actor, childId: string, dto: CreateFamilyContactDto): Promise<FamilyContact> {
    return this.txHost.withTransaction(async () => {
      const child = await this.lockInLa(actor, childId);
      return this.insertContact(actor, child, dto);
    });
  }

  async updateContact(actor: Actor, childId: string, contactId: string, dto: UpdateFamilyContactDto): Promise<FamilyContact> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      await this.lockInLa(actor, childId);
      const contact = await manager.findOneBy(FamilyContact, { id: contactId, childId });
      if (!contact) throw new NotFoundError('contact', contactId);
      const before = { ...contact };
      Object.assign(contact, Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined)));
      if (dto.email) contact.email = dto.email.toLowerCase();
      await manager.save(contact);
      await this.audit.record(actor, { action: 'child.contact_updated', entityType: 'child', entityId: childId, changes: diffFields(before, { ...contact }, AUDITED_CONTACT_FIELDS), metadata: { contactId } });
      return contact;
    });
  }

  async removeContact(actor: Actor, childId: string, contactId: string): Promise<void> {
    await this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      await this.lockInLa(actor, childId);
      const contact = await manager.findOneBy(FamilyContact, { id: contactId, childId });
      if (!contact) throw new NotFoundError('contact', contactId);
      await manager.delete(FamilyContact, { id: contactId });
      await this.audit.record(actor, { action: 'child.contact_removed', entityType: 'child', entityId: childId, changes: diffFields({ ...contact }, null, AUDITED_CONTACT_FIELDS), metadata: { contactId } });
    });
  }

  private async findVisible(actor: Actor, id: string): Promise<Child> {
    if (actor.role === Role.Professional) throw new NotFoundError('child', id);
    return this.requireInLa(actor, id);
  }

  private async insertContact(actor: Actor, child: Child, dto: CreateFamilyContactDto): Promise<FamilyContact> {
    const manager = this.txHost.tx;
    const contact = manager.create(FamilyContact, {
      childId: child.id,
      localAuthorityId: child.localAuthorityId,
      name: dto.name.trim(),
      relationship: dto.relationship,
      hasParentalResponsibility: dto.hasParentalResponsibility ?? true,
      email: dto.email?.toLowerCase() ?? null,
      phone: dto.phone ?? null,
      address: dto.address ?? null,
      isMainContact: dto.isMainContact ?? false,
    });
    await manager.save(contact);
    await this.audit.record(actor, { action: 'child.contact_added', entityType: 'child', entityId: child.id, changes: diffFields(null, { ...contact }, AUDITED_CONTACT_FIELDS), metadata: { contactId: contact.id } });
    return contact;
  }

  private async lockInLa(actor: Actor, id: string): Promise<Child> {
    const manager = this.txHost.tx;
    const child = await manager
      .getRepository(Child)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.id = :id AND c.local_authority_id = :la', { id, la: actor.localAuthorityId })
      .getOne();
    if (!child) throw new NotFoundError('child', id);
    return child;
  }

  private async saveChild(actor: Actor, child: Child): Promise<void> {
    const manager = this.txHost.tx;
    try {
      await manager.save(child);
    } catch (error) {
      // Two concurrent creations can both pass checkDuplicates; the unique indexes settle it.
      if (isUniqueViolation(error, 'ux_children_la_nhs_number') || isUniqueViolation(error, 'ux_children_la_upn')) {
        const identifier = isUniqueViolation(error, 'ux_children_la_nhs_number') ? 'nhsNumber' : 'upn';
        const existing = await this.dataSource.getRepository(Child).findOneBy({ localAuthorityId: actor.localAuthorityId, [identifier]: child[identifier] });
        throw new DuplicateChildError(identifier, existing?.id ?? 'unknown');
      }
      throw error;
    }
  }

  private checkDateOfBirth(dateOfBirth: string): void {
    if (isAfter(dateOfBirth, this.clock.today())) throw new DateOfBirthInFutureError();
  }

  private async checkDuplicates(actor: Actor, identifiers: IdentifierFields, exceptId?: string): Promise<void> {
    const manager = this.txHost.tx;
    for (const field of ['nhsNumber', 'upn'] as const) {
      const value = identifiers[field];
      if (!value) continue;
      const existing = await manager.findOneBy(Child, { localAuthorityId: actor.localAuthorityId, [field]: value });
      if (existing && existing.id !== exceptId) throw new DuplicateChildError(field, existing.id);
    }
  }

  /** Normalises identifiers and reports every malformed one at once. `null` clears a field on update. */
  private normaliseIdentifiers(dto: IdentifierFields): IdentifierFields {
    const errors: FieldError[] = [];
    const out: IdentifierFields = {};
    if (dto.upn !== undefined) {
      out.upn = dto.upn === null ? undefined : normaliseUpn(dto.upn);
      if (out.upn !== undefined && !isValidUpn(out.upn)) errors.push({ field: 'upn', message: 'upn must be 13 characters with a valid DfE check letter' });
    }
    if (dto.uln !== undefined && dto.uln !== null) {
      out.uln = dto.uln.trim();
      if (!isValidUln(out.uln)) errors.push({ field: 'uln', message: 'uln must be 10 digits' });
    }
    if (dto.nhsNumber !== undefined && dto.nhsNumber !== null) {
      out.nhsNumber = normaliseNhsNumber(dto.nhsNumber);
      if (!isValidNhsNumber(out.nhsNumber)) errors.push({ field: 'nhsNumber', message: 'nhsNumber must be 10 digits with a valid modulus 11 check digit' });
    }
    if (dto.postcode !== undefined && dto.postcode !== null) {
      const postcode = normalisePostcode(dto.postcode);
      if (postcode === null) errors.push({ field: 'postcode', message: 'postcode must be a UK postcode such as SW1A 1AA' });
      else out.postcode = postcode;
    }
    if (errors.length > 0) throw new ValidationFailedError(errors);
    return out;
  }
}

function searchName(givenName: string, familyName: string): string {
  return `${givenName.trim()} ${familyName.trim()}`.toLowerCase();
}
