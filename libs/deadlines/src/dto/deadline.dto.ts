import { ApiProperty } from '@nestjs/swagger';
import { AppealableDecision, ComputedDeadline, DeadlineKind, DeadlineStatus, decisionNotice, NoticeContacts } from '@app/statutory-clock';

/** A deadline as the API shows it (api-contract.md: kind, dueOn, regulation, status, completedOn, and more). */
export class DeadlineDto {
  @ApiProperty({ enum: DeadlineKind }) kind: DeadlineKind;
  @ApiProperty({ type: 'string', format: 'date', description: 'The statutory due date; exceptions never move it' }) dueOn: string;
  @ApiProperty({ example: 'SEND Regulations 2014, reg 13(2)' }) regulation: string;
  @ApiProperty({ enum: DeadlineStatus }) status: DeadlineStatus;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) completedOn: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) adviceRequestId: string | null;
  @ApiProperty({ type: 'string', format: 'date' }) startsOn: string;
  @ApiProperty({ description: 'False for guidance (not a legal duty)' }) statutory: boolean;
  @ApiProperty({ description: 'One sentence saying where the date comes from' }) explanation: string;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'Management target: the due date pushed back by applying exceptions (not statutory)' }) managementTargetOn: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', isArray: true }) exceptionIds: string[];
  @ApiProperty({ description: 'A warning date, not an overdue duty while the case is open (the no-plan notice, Regs 10(1))' }) warning: boolean;
}

/** The API's view of a deadline the clock computed (its status as of the day it was computed for). */
export function toDeadlineDto(d: ComputedDeadline): DeadlineDto {
  return {
    kind: d.kind,
    dueOn: d.dueOn,
    regulation: d.regulation,
    status: d.status,
    completedOn: d.completedOn,
    adviceRequestId: d.adviceRequestId,
    startsOn: d.startsOn,
    statutory: d.statutory,
    explanation: d.explanation,
    managementTargetOn: d.managementTargetOn,
    exceptionIds: d.exceptionIds,
    warning: d.warning,
  };
}

/** One headed part of a decision notice, as the text and the PDF letter print it. */
export class NoticePartDto {
  @ApiProperty({ enum: ['decision', 'appeal', 'mediation_adviser', 'wish_to_mediate', 'disagreement_resolution', 'information_advice_support', 'health_social_care'] }) key: string;
  @ApiProperty() heading: string;
  @ApiProperty({ type: [String] }) paragraphs: string[];
  @ApiProperty({ example: 'SEND Regulations 2014, regs 32(c), 32(d), 33 and 34; CFA 2014 s55' }) regulation: string;
}

/**
 * What a notice of an appealable decision tells the family (CFA s51; Regs 5(3), 10(3), 14, 22(4), 25, 31(3), 32): the
 * appeal deadline, the mediation adviser's and the LA's contacts, the 2-month contact rule, telling the LA of a wish to
 * mediate, disagreement resolution, SENDIASS and (except a refusal to assess) the Tribunal's health and social care
 * recommendations. `subjectType`, `subjectId`, `decision` and `notifiedOn` name its PDF letter (GET /decision-notices/letter).
 */
export class DecisionNoticeDto {
  @ApiProperty({ enum: ['refuse_to_assess', 'not_to_issue', 'plan_contents', 'refuse_to_reassess', 'not_to_amend', 'cease'] }) decision: string;
  @ApiProperty({ enum: ['assessment', 'plan', 'review', 'reassessment'], description: 'What the decision was made on (for the letter)' }) subjectType: string;
  @ApiProperty({ format: 'uuid', description: 'The id of what the decision was made on (for the letter)' }) subjectId: string;
  @ApiProperty({ type: 'string', format: 'date', description: 'The day the family was notified: the appeal deadline runs from it' }) notifiedOn: string;
  @ApiProperty({ type: 'string', format: 'date', description: 'The later of notice + 2 months and a mediation certificate + 1 month, on a working day (before any certificate)' }) appealDeadline: string;
  @ApiProperty() appealDeadlineExplanation: string;
  @ApiProperty({ type: 'string', format: 'date', description: 'The last day to contact the mediation adviser before appealing: 2 months after the notice (Regs 32(d), 33)' }) mediationAdviserContactBy: string;
  @ApiProperty({ description: 'Must the family consider mediation first (not for section I alone, CFA s55(2))' }) mediationAdviceRequired: boolean;
  @ApiProperty({ description: 'The notice states the Tribunal’s power to recommend health and social care provision (every decision but a refusal to assess)' }) tribunalRecommendations: boolean;
  @ApiProperty({ example: 'SEND Regulations 2014, reg 5(3)' }) regulation: string;
  @ApiProperty({ type: [NoticePartDto], description: 'The notice, part by part' }) parts: NoticePartDto[];
  @ApiProperty({ type: [String], enum: ['mediationAdviser', 'localAuthority', 'informationAdviceSupport', 'disagreementResolution'], description: 'Contacts the LA has not set (PUT /local-authority/notice-contacts): the notice says so, and its letter is refused until they are set' }) missingContacts: string[];
  @ApiProperty({ description: 'The notice to the family as text: every part, headed' }) text: string;
}

/** Which notice: the subject its decision was made on. */
export interface NoticeSubjectRef {
  subjectType: 'assessment' | 'plan' | 'review' | 'reassessment';
  subjectId: string;
}

/** The notice of an appealable decision, as the clock words it with the LA's contacts. */
export function toDecisionNoticeDto(decision: AppealableDecision, notifiedOn: string, subject: NoticeSubjectRef, contacts: NoticeContacts = {}): DecisionNoticeDto {
  const notice = decisionNotice(decision, notifiedOn, contacts);
  return {
    decision: notice.decision,
    subjectType: subject.subjectType,
    subjectId: subject.subjectId,
    notifiedOn: notice.notifiedOn,
    appealDeadline: notice.appealDeadline,
    appealDeadlineExplanation: notice.appealDeadlineExplanation,
    mediationAdviserContactBy: notice.mediationAdviserContactBy,
    mediationAdviceRequired: notice.mediation.mediationAdviceRequired,
    tribunalRecommendations: notice.tribunalRecommendations,
    regulation: notice.regulation,
    parts: notice.parts.map((p) => ({ key: p.key, heading: p.heading, paragraphs: p.paragraphs, regulation: p.regulation })),
    missingContacts: notice.missing,
    text: notice.text,
  };
}
