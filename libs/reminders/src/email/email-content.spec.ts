import { DeadlineKind } from '@app/statutory-clock';
import { NotificationKind } from '../entities/notification.entity';
import { CASE_REFERENCE, NotificationEmailFacts, renderDigestEmail, renderNotificationEmail } from './email-content';

const LINK = 'https://ehcp.council.example.gov.uk/cases/1a2b3c4d-0000-4000-8000-000000000000';
const REF = 'EHC-2026-00042';
/** Kinds about one case (a daily digest, where the enum has one, is worded by renderDigestEmail from counts). */
const CASE_KINDS = Object.values(NotificationKind).filter((kind) => (kind as string) !== 'daily_digest');
const SIGN_OFF = 'This is an automatic message from the EHCP case-management service. Please do not reply to this email.';

describe('CASE_REFERENCE', () => {
  it('is the stored reference of a case: EHC-, the year, and a number of at least 5 digits', () => {
    expect(CASE_REFERENCE.test('EHC-2026-00042')).toBe(true);
    expect(CASE_REFERENCE.test('EHC-2026-123456')).toBe(true);
  });
  it('is never 8 hex characters of an id (the old derived reference)', () => {
    expect(CASE_REFERENCE.test('EHC-1A2B3C4D')).toBe(false);
    expect(CASE_REFERENCE.test('Jane Smith')).toBe(false);
  });
});

describe('renderNotificationEmail', () => {
  it('says "a case" when the subject has no case reference, never a reference made up from an id', () => {
    const email = renderNotificationEmail(NotificationKind.DeadlineDueSoon, { caseReference: null, link: LINK, deadlineKind: DeadlineKind.Appeal, dueOn: '2026-03-31' });
    expect(email.subject).toBe('Deadline coming up for a case');
    expect(email.body).not.toMatch(/EHC-/);
  });

  const facts: NotificationEmailFacts = { caseReference: REF, link: LINK, deadlineKind: DeadlineKind.FinalPlan, dueOn: '2026-03-31' };

  it.each([
    [NotificationKind.DeadlineDueSoon, facts, 'Deadline coming up for case EHC-2026-00042', 'Issuing the final EHC plan for case EHC-2026-00042 is due by Tuesday 31 March 2026.'],
    [NotificationKind.DeadlineDueToday, facts, 'Deadline today for case EHC-2026-00042', 'Issuing the final EHC plan for case EHC-2026-00042 is due today, Tuesday 31 March 2026.'],
    [NotificationKind.DeadlineOverdue, facts, 'Deadline missed for case EHC-2026-00042', 'Issuing the final EHC plan for case EHC-2026-00042 was due on Tuesday 31 March 2026 and has not been recorded as done.'],
    [
      NotificationKind.AdviceRequested,
      { ...facts, deadlineKind: DeadlineKind.Advice },
      'Advice requested for case EHC-2026-00042',
      'You have been asked to give advice for the EHC needs assessment of case EHC-2026-00042.\n\nPlease send your advice by Tuesday 31 March 2026.',
    ],
    [NotificationKind.AdviceDueSoon, { ...facts, deadlineKind: DeadlineKind.Advice }, 'Advice due soon for case EHC-2026-00042', 'Advice for the EHC needs assessment of case EHC-2026-00042 is due by Tuesday 31 March 2026.'],
    [
      NotificationKind.AdviceOverdue,
      { ...facts, deadlineKind: DeadlineKind.Advice },
      'Advice overdue for case EHC-2026-00042',
      'Advice for the EHC needs assessment of case EHC-2026-00042 was due on Tuesday 31 March 2026 and has not been received yet.',
    ],
    [NotificationKind.AdviceReceived, { caseReference: REF, link: LINK }, 'Advice received for case EHC-2026-00042', 'New advice has been sent for the EHC needs assessment of case EHC-2026-00042.'],
    [
      NotificationKind.AdviceUnassigned,
      { caseReference: REF, link: LINK },
      'Advice request needs a new adviser for case EHC-2026-00042',
      'The adviser named on an advice request for case EHC-2026-00042 can no longer see it: their access for your local authority was withdrawn.',
    ],
    [
      NotificationKind.ReviewDueSoon,
      { ...facts, deadlineKind: DeadlineKind.ReviewDue },
      'Annual review coming up for case EHC-2026-00042',
      'The annual review of the EHC plan for case EHC-2026-00042 is due by Tuesday 31 March 2026.',
    ],
  ])('%s: subject, message, link and sign-off', (kind, given, subject, message) => {
    const email = renderNotificationEmail(kind, given);
    expect(email.subject).toBe(subject);
    expect(email.body.startsWith(`Hello,\n\n${message}\n\n`)).toBe(true);
    expect(email.body).toContain(LINK);
    expect(email.body.endsWith(`${SIGN_OFF}\n`)).toBe(true);
    expect(email.subject).not.toContain('\n');
  });

  it('covers every notification kind', () => {
    expect(CASE_KINDS).toHaveLength(9);
    for (const kind of CASE_KINDS) {
      const email = renderNotificationEmail(kind, facts);
      expect(email.subject).toContain(REF);
      expect(email.body).toContain(REF);
    }
  });

  it('words each deadline kind, and an unknown one as a statutory deadline', () => {
    const words = (deadlineKind: string | null) => renderNotificationEmail(NotificationKind.DeadlineDueSoon, { ...facts, deadlineKind }).body.split('\n')[2];
    expect(words(DeadlineKind.DecisionToAssess)).toBe('The decision on whether to carry out an EHC needs assessment for case EHC-2026-00042 is due by Tuesday 31 March 2026.');
    expect(words(DeadlineKind.NoPlanNotice)).toMatch(/^Telling the family that an EHC plan will not be issued for case/);
    expect(words('something_new')).toMatch(/^A statutory deadline for case EHC-2026-00042 is due by/);
    expect(words(null)).toMatch(/^A statutory deadline for case/);
    const all = Object.values(DeadlineKind).map((kind) => words(kind));
    expect(new Set(all).size).toBe(all.length);
    for (const line of all) expect(line).not.toMatch(/_|statutory deadline/);
  });

  it('says so when it went to a manager because the deadline passed', () => {
    const email = renderNotificationEmail(NotificationKind.DeadlineOverdue, { ...facts, escalated: true });
    expect(email.subject).toBe('Escalated: deadline missed for case EHC-2026-00042');
    expect(email.body).toContain('You are receiving this as the manager responsible for this case, because the deadline has passed.');
    expect(renderNotificationEmail(NotificationKind.DeadlineOverdue, facts).body).not.toContain('manager');
  });

  it('reads well without a due date', () => {
    const noDate = { caseReference: REF, link: LINK };
    expect(renderNotificationEmail(NotificationKind.DeadlineDueSoon, noDate).body).toContain('A statutory deadline for case EHC-2026-00042 is due soon.');
    expect(renderNotificationEmail(NotificationKind.DeadlineDueToday, noDate).body).toContain('is due today.');
    expect(renderNotificationEmail(NotificationKind.AdviceOverdue, noDate).body).toContain('was due earlier and has not been received yet.');
    expect(renderNotificationEmail(NotificationKind.AdviceRequested, noDate).body).toContain('Please send your advice by the date shown on the request.');
    for (const kind of CASE_KINDS) expect(renderNotificationEmail(kind, noDate).body).not.toMatch(/undefined|null|NaN/);
  });

  it('contains nothing but the facts it was given: no name or identifier passed alongside them, no other number or address', () => {
    const leaky = {
      ...facts,
      escalated: true,
      childName: 'Amelia Hargreaves',
      upn: 'A123456789012',
      nhsNumber: '943 476 5919',
      dateOfBirth: '2015-06-01',
      familyEmail: 'parent@example.org',
    } as NotificationEmailFacts;
    for (const kind of CASE_KINDS) {
      const email = renderNotificationEmail(kind, leaky);
      expect(email).toEqual(renderNotificationEmail(kind, { caseReference: REF, link: LINK, deadlineKind: facts.deadlineKind, dueOn: facts.dueOn, escalated: true }));
      const text = `${email.subject}\n${email.body}`;
      for (const secret of ['Amelia', 'Hargreaves', 'A123456789012', '943 476 5919', '2015', 'parent@example.org']) expect(text).not.toContain(secret);
      // Take out the facts; what is left is fixed wording: no digits, no other reference, no address.
      const rest = text.split(LINK).join('').split(REF).join('').split('Tuesday 31 March 2026').join('');
      expect(rest).not.toMatch(/[0-9@]|EHC-/);
    }
  });

  it('refuses a case reference that is not one (a name, a raw id) and a link that is not a URL', () => {
    expect(() => renderNotificationEmail(NotificationKind.AdviceReceived, { caseReference: 'Amelia Hargreaves', link: LINK })).toThrow(/EHC-2026-00042/);
    expect(() => renderNotificationEmail(NotificationKind.AdviceReceived, { caseReference: '1a2b3c4d-0000-4000-8000-000000000000', link: LINK })).toThrow();
    expect(() => renderNotificationEmail(NotificationKind.AdviceReceived, { caseReference: 'EHC-1A2B3C4D', link: LINK })).toThrow(/EHC-2026-00042/);
    expect(() => renderNotificationEmail(NotificationKind.AdviceReceived, { caseReference: REF, link: 'javascript:alert(1)' })).toThrow(/http/);
    expect(() => renderNotificationEmail(NotificationKind.AdviceReceived, { caseReference: REF, link: '/relative' })).toThrow(/http/);
    expect(() => renderNotificationEmail(NotificationKind.DeadlineDueSoon, { ...facts, dueOn: '31/03/2026' })).toThrow(/ISO date|YYYY-MM-DD/);
  });
});

describe('renderDigestEmail', () => {
  const DIGEST_LINK = 'https://ehcp.council.example.gov.uk/deadlines';

  it('gives the counts, the date in words and the link', () => {
    const email = renderDigestEmail({ dueThisWeek: 3, overdue: 1, link: DIGEST_LINK, date: '2026-11-23' });
    expect(email.subject).toBe('Your EHCP deadlines for Monday 23 November 2026');
    expect(email.body).toBe(
      `Hello,\n\nHere is your summary for Monday 23 November 2026.\n\nDue this week: 3 deadlines\nOverdue: 1 deadline\n\nSee the full list: ${DIGEST_LINK}\n\n${SIGN_OFF}\n`,
    );
  });

  it('says when there is nothing to do', () => {
    const email = renderDigestEmail({ dueThisWeek: 0, overdue: 0, link: DIGEST_LINK, date: '2026-11-23' });
    expect(email.body).toContain('Nothing is due this week and nothing is overdue.');
    expect(email.body).not.toContain('0 deadlines');
  });

  it('contains nothing but its facts', () => {
    const email = renderDigestEmail({ dueThisWeek: 12, overdue: 7, link: DIGEST_LINK, date: '2026-11-23' });
    const rest = `${email.subject}\n${email.body}`.split(DIGEST_LINK).join('').split('Monday 23 November 2026').join('').replace('12 deadlines', '').replace('7 deadlines', '');
    expect(rest).not.toMatch(/[0-9@]|EHC-/);
  });

  it.each([
    [{ dueThisWeek: -1, overdue: 0 }, /dueThisWeek/],
    [{ dueThisWeek: 0, overdue: 1.5 }, /overdue/],
    [{ dueThisWeek: Number.NaN, overdue: 0 }, /dueThisWeek/],
  ])('refuses %p', (counts, message) => {
    expect(() => renderDigestEmail({ ...counts, link: DIGEST_LINK, date: '2026-11-23' })).toThrow(message);
  });
});
