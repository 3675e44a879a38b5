import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Actor, APP_CONFIG, AppConfig, Discipline, LA_ROLES, Role, SYSTEM_USER_ID } from '@app/core';
import { AuditService } from '@app/audit';
import { BaseClient, custom, errors, Issuer, TokenSet } from 'openid-client';
import * as argon2 from 'argon2';
import { ClientContext, SessionsService, TokenPair } from '../auth/sessions.service';
import { IdentityProvider } from '../entities/identity-provider.entity';
import { IdentityProviderLink } from '../entities/identity-provider-link.entity';
import { OidcAuthorization } from '../entities/oidc-authorization.entity';
import { OrganisationMember } from '../entities/organisation-member.entity';
import { User } from '../entities/user.entity';
import { readSecretRef, IdentityProvidersService } from './identity-providers.service';
import { IdentityProviderMisconfiguredError, IdentityProviderUnavailableError, OidcNoAccountError, OidcSignInRefusedError, OidcStateError } from './oidc.errors';
import { TxHost } from '@app/database';

/** How long a started sign-in may take at the provider (state, nonce and verifier are single use within it). */
const AUTHORIZATION_TTL_MS = 10 * 60_000;
/** How long a provider's discovery document and keys are kept before being fetched again. */
const DISCOVERY_TTL_MS = 10 * 60_000;

export interface AuthorizeUrlInput {
  redirectUri: string;
  state: string;
  nonce: string;
  codeChallenge: string;
}

export interface CallbackInput {
  code: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  /** The `iss` parameter of the redirect (RFC 9207), when the provider sends one. */
  iss?: string;
}

function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

function sameHash(a: string, b: string): boolean {
  return timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
}

/** A refusal reason for an ID token or token-endpoint failure, in words that reveal nothing of the tokens. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (error instanceof errors.OPError) return `the provider refused the code (${error.error})`;
  if (/aud|azp/i.test(message)) return 'the ID token was issued to another client (audience)';
  if (/expired|exp\b|iat|nbf/i.test(message)) return 'the ID token has expired or is not yet valid';
  if (/nonce/i.test(message)) return 'the ID token does not carry this sign-in\'s nonce';
  if (/iss/i.test(message)) return 'the ID token comes from another issuer';
  if (/signature|jwks|kid|key|alg/i.test(message)) return 'the ID token\'s signature does not verify with the provider\'s keys';
  if (/state/i.test(message)) return 'the state does not match';
  return 'the ID token is not valid';
}

/**
 * Staff sign-in through an LA's (or an organisation's) OpenID Connect provider with `openid-client` (v5, CommonJS:
 * docs/security.md says why). The web runs the browser redirect and keeps state, nonce and the PKCE verifier in its
 * session; the API builds the authorisation URL (recording state, nonce and challenge, hashed) and, on the callback,
 * exchanges the code and checks the ID token (issuer, audience, signature from the provider's JWKS, expiry, nonce)
 * before issuing its own tokens. Nothing of the provider's tokens is logged or kept.
 */
@Injectable()
export class OidcSignInService {
  private readonly logger = new Logger(OidcSignInService.name);
  private readonly issuers = new Map<string, { issuer: Issuer<BaseClient>; fetchedAt: number }>();

  constructor(
    private readonly txHost: TxHost,
    private readonly providers: IdentityProvidersService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The provider's authorisation URL for the web to redirect to (code flow, PKCE S256, state and nonce). */
  async authorizeUrl(providerId: string, input: AuthorizeUrlInput): Promise<{ url: string; expiresAt: string }> {
    const provider = await this.providers.forSignIn(providerId);
    const client = await this.clientFor(provider, input.redirectUri);
    const url = client.authorizationUrl({
      scope: provider.scopes,
      redirect_uri: input.redirectUri,
      state: input.state,
      nonce: input.nonce,
      code_challenge: input.codeChallenge,
      code_challenge_method: 'S256',
      response_type: 'code',
    });
    const expiresAt = new Date(Date.now() + AUTHORIZATION_TTL_MS);
    await this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      await manager.query(`DELETE FROM oidc_authorizations WHERE expires_at < now() - interval '1 day'`);
      await manager.insert(OidcAuthorization, { identityProviderId: provider.id, stateHash: sha256(input.state), nonceHash: sha256(input.nonce), codeChallenge: input.codeChallenge, redirectUri: input.redirectUri, expiresAt });
    });
    return { url, expiresAt: expiresAt.toISOString() };
  }

  /** Completes a sign-in: the code exchanged, the ID token checked, the subject bound to a user, the API's own tokens. */
  async callback(providerId: string, input: CallbackInput, clientContext: ClientContext): Promise<TokenPair> {
    const provider = await this.providers.forSignIn(providerId);
    await this.consumeAuthorization(provider, input);
    const client = await this.clientFor(provider, input.redirectUri);
    let tokenSet: TokenSet;
    try {
      tokenSet = await client.callback(input.redirectUri, { code: input.code, state: input.state, ...(input.iss ? { iss: input.iss } : {}) }, { state: input.state, nonce: input.nonce, code_verifier: input.codeVerifier, response_type: 'code' });
      if (!tokenSet.id_token) throw new errors.RPError('id_token not present in TokenSet');
    } catch (error) {
      if (error instanceof errors.OPError || error instanceof errors.RPError) {
        const reason = reasonOf(error);
        await this.audit.recordRead(this.providerActor(provider, clientContext), { action: 'oidc.sign_in_refused', entityType: 'identity_provider', entityId: provider.id, metadata: { reason } });
        throw new OidcSignInRefusedError(reason);
      }
      this.logger.warn(`Identity provider ${provider.id} unreachable at the token endpoint: ${(error as Error).name}`);
      throw new IdentityProviderUnavailableError(provider.name);
    }
    const claims = await this.claimsOf(client, tokenSet, provider);
    return this.txHost.withTransaction(async () => {
      const user = await this.resolveUser(provider, claims, clientContext);
      if (!user) {
        await this.audit.record(this.providerActor(provider, clientContext), { action: 'oidc.sign_in_refused', entityType: 'identity_provider', entityId: provider.id, metadata: { reason: 'no_account', emailVerified: claims.email_verified === true } });
        return null;
      }
      return this.sessions.start(user, 'oidc', clientContext, provider.id);
    }).then((tokens) => {
      if (!tokens) throw new OidcNoAccountError();
      return tokens;
    });
  }

  /**
   * The ID token's claims, with the UserInfo endpoint's added when the ID token lacks the email or the role claim
   * (NHS CIS2 puts most claims there). UserInfo is checked against the ID token's subject; if it fails, the ID
   * token's claims stand alone.
   */
  private async claimsOf(client: BaseClient, tokenSet: TokenSet, provider: IdentityProvider): Promise<Record<string, unknown>> {
    const claims: Record<string, unknown> = { ...tokenSet.claims() };
    const missing = typeof claims.email !== 'string' || (provider.roleClaim !== null && claims[provider.roleClaim] === undefined);
    if (!missing || !tokenSet.access_token || !client.issuer.metadata.userinfo_endpoint) return claims;
    try {
      const info = (await client.userinfo(tokenSet)) as Record<string, unknown>;
      return { ...info, ...claims, ...(typeof claims.email !== 'string' ? { email: info.email, email_verified: info.email_verified } : {}), ...(provider.roleClaim && claims[provider.roleClaim] === undefined ? { [provider.roleClaim]: info[provider.roleClaim] } : {}) };
    } catch {
      this.logger.warn(`Identity provider ${provider.id}: UserInfo unavailable; using the ID token's claims`);
      return claims;
    }
  }

  /** The authorisation the web started, found by its state and spent (once), with the same nonce, challenge and redirect. */
  private async consumeAuthorization(provider: IdentityProvider, input: CallbackInput): Promise<void> {
    const ok = await this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const found = await manager.getRepository(OidcAuthorization).findOne({ where: { stateHash: sha256(input.state) }, lock: { mode: 'pessimistic_write' } });
      if (!found || found.identityProviderId !== provider.id || found.consumedAt || found.expiresAt.getTime() < Date.now()) return false;
      await manager.update(OidcAuthorization, { id: found.id }, { consumedAt: new Date() });
      const challenge = createHash('sha256').update(input.codeVerifier, 'utf8').digest('base64url');
      return sameHash(found.nonceHash, sha256(input.nonce)) && challenge === found.codeChallenge && found.redirectUri === input.redirectUri;
    });
    if (!ok) throw new OidcStateError();
  }

  /**
   * The user bound to the provider's subject; on first sign-in, the user of the provider's LA (or organisation) with
   * the same email, only when the provider says the email is verified; an account is created only when the provider
   * allows it and its role mapping gives a role. A user outside the provider's LA or organisation is never reached.
   */
  private async resolveUser(provider: IdentityProvider, claims: Record<string, unknown>, client: ClientContext): Promise<User | null> {
    const manager = this.txHost.tx;
    const subject = String(claims.sub);
    const link = await manager.getRepository(IdentityProviderLink).findOne({ where: { identityProviderId: provider.id, subject } });
    let user: User | null = null;
    if (link) {
      user = await manager.getRepository(User).findOne({ where: { id: link.userId, active: true } });
      if (user && !(await this.inScope(provider, user))) user = null;
      if (user) await manager.update(IdentityProviderLink, { id: link.id }, { lastSignInAt: new Date() });
    } else {
      const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : null;
      if (!email || (claims.email_verified !== true && !provider.trustEmail)) return null;
      user = await manager.getRepository(User).findOne({ where: { email, active: true } });
      if (user && !(await this.inScope(provider, user))) return null;
      const mapped = this.mappedRole(provider, claims);
      if (!user && provider.autoCreateUsers && mapped) user = await this.createUser(provider, email, claims, mapped, client);
      if (!user) return null;
      await manager.insert(IdentityProviderLink, { identityProviderId: provider.id, subject, userId: user.id, lastSignInAt: new Date() });
      await this.audit.record(this.providerActor(provider, client), { action: 'user.identity_linked', entityType: 'user', entityId: user.id, metadata: { identityProviderId: provider.id, matchedBy: 'verified_email' } });
    }
    if (!user) return null;
    const mapped = this.mappedRole(provider, claims);
    if (mapped && (mapped.role !== user.role || mapped.discipline !== user.discipline)) {
      const before = { role: user.role, discipline: user.discipline };
      await manager.update(User, { id: user.id }, { role: mapped.role, discipline: mapped.discipline, tokenVersion: user.tokenVersion + 1 });
      Object.assign(user, { role: mapped.role, discipline: mapped.discipline, tokenVersion: user.tokenVersion + 1 });
      await this.audit.record(this.providerActor(provider, client), { action: 'user.role_mapped', entityType: 'user', entityId: user.id, changes: { role: { before: before.role, after: mapped.role }, discipline: { before: before.discipline, after: mapped.discipline } }, metadata: { identityProviderId: provider.id } });
    }
    return user;
  }

  /** An LA provider reaches that LA's users; an organisation's provider, the members that organisation's LA admitted. */
  private async inScope(provider: IdentityProvider, user: User): Promise<boolean> {
    const manager = this.txHost.tx;
    if (provider.organisationId) return manager.getRepository(OrganisationMember).exists({ where: { organisationId: provider.organisationId, userId: user.id } });
    return user.localAuthorityId === provider.localAuthorityId;
  }

  /** The first mapping entry whose value the role claim holds (a string or a list of strings). */
  private mappedRole(provider: IdentityProvider, claims: Record<string, unknown>): { role: Role; discipline: Discipline | null } | null {
    if (!provider.roleClaim || provider.roleMapping.length === 0) return null;
    const raw = claims[provider.roleClaim];
    const values = new Set((Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string'));
    const entry = provider.roleMapping.find((m) => values.has(m.value));
    if (!entry || !LA_ROLES.includes(entry.role as Role)) return null;
    const role = entry.role as Role;
    const discipline = role === Role.Professional ? ((entry.discipline as Discipline | undefined) ?? null) : null;
    if (role === Role.Professional && !discipline) return null;
    return { role, discipline };
  }

  private async createUser(provider: IdentityProvider, email: string, claims: Record<string, unknown>, mapped: { role: Role; discipline: Discipline | null }, client: ClientContext): Promise<User> {
    const manager = this.txHost.tx;
    // No password anyone knows: the account signs in through its provider (an administrator may set one later).
    const passwordHash = await argon2.hash(randomBytes(32).toString('base64url'), { type: argon2.argon2id });
    const displayName = (typeof claims.name === 'string' && claims.name.trim() !== '' ? claims.name.trim() : email).slice(0, 200);
    const user = manager.create(User, { localAuthorityId: provider.localAuthorityId, email, displayName, passwordHash, role: mapped.role, discipline: mapped.discipline });
    await manager.save(user);
    if (provider.organisationId) await manager.insert(OrganisationMember, { organisationId: provider.organisationId, userId: user.id, localAuthorityId: provider.localAuthorityId, admittedById: null });
    await this.audit.record(this.providerActor(provider, client), { action: 'user.created', entityType: 'user', entityId: user.id, metadata: { by: 'identity_provider', identityProviderId: provider.id, role: mapped.role } });
    return user;
  }

  /** The audit actor of a step taken on a provider's word, before anyone is signed in. */
  private providerActor(provider: IdentityProvider, client: ClientContext): Actor {
    return { userId: SYSTEM_USER_ID, localAuthorityId: provider.localAuthorityId, role: Role.LaAdmin, discipline: null, memberships: [], requestId: client.requestId };
  }

  /** The provider's client, from its discovery document (cached for DISCOVERY_TTL_MS); 502 when it does not answer. */
  private async clientFor(provider: IdentityProvider, redirectUri: string): Promise<BaseClient> {
    const secret = readSecretRef(provider.clientSecretRef);
    if (secret === null) throw new IdentityProviderMisconfiguredError(provider.name);
    const key = `${provider.id}|${provider.issuer}`;
    let cached = this.issuers.get(key);
    if (!cached || Date.now() - cached.fetchedAt > DISCOVERY_TTL_MS) {
      custom.setHttpOptionsDefaults({ timeout: this.config.oidcHttpTimeoutMs });
      try {
        const issuer = await Issuer.discover(provider.issuer);
        if (issuer.metadata.issuer !== provider.issuer) throw new Error('issuer mismatch');
        cached = { issuer, fetchedAt: Date.now() };
        this.issuers.set(key, cached);
      } catch (error) {
        this.logger.warn(`Identity provider ${provider.id} discovery failed: ${(error as Error).name}`);
        throw new IdentityProviderUnavailableError(provider.name);
      }
    }
    // RS256 unless the provider signs ID tokens with something else only (NHS CIS2 offers RS512); never `none` or HMAC.
    const offered = (cached.issuer.metadata.id_token_signing_alg_values_supported as string[] | undefined) ?? ['RS256'];
    const alg = offered.includes('RS256') ? 'RS256' : (offered.find((a) => /^(RS|PS|ES)(256|384|512)$/.test(a)) ?? 'RS256');
    const metadata = { client_id: provider.clientId, redirect_uris: [redirectUri], response_types: ['code'], token_endpoint_auth_method: provider.tokenEndpointAuthMethod, id_token_signed_response_alg: alg };
    if (provider.tokenEndpointAuthMethod === 'private_key_jwt') {
      let jwk: Record<string, unknown>;
      try {
        jwk = JSON.parse(secret) as Record<string, unknown>;
      } catch {
        throw new IdentityProviderMisconfiguredError(provider.name);
      }
      return new cached.issuer.Client(metadata, { keys: [jwk as never] });
    }
    return new cached.issuer.Client({ ...metadata, client_secret: secret });
  }
}
