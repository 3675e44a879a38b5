import { Column, CreateDateColumn, Entity, ForeignKey, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation, UpdateDateColumn } from 'typeorm';
import { Child } from './child.entity';

export enum ContactRelationship {
  Mother = 'mother',
  Father = 'father',
  Parent = 'parent',
  Carer = 'carer',
  CorporateParent = 'corporate_parent',
  Other = 'other',
}

/** A parent, carer or other contact of the child; parents hold decision rights until the end of compulsory school age. */
@Entity({ name: 'family_contacts' })
@Index('ix_family_contacts_child', ['childId'])
export class FamilyContact {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  childId: string;

  @ManyToOne(() => Child, (child) => child.contacts, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'child_id', foreignKeyConstraintName: 'fk_family_contacts_child' })
  // Relation<>: child.entity.ts imports this file back; the metadata of a plain `Child` would read the class before
  // it is defined under swc (jest.config.js).
  child?: Relation<Child>;

  @ForeignKey('local_authorities', { name: 'fk_family_contacts_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  relationship: ContactRelationship;

  /** Parental responsibility (Children Act 1989): a "parent" for the purposes of the CFA. */
  @Column({ type: 'boolean', default: true })
  hasParentalResponsibility: boolean;

  @Column({ type: 'varchar', length: 320, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  address: string | null;

  @Column({ type: 'boolean', default: false })
  isMainContact: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
