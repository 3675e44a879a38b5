import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, APP_CONFIG, AppConfig, NotFoundError, RuleViolationError } from '@app/core';
import { AuditService } from '@app/audit';
import { DataSource } from 'typeorm';
import { IdentityProvider, RoleMappingEntry, TokenEndpointAuthMethod } from '../entities/identity-provider.entity';
import { Organisation } from '../entities/organisation.entity';
import { TxHost } from '@app/database';

export interface RegisterProviderInput {
  name: string;
  issuer: string;
  clientId: string;
  clientSecretRef: string;
  organisationId?: string;
  scopes?: string;
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  roleClaim?: string;
  roleMapping?: RoleMappingEntry[];
  autoCreateUsers?: boolean;
  trustEmail?: boolean;
}

/** `env:NAME` (an environment variable of the API) or `file:/absolute/path`. */
export const SECRET_REF = /^(env:[A-Za-z_][A-Za-z0-9_]{0,127}|file:\/[^\0]{1,490})$/;

/**
 * Reads the secret a reference names, at the moment it is needed; never stored, logged or answered. Null when it
 * cannot be read (unset variable, missing file).
 */
export function readSecretRef(ref: string): string | null {
  if (!SECRET_REF.test(ref)) return null;
  if (ref.startsWith('env:')) {
    const value = process.env[ref.slice(4)];
    return value && value.trim() !== '' ? value.trim() : null;
  }
  const path = ref.slice(5);
  if (!isAbsolute(path)) return null;
  try {
    const value = readFileSync(path, 'utf8').trim();
    return value === '' ? null : value;
  } catch {
    return null;
  }
}

/** The OpenID Connect providers each LA registers (its administrators); every query scoped by the caller's LA. */
@Injectable()
export class IdentityProvidersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly txHost: TxHost,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async register(actor: Actor, input: RegisterProviderInput): Promise<IdentityProvider> {
    const issuer = this.checkIssuer(input.issuer);
    if (!SECRET_REF.test(input.clientSecretRef)) {
      throw new RuleViolationError('client_secret_ref_invalid', 'clientSecretRef must be `env:NAME` (an environment variable of the API) or `file:/absolute/path`: the secret itself is never sent or stored.');
    }
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      if (input.organisationId) {
        const organisation = await manager.getRepository(Organisation).exists({ where: { id: input.organisationId, localAuthorityId: actor.localAuthorityId } });
        if (!organisation) throw new NotFoundError('organisation', input.organisationId);
      }
      const provider = manager.create(IdentityProvider, {
        localAuthorityId: actor.localAuthorityId,
        organisationId: input.organisationId ?? null,
        name: input.name.trim(),
        issuer,
        clientId: input.clientId,
        clientSecretRef: input.clientSecretRef,
        tokenEndpointAuthMethod: input.tokenEndpointAuthMethod ?? 'client_secret_basic',
        scopes: input.scopes?.trim() || 'openid email profile',
        roleClaim: input.roleClaim ?? null,
        roleMapping: input.roleMapping ?? [],
        autoCreateUsers: input.autoCreateUsers ?? false,
        trustEmail: input.trustEmail ?? false,
      });
      await manager.save(provider);
      await this.audit.record(actor, {
        action: 'identity_provider.registered',
        entityType: 'identity_provider',
        entityId: provider.id,
        metadata: { name: provider.name, issuer, clientId: provider.clientId, clientSecretRef: provider.clientSecretRef, organisationId: provider.organisationId, autoCreateUsers: provider.autoCreateUsers, trustEmail: provider.trustEmail },
      });
      return provider;
    });
  }

  list(actor: Actor): Promise<IdentityProvider[]> {
    return this.dataSource.getRepository(IdentityProvider).find({ where: { localAuthorityId: actor.localAuthorityId }, order: { name: 'ASC', id: 'ASC' } });
  }

  async get(actor: Actor, id: string): Promise<IdentityProvider> {
    const provider = await this.dataSource.getRepository(IdentityProvider).findOne({ where: { id, localAuthorityId: actor.localAuthorityId } });
    if (!provider) throw new NotFoundError('identity provider', id);
    return provider;
  }

  /** Every active provider with its LA's name, for the sign-in page (names only: nothing secret). */
  async signInOptions(): Promise<{ id: string; name: string; localAuthorityId: string; localAuthorityName: string; organisationId: string | null }[]> {
    return this.dataSource.query(
      `SELECT p.id, p.name, p.local_authority_id AS "localAuthorityId", la.name AS "localAuthorityName", p.organisation_id AS "organisationId"
         FROM identity_providers p JOIN local_authorities la ON la.id = p.local_authority_id
        WHERE p.active ORDER BY la.name, p.name, p.id`,
    );
  }

  /** An active provider by id for a sign-in (no actor yet); a 404 otherwise. */
  async forSignIn(id: string): Promise<IdentityProvider> {
    const provider = await this.dataSource.getRepository(IdentityProvider).findOne({ where: { id, active: true } });
    if (!provider) throw new NotFoundError('identity provider', id);
    return provider;
  }

  /** https only in production; a local provider (http) is allowed elsewhere for development and tests. */
  private checkIssuer(raw: string): string {
    let url: URL;
    try {
      url = new URL(raw.trim());
    } catch {
      throw new RuleViolationError('issuer_invalid', 'issuer must be the provider\'s issuer URL, e.g. https://login.microsoftonline.com/<tenant id>/v2.0.');
    }
    const allowed = this.config.nodeEnv === 'production' ? ['https:'] : ['https:', 'http:'];
    if (!allowed.includes(url.protocol) || url.search !== '' || url.hash !== '') {
      throw new RuleViolationError('issuer_invalid', 'issuer must be an https URL without query or fragment (the exact `issuer` of the provider\'s discovery document).');
    }
    return raw.trim();
  }
}
