import { addMonths, formatLongDate, IsoDate } from './dates';
import { AppealableDecision, appealDeadline, mediationGuidance, MediationGuidance } from './appeals';

/**
 * What a notice of an appealable decision must say (CFA s51; SEND Regulations 2014, regs 5(3), 10(3), 14, 20-22, 25,
 * 31(3) and 32; statutory-rules.md section 6): the right to appeal and its deadline, the mediation adviser's contact
 * details (32(c)), that the family must contact the adviser within 2 months of the notice if they wish to appeal
 * (32(d), 33), that they must tell the LA if they wish to mediate, on which issues and whether health or social care
 * provision is in issue (32(e)), the LA's own contact for mediation (32(f)), the disagreement resolution services and the
 * information, advice and support service (CFA ss26, 32, 57), and, for every decision except a refusal to assess, that
 * the Tribunal can recommend health and social care provision (the SEND (First-tier Tribunal Recommendations Power)
 * Regulations 2017). Pure: the contacts are the LA's settings, passed in.
 */

/** One contact as printed on a notice: a name and at least one way to reach it. */
export interface NoticeContact {
  name: string;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
  website?: string | null;
}

/** The LA's settings a notice needs (per LA). Missing ones are named in `missing` and shown as not yet recorded. */
export interface NoticeContacts {
  /** The independent mediation adviser the family contacts before appealing (Regs 32(c)). */
  mediationAdviser?: NoticeContact | null;
  /** The LA's own contact: told of a wish to mediate and the issues (Regs 32(e), (f)). */
  localAuthority?: NoticeContact | null;
  /** The information, advice and support service (SENDIASS; CFA s32). */
  informationAdviceSupport?: NoticeContact | null;
  /** The disagreement resolution service the LA arranges (CFA s57; Regs 53-54). */
  disagreementResolution?: NoticeContact | null;
}

/** A setting a complete notice needs and the LA has not recorded. */
export type NoticeContactKey = 'mediationAdviser' | 'localAuthority' | 'informationAdviceSupport' | 'disagreementResolution';
export const NOTICE_CONTACT_KEYS: readonly NoticeContactKey[] = ['mediationAdviser', 'localAuthority', 'informationAdviceSupport', 'disagreementResolution'];

/** One part of the notice, headed, as the text and the PDF letter both print it. */
export interface NoticePart {
  /** Stable: what the part is for (tests and the letter's layout find parts by it). */
  key: 'decision' | 'appeal' | 'mediation_adviser' | 'wish_to_mediate' | 'disagreement_resolution' | 'information_advice_support' | 'health_social_care';
  heading: string;
  paragraphs: string[];
  regulation: string;
}

/** A decision notice as the case shows it: the appeal deadline without mediation, mediation information, the text. */
export interface DecisionNotice {
  decision: AppealableDecision;
  notifiedOn: IsoDate;
  /** The family's deadline before any mediation certificate (a certificate can only make it later). */
  appealDeadline: IsoDate;
  appealDeadlineExplanation: string;
  /** The last day to contact the mediation adviser: 2 months after the notice (Regs 32(d), 33). */
  mediationAdviserContactBy: IsoDate;
  mediation: MediationGuidance;
  regulation: string;
  /** Whether the Tribunal's power to recommend health and social care provision is stated (every decision but a refusal to assess). */
  tribunalRecommendations: boolean;
  parts: NoticePart[];
  /** LA settings the notice needs and lacks: a notice with any is incomplete (its letter is refused). */
  missing: NoticeContactKey[];
  /** The notice to the family as plain text: every part, headed. */
  text: string;
}

/** What each appealable decision's notice must carry, and where that duty comes from. */
const NOTICE_RULES: Record<AppealableDecision, { regulation: string; what: string; title: string }> = {
  [AppealableDecision.RefuseToAssess]: { regulation: 'SEND Regulations 2014, regs 5(3) and 32', what: 'the decision not to carry out an EHC needs assessment', title: 'Decision not to carry out an EHC needs assessment' },
  [AppealableDecision.NotToIssue]: { regulation: 'SEND Regulations 2014, regs 10(3) and 32', what: 'the decision not to issue an EHC plan', title: 'Decision not to issue an EHC plan' },
  [AppealableDecision.PlanContents]: { regulation: 'SEND Regulations 2014, regs 14 and 32', what: 'sections B, F and I of the EHC plan as issued or amended', title: 'Your EHC plan: your right to appeal' },
  [AppealableDecision.RefuseToReassess]: { regulation: 'SEND Regulations 2014, regs 25 and 32', what: 'the decision not to carry out a re-assessment', title: 'Decision not to carry out a re-assessment' },
  [AppealableDecision.NotToAmend]: { regulation: 'SEND Regulations 2014, regs 20, 21 or 22(4), and 32', what: 'the decision not to amend the plan', title: 'Decision not to amend the EHC plan' },
  [AppealableDecision.Cease]: { regulation: 'SEND Regulations 2014, regs 31(3) and 32', what: 'the decision to cease to maintain the EHC plan', title: 'Decision to cease to maintain the EHC plan' },
};

/** The title of the letter for a decision. */
export function decisionNoticeTitle(decision: AppealableDecision): string {
  return NOTICE_RULES[decision].title;
}

/** Where the Tribunal's power to recommend health and social care provision comes from. */
export const TRIBUNAL_RECOMMENDATIONS_REGULATION = 'CFA 2014 s51; SEND (First-tier Tribunal Recommendations Power) Regulations 2017';

/** A contact on one line: its name and every way to reach it that is recorded. */
export function formatNoticeContact(contact: NoticeContact): string {
  const ways = [contact.address, contact.phone ? `telephone ${contact.phone}` : null, contact.email ? `email ${contact.email}` : null, contact.website].filter((w): w is string => !!w && w.trim() !== '');
  return ways.length ? `${contact.name}: ${ways.join(', ')}` : contact.name;
}

const NOT_RECORDED: Record<NoticeContactKey, string> = {
  mediationAdviser: 'The mediation adviser’s contact details have not been recorded by the council yet: ask the council for them.',
  localAuthority: 'The council’s contact details for mediation have not been recorded yet: reply to the council at the address on this letter.',
  informationAdviceSupport: 'The contact details of your local information, advice and support service have not been recorded by the council yet: ask the council for them.',
  disagreementResolution: 'The contact details of the disagreement resolution service have not been recorded by the council yet: ask the council for them.',
};

/**
 * The notice of an appealable decision: every part Regs 32 (and the decision's own regulation) requires, with the
 * LA's contacts. The deadline is counted from the day the family was notified.
 */
export function decisionNotice(decision: AppealableDecision, notifiedOn: IsoDate, contacts: NoticeContacts = {}): DecisionNotice {
  const rule = NOTICE_RULES[decision];
  const deadline = appealDeadline(notifiedOn);
  const mediation = mediationGuidance({});
  const contactBy = addMonths(notifiedOn, 2);
  const missing = NOTICE_CONTACT_KEYS.filter((key) => !contacts[key]);
  const contactLine = (key: NoticeContactKey) => (contacts[key] ? formatNoticeContact(contacts[key]) : NOT_RECORDED[key]);
  const tribunalRecommendations = decision !== AppealableDecision.RefuseToAssess;
  const parts: NoticePart[] = [
    {
      key: 'decision',
      heading: rule.title,
      paragraphs: [`This notice is about ${rule.what}. You were told of this decision on ${formatLongDate(notifiedOn)}.`],
      regulation: rule.regulation,
    },
    {
      key: 'appeal',
      heading: 'Your right to appeal',
      paragraphs: [
        `You have the right to appeal to the First-tier Tribunal (Special Educational Needs and Disability) against ${rule.what}.`,
        `You can appeal until ${formatLongDate(deadline.dueOn, { weekday: true })}. ${deadline.explanation} If you get a mediation certificate later than 1 month before that day, you have until 1 month after the date of the certificate.`,
      ],
      regulation: deadline.regulation,
    },
    {
      key: 'mediation_adviser',
      heading: 'Before you appeal: contact the mediation adviser within 2 months',
      paragraphs: [
        `If you want to appeal, you must first contact the mediation adviser, within 2 months of the date of this notice: by ${formatLongDate(contactBy, { weekday: true })}. You do not have to do this if your appeal is only about the school or other institution named in section I of the plan.`,
        contactLine('mediationAdviser'),
        'If you do not want mediation, tell the adviser: they will give you a certificate within 3 working days, and you can then appeal.',
      ],
      regulation: 'SEND Regulations 2014, regs 32(c), 32(d), 33 and 34; CFA 2014 s55',
    },
    {
      key: 'wish_to_mediate',
      heading: 'If you want mediation',
      paragraphs: [
        'If you want mediation, you must tell the council that you wish to take part in mediation, which issues you want to mediate about, and whether those issues include health care provision or social care provision.',
        contactLine('localAuthority'),
        'The council must arrange mediation within 30 days of being told. After mediation the mediator gives you a certificate within 3 working days, and you can then appeal.',
      ],
      regulation: 'SEND Regulations 2014, regs 32(e), 32(f), 36 and 37; CFA 2014 s53',
    },
    {
      key: 'disagreement_resolution',
      heading: 'Disagreement resolution',
      paragraphs: ['The council arranges a disagreement resolution service to help settle disagreements with the council, your school or college, or health services. Using it is voluntary and does not affect your right to appeal.', contactLine('disagreementResolution')],
      regulation: 'CFA 2014 s57; SEND Regulations 2014, regs 32 and 53-54',
    },
    {
      key: 'information_advice_support',
      heading: 'Information, advice and support',
      paragraphs: ['Your local information, advice and support service (SENDIASS) gives free, impartial and confidential advice about this decision, mediation and appeals.', contactLine('informationAdviceSupport')],
      regulation: 'CFA 2014 s32; SEND Regulations 2014, reg 32',
    },
  ];
  if (tribunalRecommendations) {
    parts.push({
      key: 'health_social_care',
      heading: 'Health and social care',
      paragraphs: ['If you appeal, you can also ask the Tribunal to make recommendations about the health care and social care needs and provision in the plan. The health or social care body must answer those recommendations in writing.'],
      regulation: TRIBUNAL_RECOMMENDATIONS_REGULATION,
    });
  }
  const text = parts.map((p) => `${p.heading}\n${p.paragraphs.join('\n')}`).join('\n\n');
  return {
    decision,
    notifiedOn,
    appealDeadline: deadline.dueOn,
    appealDeadlineExplanation: deadline.explanation,
    mediationAdviserContactBy: contactBy,
    mediation,
    regulation: rule.regulation,
    tribunalRecommendations,
    parts,
    missing,
    text,
  };
}
