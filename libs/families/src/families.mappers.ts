import { ANSWERED_KINDS, FamilyContribution } from './entities/family-contribution.entity';
import { ContributionCreatedDto, FamilyAccessDto, FamilyContributionDto } from './dto/families.dto';
import { GrantView } from './family-access.service';

export function toAccessDto(view: GrantView): FamilyAccessDto {
  const a = view.access;
  return {
    id: a.id,
    childId: a.childId,
    memberId: a.memberId,
    email: view.member.email,
    name: view.member.name,
    relationship: a.relationship,
    status: view.status,
    youngPersonConsentOn: a.youngPersonConsentOn,
    createdAt: a.createdAt.toISOString(),
    revokedAt: a.revokedAt ? a.revokedAt.toISOString() : null,
  };
}

export function toContributionDto(c: FamilyContribution): FamilyContributionDto {
  return {
    id: c.id,
    kind: c.kind,
    section: c.section,
    text: c.text,
    answered: c.answeredAt !== null,
    answer: c.answeredAt ? { reflected: c.reflected!, reason: c.answerReason!, answeredAt: c.answeredAt.toISOString(), answeredById: c.answeredById! } : null,
    needsAnswer: ANSWERED_KINDS.includes(c.kind),
    version: c.version,
    caseStep: c.caseStep,
    memberId: c.memberId,
    details: c.details,
    noticeIssuedOn: c.noticeIssuedOn,
    createdAt: c.createdAt.toISOString(),
  };
}

export function toCreatedDto(c: FamilyContribution): ContributionCreatedDto {
  return { id: c.id, kind: c.kind, section: c.section, version: c.version, caseStep: c.caseStep, createdAt: c.createdAt.toISOString() };
}
