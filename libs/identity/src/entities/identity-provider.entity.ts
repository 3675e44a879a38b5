import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';
export const TOKEN_ENDPOINT_AUTH_METHODS: readonly TokenEndpointAuthMethod[] = ['client_secret_basic', 'client_secret_post', 'private_key_jwt'];

/** A claim value mapped to a role of the product (LA-scoped); `discipline` for a professional. */
export interface RoleMappingEntry {
  value: string;
  role: string;
  discipline?: string | null;
}

/**
 * An OpenID Connect provider registered by an LA administrator (Microsoft Entra ID, NHS CIS2, NHSmail...): for the whole
 * LA, or for one of its organisation records (an NHS body's staff). The client secret is never stored: only where to
 * read it (`env:NAME` or `file:PATH`).
 */
@Entity({ name: 'identity_providers' })
@Index('ix_identity_providers_local_authority', ['localAuthorityId'])
export class IdentityProvider {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('local_authorities', { name: 'fk_identity_providers_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  /** Set for an organisation's provider: only that organisation's members sign in through it. */
  @ForeignKey('organisations', { name: 'fk_identity_providers_organisation_id' })
  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 500 })
  issuer: string;

  @Column({ type: 'varchar', length: 300 })
  clientId: string;

  /** `env:NAME` or `file:PATH`: where the API reads the client secret when it needs it. */
  @Column({ type: 'varchar', length: 500 })
  clientSecretRef: string;

  /**
   * How the API authenticates at the token endpoint: `client_secret_basic` or `client_secret_post` (the secret the ref
   * names), or `private_key_jwt` (the ref names a file holding the private key as a JWK, JSON).
   */
  @Column({ type: 'varchar', length: 32, default: 'client_secret_basic' })
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;

  @Column({ type: 'varchar', length: 300, default: 'openid email profile' })
  scopes: string;

  /** The claim holding groups or roles (e.g. `groups`, `roles`); null: no mapping, roles are set by the LA. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  roleClaim: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  roleMapping: RoleMappingEntry[];

  /**
   * Take the provider's `email` as verified without an `email_verified: true` claim (Microsoft Entra ID and NHS CIS2
   * send none): only for a single-tenant provider whose directory the organisation runs (docs/security.md). Off by default.
   */
  @Column({ type: 'boolean', default: false })
  trustEmail: boolean;

  /** Create an account on first sign-in (only with a verified email and a mapped role); off by default. */
  @Column({ type: 'boolean', default: false })
  autoCreateUsers: boolean;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
