import { FamilyRelationship } from './entities/family-access.entity';
import { accessStatus, RightsFacts, rightsHolder } from './family-rights';

// Born 1 March 2010: 16 on 1 March 2026, so compulsory school age ends on the last Friday of June 2026 (26 June).
const base: RightsFacts = { relationship: FamilyRelationship.Parent, revoked: false, youngPersonConsentOn: null, dateOfBirth: '2010-03-01', youngPersonLacksCapacity: false, caseLive: true };

describe('family rights', () => {
  it('gives the parent access until the end of compulsory school age, then only with the young person’s consent', () => {
    expect(accessStatus(base, '2026-06-26')).toBe('active');
    expect(accessStatus(base, '2026-06-27')).toBe('needs_consent');
    expect(accessStatus({ ...base, youngPersonConsentOn: '2026-07-01' }, '2026-06-30')).toBe('needs_consent');
    expect(accessStatus({ ...base, youngPersonConsentOn: '2026-07-01' }, '2026-07-01')).toBe('active');
  });

  it('opens the case to the young person when the rights pass to them', () => {
    const yp = { ...base, relationship: FamilyRelationship.YoungPerson };
    expect(accessStatus(yp, '2026-06-26')).toBe('awaiting_rights');
    expect(accessStatus(yp, '2026-06-27')).toBe('active');
    expect(rightsHolder(base.dateOfBirth, false, '2026-06-26')).toBe('parent');
    expect(rightsHolder(base.dateOfBirth, false, '2026-06-27')).toBe('young_person');
  });

  it('opens it to a representative, and keeps it open to the parent, where the young person lacks capacity', () => {
    const lacks = { ...base, youngPersonLacksCapacity: true };
    expect(accessStatus({ ...lacks, relationship: FamilyRelationship.Representative }, '2026-06-27')).toBe('active');
    expect(accessStatus({ ...lacks, relationship: FamilyRelationship.Representative }, '2026-06-26')).toBe('awaiting_rights');
    expect(accessStatus({ ...lacks, relationship: FamilyRelationship.YoungPerson }, '2026-06-27')).toBe('awaiting_rights');
    expect(accessStatus(lacks, '2026-06-27')).toBe('active');
    expect(rightsHolder(base.dateOfBirth, true, '2026-06-27')).toBe('representative');
  });

  it('ends every grant with the case or a revocation', () => {
    expect(accessStatus({ ...base, caseLive: false }, '2026-01-01')).toBe('expired');
    expect(accessStatus({ ...base, revoked: true }, '2026-01-01')).toBe('revoked');
  });
});
