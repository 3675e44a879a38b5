import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum FamilyRelationship {
  Parent = 'parent',
  YoungPerson = 'young_person',
  /** Acts for a young person who lacks capacity (CFA s80; Mental Capacity Act 2005), as the caseworker recorded. */
  Representative = 'representative',
}

/**
 * A caseworker's grant of one child's case to one family member. Whether it opens the case today is computed from the
 * child's age, capacity and cases (family-rights.ts); revoking it is final (a new invitation makes a new grant).
 */
@Entity({ name: 'family_access' })
@Index('ux_family_access_live', ['childId', 'memberId'], { unique: true, where: 'revoked_at IS NULL' })
@Index('ix_family_access_member', ['memberId'])
export class FamilyAccess {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_family_access' })
  id: string;

  @ForeignKey('local_authorities', { name: 'fk_family_access_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @ForeignKey('children', { name: 'fk_family_access_child_id' })
  @Column({ type: 'uuid' })
  childId: string;

  @ForeignKey('family_members', { name: 'fk_family_access_member_id' })
  @Column({ type: 'uuid' })
  memberId: string;

  @Column({ type: 'varchar', length: 20 })
  relationship: FamilyRelationship;

  /** A parent's access after the rights passed to the young person: the day the young person consented, as recorded. */
  @Column({ type: 'date', nullable: true })
  youngPersonConsentOn: string | null;

  @Column({ type: 'uuid' })
  invitedById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  revokedById: string | null;
}
