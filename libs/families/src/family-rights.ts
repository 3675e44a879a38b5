import { endOfCompulsorySchoolAge, isAfter, IsoDate } from '@app/statutory-clock';
import { FamilyRelationship } from './entities/family-access.entity';

/**
 * Whether a grant opens the child's case today:
 * - `active`: it does;
 * - `awaiting_rights`: a young person's (or their representative's) grant before the rights pass to them;
 * - `needs_consent`: a parent's grant after the rights passed to the young person, without their recorded consent;
 * - `revoked`: the caseworker revoked it; `expired`: the child's cases have all ended.
 */
export type AccessStatus = 'active' | 'awaiting_rights' | 'needs_consent' | 'revoked' | 'expired';

export interface RightsFacts {
  relationship: FamilyRelationship;
  revoked: boolean;
  youngPersonConsentOn: IsoDate | null;
  dateOfBirth: IsoDate;
  youngPersonLacksCapacity: boolean;
  /** The child has an open assessment or a plan that has not ceased (or no case yet: an invitation ahead of a request). */
  caseLive: boolean;
}

/**
 * The decision rights under CFA Part 3: the parent's until the end of compulsory school age (Education Act 1996 s8,
 * libs/statutory-clock school-age.ts), then the young person's (CFA s83(2)); where the young person lacks capacity,
 * a representative's or the parent's (CFA s80, Mental Capacity Act 2005). A parent keeps access afterwards only with
 * the young person's consent, recorded by the caseworker. Every grant ends with the case.
 */
export function accessStatus(facts: RightsFacts, today: IsoDate): AccessStatus {
  if (facts.revoked) return 'revoked';
  if (!facts.caseLive) return 'expired';
  const rightsPassed = isAfter(today, endOfCompulsorySchoolAge(facts.dateOfBirth));
  switch (facts.relationship) {
    case FamilyRelationship.Parent:
      if (!rightsPassed || facts.youngPersonLacksCapacity) return 'active';
      return facts.youngPersonConsentOn && !isAfter(facts.youngPersonConsentOn, today) ? 'active' : 'needs_consent';
    case FamilyRelationship.YoungPerson:
      return rightsPassed && !facts.youngPersonLacksCapacity ? 'active' : 'awaiting_rights';
    case FamilyRelationship.Representative:
      return rightsPassed && facts.youngPersonLacksCapacity ? 'active' : 'awaiting_rights';
  }
}

/** Who holds the decision rights today, in the family's words. */
export function rightsHolder(dateOfBirth: IsoDate, lacksCapacity: boolean, today: IsoDate): 'parent' | 'young_person' | 'representative' {
  if (!isAfter(today, endOfCompulsorySchoolAge(dateOfBirth))) return 'parent';
  return lacksCapacity ? 'representative' : 'young_person';
}
