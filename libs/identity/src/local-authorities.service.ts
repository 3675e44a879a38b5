import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor } from '@app/core';
import { AuditService } from '@app/audit';
import { DataSource } from 'typeorm';
import { LocalAuthority, LocalAuthorityNoticeContacts, MfaRequirement } from './entities/local-authority.entity';
import { TxHost } from '@app/database';

/** The local authorities as other contexts need them: every id (for per-LA schedules) and a name (for documents). */
@Injectable()
export class LocalAuthoritiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly txHost: TxHost,
    private readonly audit: AuditService,
  ) {}

  async allIds(): Promise<string[]> {
    return (await this.dataSource.getRepository(LocalAuthority).find({ select: { id: true }, order: { id: 'ASC' } })).map((la) => la.id);
  }

  async nameOf(id: string): Promise<string> {
    return (await this.dataSource.getRepository(LocalAuthority).findOneOrFail({ select: { id: true, name: true }, where: { id } })).name;
  }

  async mfaRequirementOf(id: string): Promise<MfaRequirement> {
    return (await this.dataSource.getRepository(LocalAuthority).findOneOrFail({ select: { id: true, mfaRequiredFor: true }, where: { id } })).mfaRequiredFor;
  }

  /** The caller's LA's second-factor policy; audited. Takes effect at each user's next password sign-in. */
  async setMfaRequirement(actor: Actor, requirement: MfaRequirement): Promise<MfaRequirement> {
    await this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const la = await manager.getRepository(LocalAuthority).findOneOrFail({ where: { id: actor.localAuthorityId }, lock: { mode: 'pessimistic_write' } });
      await manager.update(LocalAuthority, { id: la.id }, { mfaRequiredFor: requirement });
      await this.audit.record(actor, { action: 'local_authority.sign_in_policy_changed', entityType: 'local_authority', entityId: la.id, changes: { mfaRequiredFor: { before: la.mfaRequiredFor, after: requirement } } });
    });
    return requirement;
  }

  /** The contacts the LA's decision notices print (Regs 32); empty until its administrator sets them. */
  async noticeContactsOf(id: string): Promise<LocalAuthorityNoticeContacts> {
    const la = await this.dataSource.getRepository(LocalAuthority).findOne({ select: { id: true, noticeContacts: true }, where: { id } });
    return la?.noticeContacts ?? {};
  }

  /**
   * Sets the caller's LA's notice contacts (all four at once: an absent one is cleared), audited with what changed.
   * Notices shown after this print the new contacts; a letter already rendered keeps the ones it was made with.
   */
  async setNoticeContacts(actor: Actor, contacts: LocalAuthorityNoticeContacts): Promise<LocalAuthorityNoticeContacts> {
    const next: LocalAuthorityNoticeContacts = {
      mediationAdviser: contacts.mediationAdviser ?? null,
      localAuthority: contacts.localAuthority ?? null,
      informationAdviceSupport: contacts.informationAdviceSupport ?? null,
      disagreementResolution: contacts.disagreementResolution ?? null,
    };
    await this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const la = await manager.getRepository(LocalAuthority).findOneOrFail({ where: { id: actor.localAuthorityId }, lock: { mode: 'pessimistic_write' } });
      await manager.update(LocalAuthority, { id: la.id }, { noticeContacts: next as never });
      const before = la.noticeContacts ?? {};
      const changes: Record<string, { before: unknown; after: unknown }> = {};
      for (const key of Object.keys(next) as (keyof LocalAuthorityNoticeContacts)[]) {
        if (JSON.stringify(before[key] ?? null) !== JSON.stringify(next[key] ?? null)) changes[key] = { before: before[key] ?? null, after: next[key] ?? null };
      }
      await this.audit.record(actor, { action: 'local_authority.notice_contacts_set', entityType: 'local_authority', entityId: la.id, changes });
    });
    return next;
  }

  /** The LA's three-digit code (SEN2 `LEA`, and `TransferLA` when another LA names it). */
  async codeOf(id: string): Promise<string> {
    return (await this.dataSource.getRepository(LocalAuthority).findOneOrFail({ select: { id: true, code: true }, where: { id } })).code;
  }

  /** The code of an LA of this installation known by that exact name (a transfer names its destination), or null. */
  async codeByName(name: string): Promise<string | null> {
    return (await this.dataSource.getRepository(LocalAuthority).findOne({ select: { id: true, code: true }, where: { name } }))?.code ?? null;
  }
}
