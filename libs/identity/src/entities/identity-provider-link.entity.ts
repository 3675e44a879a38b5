import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A provider's subject bound to one user: after the first sign-in, the subject (never the email) finds the user. */
@Entity({ name: 'identity_provider_links' })
@Index('ux_identity_provider_links_subject', ['identityProviderId', 'subject'], { unique: true })
@Index('ux_identity_provider_links_user', ['identityProviderId', 'userId'], { unique: true })
export class IdentityProviderLink {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('identity_providers', { name: 'fk_identity_provider_links_identity_provider_id', onDelete: 'CASCADE' })
  @Column({ type: 'uuid' })
  identityProviderId: string;

  @Column({ type: 'varchar', length: 255 })
  subject: string;

  @ForeignKey('users', { name: 'fk_identity_provider_links_user_id', onDelete: 'CASCADE' })
  @Column({ type: 'uuid' })
  userId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastSignInAt: Date | null;
}
