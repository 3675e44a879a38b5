import { addDays, formatLongDate, IsoDate, isAfter } from './dates';
import { addWorkingDays } from './working-days';
import { ComputedDeadline, deadlineStatus } from './assessment-deadlines';
import { DeadlineKind, isChasedWhenOverdue } from './rules';

/**
 * Statutory mediation (CFA 2014 ss52-57; SEND Regulations 2014, regs 32-42; statutory-rules.md section 6), recorded on
 * the appeal as the LA's deadlines: each with its citation, reminding the case's owner. The adviser's certificates are
 * counted in working days; the LA's 30 days in calendar days. The family's own 2 months to contact the adviser (Regs 33)
 * is shown on the notice, not chased.
 */
export const MEDIATION_RULES = {
  arrange: { days: 30, regulation: 'CFA 2014 s53; SEND Regulations 2014, regs 32-42 (30 days)' },
  certificate: { workingDays: 3, regulation: 'CFA 2014 s55; SEND Regulations 2014, regs 32-42 (3 working days)' },
  healthBody: { workingDays: 3, regulation: 'CFA 2014 s53; SEND Regulations 2014, regs 32-42 (health body)' },
  agreementNotAppealable: { days: 14, regulation: 'SEND Regulations 2014, reg 42 (2 weeks)' },
} as const;

export interface MediationFacts {
  /** The family contacted the mediation adviser (Regs 33). */
  adviserContactedOn: IsoDate | null;
  /** The LA was told the family wishes to mediate (the 30 days run from it). */
  mediationRequestedOn: IsoDate | null;
  /** Health provision is in issue: the LA tells the health commissioning body. */
  healthInIssue: boolean;
  healthBodyToldOn: IsoDate | null;
  mediationHeldOn: IsoDate | null;
  mediationCertificateOn: IsoDate | null;
  /** A mediation agreement (Regs 42) and the day its steps that are not appealable were done. */
  agreementOn: IsoDate | null;
  agreementDoneOn: IsoDate | null;
  /** The appeal ended (decided, withdrawn) or the case stopped: open mediation duties are no longer owed. */
  endedOn: IsoDate | null;
}

function row(key: string, startsOn: IsoDate, dueOn: IsoDate, completedOn: IsoDate | null, notApplicable: boolean, today: IsoDate, regulation: string, explanation: string): ComputedDeadline {
  return {
    key: `mediation:${key}`,
    kind: DeadlineKind.Mediation,
    adviceRequestId: null,
    startsOn,
    dueOn,
    regulation,
    statutory: true,
    status: deadlineStatus({ dueOn, completedOn, notApplicable }, today),
    completedOn: notApplicable ? null : completedOn,
    exceptionIds: [],
    managementTargetOn: null,
    explanation,
    chasedWhenOverdue: isChasedWhenOverdue(DeadlineKind.Mediation),
    warning: false,
  };
}

/**
 * The mediation deadlines as of `today`, only those whose starting fact is known:
 * - `mediation:certificate_no_mediation`: the family does not wish to mediate: the adviser's certificate within 3
 *   working days of their contact (recorded when no mediation is asked for).
 * - `mediation:arrange`: the LA arranges mediation within 30 days of being told the family wishes to mediate.
 * - `mediation:health_body`: where health provision is in issue, the LA tells the health body within 3 working days.
 * - `mediation:certificate`: the certificate within 3 working days of the mediation; or, when the LA could not arrange
 *   it in the 30 days, within 3 working days of their end (the deemed certificate).
 * - `mediation:agreement`: steps of a mediation agreement that are not appealable, within 2 weeks of it (Regs 42);
 *   appealable ones carry the Regs 44 limits as if ordered (recorded as an order's duties).
 */
export function computeMediationDeadlines(facts: MediationFacts, today: IsoDate): ComputedDeadline[] {
  const rows: ComputedDeadline[] = [];
  const ended = (done: IsoDate | null) => done === null && facts.endedOn !== null;
  if (facts.adviserContactedOn && !facts.mediationRequestedOn) {
    const dueOn = addWorkingDays(facts.adviserContactedOn, MEDIATION_RULES.certificate.workingDays);
    rows.push(row('certificate_no_mediation', facts.adviserContactedOn, dueOn, facts.mediationCertificateOn, ended(facts.mediationCertificateOn), today, MEDIATION_RULES.certificate.regulation,
      `The family contacted the mediation adviser on ${formatLongDate(facts.adviserContactedOn)}: if they do not wish to mediate, the adviser's certificate is due within 3 working days, by ${formatLongDate(dueOn)} (${MEDIATION_RULES.certificate.regulation}).`));
  }
  if (facts.mediationRequestedOn) {
    const told = facts.mediationRequestedOn;
    const arrangeBy = addDays(told, MEDIATION_RULES.arrange.days);
    rows.push(row('arrange', told, arrangeBy, facts.mediationHeldOn, ended(facts.mediationHeldOn), today, MEDIATION_RULES.arrange.regulation,
      `The LA was told on ${formatLongDate(told)} that the family wishes to mediate: it must arrange mediation within 30 days, by ${formatLongDate(arrangeBy)} (${MEDIATION_RULES.arrange.regulation}).`));
    if (facts.healthInIssue) {
      const healthBy = addWorkingDays(told, MEDIATION_RULES.healthBody.workingDays);
      rows.push(row('health_body', told, healthBy, facts.healthBodyToldOn, ended(facts.healthBodyToldOn), today, MEDIATION_RULES.healthBody.regulation,
        `Health provision is in issue: the LA must tell the health commissioning body within 3 working days of ${formatLongDate(told)}, by ${formatLongDate(healthBy)} (${MEDIATION_RULES.healthBody.regulation}).`));
    }
    const heldInTime = facts.mediationHeldOn !== null && !isAfter(facts.mediationHeldOn, arrangeBy);
    if (facts.mediationHeldOn !== null && heldInTime) {
      const dueOn = addWorkingDays(facts.mediationHeldOn, MEDIATION_RULES.certificate.workingDays);
      rows.push(row('certificate', facts.mediationHeldOn, dueOn, facts.mediationCertificateOn, ended(facts.mediationCertificateOn), today, MEDIATION_RULES.certificate.regulation,
        `Mediation took place on ${formatLongDate(facts.mediationHeldOn)}: the certificate is due within 3 working days, by ${formatLongDate(dueOn)} (${MEDIATION_RULES.certificate.regulation}).`));
    } else if (facts.mediationHeldOn !== null || isAfter(today, arrangeBy)) {
      // The LA could not arrange mediation in the 30 days: the certificate is issued within 3 working days of their end.
      const dueOn = addWorkingDays(arrangeBy, MEDIATION_RULES.certificate.workingDays);
      rows.push(row('certificate', arrangeBy, dueOn, facts.mediationCertificateOn, ended(facts.mediationCertificateOn), today, MEDIATION_RULES.certificate.regulation,
        `Mediation was not arranged within 30 days (by ${formatLongDate(arrangeBy)}): the certificate is due within 3 working days, by ${formatLongDate(dueOn)} (${MEDIATION_RULES.certificate.regulation}).`));
    }
  }
  if (facts.agreementOn) {
    const dueOn = addDays(facts.agreementOn, MEDIATION_RULES.agreementNotAppealable.days);
    rows.push(row('agreement', facts.agreementOn, dueOn, facts.agreementDoneOn, ended(facts.agreementDoneOn), today, MEDIATION_RULES.agreementNotAppealable.regulation,
      `The mediation agreement of ${formatLongDate(facts.agreementOn)} binds the LA: steps that are not appealable within 2 weeks, by ${formatLongDate(dueOn)}; appealable ones within the Regs 44 limits as if ordered (${MEDIATION_RULES.agreementNotAppealable.regulation}).`));
  }
  return rows;
}
