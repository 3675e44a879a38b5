import { Column, CreateDateColumn, Entity, ForeignKey, Index, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { FamilyContact } from './family-contact.entity';

export enum Sex {
  Female = 'F',
  Male = 'M',
  Unknown = 'U',
}

/** A child or young person (0-25) known to the local authority's SEN service. */
@Entity({ name: 'children' })
@Index('ux_children_la_nhs_number', ['localAuthorityId', 'nhsNumber'], { unique: true, where: 'nhs_number IS NOT NULL' })
@Index('ux_children_la_upn', ['localAuthorityId', 'upn'], { unique: true, where: 'upn IS NOT NULL' })
@Index('ix_children_la_uln', ['localAuthorityId', 'uln'])
@Index('ix_children_la_created', ['localAuthorityId', 'createdAt', 'id'])
@Index('ix_children_la_dob', ['localAuthorityId', 'dateOfBirth'])
// Prefix search uses varchar_pattern_ops, which TypeORM cannot express: the migration creates it by hand.
@Index('ix_children_la_search_name', { synchronize: false })
export class Child {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('local_authorities', { name: 'fk_children_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @Column({ type: 'varchar', length: 100 })
  givenName: string;

  @Column({ type: 'varchar', length: 100 })
  familyName: string;

  /** Lower-cased "given family" for case-insensitive prefix search. */
  @Column({ type: 'varchar', length: 201 })
  searchName: string;

  @Column({ type: 'date' })
  dateOfBirth: string;

  @Column({ type: 'varchar', length: 1, default: Sex.Unknown })
  sex: Sex;

  @Column({ type: 'varchar', length: 13, nullable: true })
  upn: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  uln: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  nhsNumber: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  postcode: string | null;

  /** DfE ethnicity code (e.g. WBRI), special category data. */
  @Column({ type: 'varchar', length: 4, nullable: true })
  ethnicity: string | null;

  /** Current setting: school URN, or a SEN2 setting code where there is none (EHE, EYP, NEET...). */
  @Column({ type: 'varchar', length: 8, nullable: true })
  settingUrn: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  settingName: string | null;

  /** A young person without capacity (Mental Capacity Act 2005) keeps their parent as decision-maker (CFA s80). */
  @Column({ type: 'boolean', default: false })
  youngPersonLacksCapacity: boolean;

  @OneToMany(() => FamilyContact, (contact) => contact.child)
  contacts?: FamilyContact[];

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
