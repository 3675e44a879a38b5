import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One authorisation request the API built for the web: its state (hashed), nonce, PKCE challenge and redirect URI.
 * The callback must present the same state, nonce and verifier within OIDC_STATE_TTL, once: a replayed callback (the
 * same code, state or ID token) finds it consumed.
 */
@Entity({ name: 'oidc_authorizations' })
@Index('ux_oidc_authorizations_state_hash', ['stateHash'], { unique: true })
@Index('ix_oidc_authorizations_expires_at', ['expiresAt'])
export class OidcAuthorization {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('identity_providers', { name: 'fk_oidc_authorizations_identity_provider_id', onDelete: 'CASCADE' })
  @Column({ type: 'uuid' })
  identityProviderId: string;

  @Column({ type: 'varchar', length: 64 })
  stateHash: string;

  @Column({ type: 'varchar', length: 64 })
  nonceHash: string;

  @Column({ type: 'varchar', length: 128 })
  codeChallenge: string;

  @Column({ type: 'varchar', length: 1000 })
  redirectUri: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  consumedAt: Date | null;
}
