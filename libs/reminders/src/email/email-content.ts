import { DeadlineKind, formatLongDate as formatStatutoryDate } from '@app/statutory-clock';

/** `2026-03-31` -> `Tuesday 31 March 2026` (the statutory clock's formatting: dates are calendar days, never instants). */
const formatLongDate = (isoDate: string): string => formatStatutoryDate(isoDate, { weekday: true });
import { NotificationKind } from '../entities/notification.entity';

/**
 * What an email may say about a case. Deliberately no child's name or identifier: the case's reference (the one on
 * every page and PDF, EHC-2026-00042) and a link to the web are all a recipient needs; everything else is behind sign-in.
 */
export interface NotificationEmailFacts {
  /** The case's reference; null when the message's subject has none (the email then says "a case"). */
  caseReference: string | null;
  link: string;
  deadlineKind?: string | null;
  /** ISO date, YYYY-MM-DD. */
  dueOn?: string | null;
  /** Sent to a manager because the caseworker's deadline passed. */
  escalated?: boolean;
}

export interface DigestEmailFacts {
  dueThisWeek: number;
  overdue: number;
  link: string;
  /** ISO date the digest is for, YYYY-MM-DD. */
  date: string;
}

export interface EmailContent {
  subject: string;
  /** Plain text; Notify and SMTP both show it as written. */
  body: string;
}

/** The case reference the assessments context gives each case (EHC-2026-00042): never derived from an id here. */
export const CASE_REFERENCE = /^EHC-[0-9]{4}-[0-9]{5,}$/;

/** What each statutory deadline is, in words a caseworker or health professional would use. */
const DEADLINE_WORDS: Record<DeadlineKind, string> = {
  [DeadlineKind.DecisionToAssess]: 'the decision on whether to carry out an EHC needs assessment',
  [DeadlineKind.Advice]: 'advice for the EHC needs assessment',
  [DeadlineKind.NoPlanNotice]: 'telling the family that an EHC plan will not be issued',
  [DeadlineKind.DraftRepresentations]: "the family's comments on the draft EHC plan",
  [DeadlineKind.FinalPlan]: 'issuing the final EHC plan',
  [DeadlineKind.ReviewDue]: 'the annual review',
  [DeadlineKind.ReviewInvitations]: 'sending the notice of the annual review meeting',
  [DeadlineKind.ReviewAdviceCirculation]: 'circulating the advice and information for the annual review meeting',
  [DeadlineKind.ReviewReport]: 'the annual review report',
  [DeadlineKind.ReviewDecision]: 'the decision after the annual review',
  [DeadlineKind.AmendmentRepresentations]: "the family's comments on the proposed amendments",
  [DeadlineKind.AmendedPlan]: 'issuing the amended EHC plan',
  [DeadlineKind.PhaseTransfer]: 'the phase transfer review',
  [DeadlineKind.SchoolConsultation]: "the requested school's answer to the consultation",
  [DeadlineKind.Appeal]: "the family's deadline to appeal to the Tribunal",
  [DeadlineKind.OrderCompliance]: "complying with the Tribunal's order",
  [DeadlineKind.Mediation]: 'statutory mediation on an appeal',
  [DeadlineKind.TransferOut]: 'transferring the EHC plan to the new local authority',
  [DeadlineKind.TransferReassessmentNotice]: 'telling the family that the EHC plan has been transferred, whether it will be re-assessed and when it will be reviewed',
  [DeadlineKind.ReassessmentDecision]: 'the decision on a request to re-assess',
  [DeadlineKind.ReassessmentOutcome]: 'the amended or replacement EHC plan after re-assessment',
  [DeadlineKind.RecommendationAnswer]: "the health or social care body's written answer to the Tribunal's recommendation",
  [DeadlineKind.HealthBodyReview]: "the new health commissioning body's answer on the health provision in the EHC plan",
  [DeadlineKind.DirectPaymentReview]: 'reviewing the direct payment at the annual review',
};

function deadlineWords(kind: string | null | undefined): string {
  return (kind && DEADLINE_WORDS[kind as DeadlineKind]) || 'a statutory deadline';
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function checkedLink(link: string): string {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new Error('The link in an email must be an absolute http(s) URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('The link in an email must be an absolute http(s) URL.');
  return link;
}

const SIGN_OFF = 'This is an automatic message from the EHCP case-management service. Please do not reply to this email.';

function compose(paragraphs: (string | null)[]): string {
  return `Hello,\n\n${[...paragraphs.filter((p): p is string => p !== null), SIGN_OFF].join('\n\n')}\n`;
}

/** Subject and plain-text body of the email for one notification. Uses only the facts given. */
export function renderNotificationEmail(kind: NotificationKind, facts: NotificationEmailFacts): EmailContent {
  if (facts.caseReference !== null && !CASE_REFERENCE.test(facts.caseReference)) throw new Error('caseReference must be the case\'s reference, like EHC-2026-00042.');
  // "case EHC-2026-00042", or "a case" without a reference.
  const theCase = facts.caseReference ? `case ${facts.caseReference}` : 'a case';
  const link = checkedLink(facts.link);
  const date = facts.dueOn ? formatLongDate(facts.dueOn) : null;
  const what = deadlineWords(facts.deadlineKind);
  const open = `Open the case to see what is needed: ${link}`;
  const escalated = facts.escalated
    ? 'You are receiving this as the manager responsible for this case, because the deadline has passed.'
    : null;

  switch (kind) {
    case NotificationKind.DeadlineDueSoon:
      return {
        subject: `Deadline coming up for ${theCase}`,
        body: compose([date ? `${capitalise(what)} for ${theCase} is due by ${date}.` : `${capitalise(what)} for ${theCase} is due soon.`, escalated, open]),
      };
    case NotificationKind.DeadlineDueToday:
      return {
        subject: `Deadline today for ${theCase}`,
        body: compose([`${capitalise(what)} for ${theCase} is due today${date ? `, ${date}` : ''}.`, escalated, open]),
      };
    case NotificationKind.DeadlineOverdue:
      return {
        subject: `${facts.escalated ? 'Escalated: d' : 'D'}eadline missed for ${theCase}`,
        body: compose([`${capitalise(what)} for ${theCase} was due ${date ? `on ${date}` : 'earlier'} and has not been recorded as done.`, escalated, open]),
      };
    case NotificationKind.AdviceRequested:
      return {
        subject: `Advice requested for ${theCase}`,
        body: compose([
          `You have been asked to give advice for the EHC needs assessment of ${theCase}.`,
          date ? `Please send your advice by ${date}.` : 'Please send your advice by the date shown on the request.',
          `Open the request to see what is needed and to send your advice: ${link}`,
        ]),
      };
    case NotificationKind.AdviceDueSoon:
      return {
        subject: `Advice due soon for ${theCase}`,
        body: compose([
          date ? `Advice for the EHC needs assessment of ${theCase} is due by ${date}.` : `Advice for the EHC needs assessment of ${theCase} is due soon.`,
          'If you have already sent it, you can ignore this reminder.',
          `Open the request: ${link}`,
        ]),
      };
    case NotificationKind.AdviceOverdue:
      return {
        subject: `Advice overdue for ${theCase}`,
        body: compose([
          `Advice for the EHC needs assessment of ${theCase} was due ${date ? `on ${date}` : 'earlier'} and has not been received yet.`,
          escalated,
          `Open the request: ${link}`,
        ]),
      };
    case NotificationKind.AdviceReceived:
      return {
        subject: `Advice received for ${theCase}`,
        body: compose([`New advice has been sent for the EHC needs assessment of ${theCase}.`, `You can read it on the case: ${link}`]),
      };
    case NotificationKind.AdviceUnassigned:
      return {
        subject: `Advice request needs a new adviser for ${theCase}`,
        body: compose([`The adviser named on an advice request for ${theCase} can no longer see it: their access for your local authority was withdrawn.`, `Address it to someone else: ${link}`]),
      };
    case NotificationKind.ReviewDueSoon:
      return {
        subject: `Annual review coming up for ${theCase}`,
        body: compose([date ? `The annual review of the EHC plan for ${theCase} is due by ${date}.` : `The annual review of the EHC plan for ${theCase} is due soon.`, escalated, open]),
      };
    case NotificationKind.DailyDigest:
      throw new Error('A daily digest is worded from its counts: use renderDigestEmail.');
  }
}

function deadlines(count: number): string {
  return `${count} ${count === 1 ? 'deadline' : 'deadlines'}`;
}

/** The daily summary: counts only, and a link to the list. */
export function renderDigestEmail(facts: DigestEmailFacts): EmailContent {
  for (const [name, value] of [['dueThisWeek', facts.dueThisWeek], ['overdue', facts.overdue]] as const) {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a whole number of deadlines.`);
  }
  const date = formatLongDate(facts.date);
  const link = checkedLink(facts.link);
  const summary =
    facts.dueThisWeek === 0 && facts.overdue === 0
      ? 'Nothing is due this week and nothing is overdue.'
      : `Due this week: ${deadlines(facts.dueThisWeek)}\nOverdue: ${deadlines(facts.overdue)}`;
  return {
    subject: `Your EHCP deadlines for ${date}`,
    body: compose([`Here is your summary for ${date}.`, summary, `See the full list: ${link}`]),
  };
}
