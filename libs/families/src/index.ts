export * from './families.module';
export * from './families-http.module';
export * from './family-access.service';
export * from './family-sign-in.service';
export * from './co-production.service';
export * from './family-rights';
export { FamilyAccess, FamilyRelationship } from './entities/family-access.entity';
export { FamilyMember } from './entities/family-member.entity';
export { FamilyContribution, ContributionKind } from './entities/family-contribution.entity';
