import { IsoDate, isAfter, parseIsoDate } from './dates';
import { DeadlineKind, STATUTORY_RULES, StatutoryRule } from './rules';

/** The day CFA 2014 Part 3 and the SEND Regulations 2014 came into force: every rule in STATUTORY_RULES applies from it. */
export const SEND_PROVISIONS_COMMENCED: IsoDate = '2014-09-01';

/** A rule with the first day it applies. */
export interface DatedStatutoryRule extends StatutoryRule {
  appliesFrom: IsoDate;
}

/**
 * The rules by the day from which they apply. A change in the law (the 2026 white paper proposes some from 2029-2030:
 * re-assessment at phase transfer, the Tribunal no longer naming a placement) is a NEW row with its own `appliesFrom`:
 * cases whose period started before it keep the rule they were judged by, so the past is never rewritten.
 *
 * Which rule applies to a deadline: the one in force on the day its period starts (the request for the assessment's
 * limits, the advice request, the meeting, the amendment notice, the decision notice for an appeal).
 */
export class RuleBook {
  private readonly byKind = new Map<string, DatedStatutoryRule[]>();

  constructor(rows: readonly DatedStatutoryRule[]) {
    for (const row of rows) {
      parseIsoDate(row.appliesFrom); // an impossible date is refused here, not later
      const list = this.byKind.get(row.kind) ?? [];
      if (list.some((r) => r.appliesFrom === row.appliesFrom)) throw new Error(`Two ${row.kind} rules apply from ${row.appliesFrom}: a change is a new row with a later date`);
      list.push(row);
      list.sort((a, b) => (a.appliesFrom < b.appliesFrom ? -1 : 1));
      this.byKind.set(row.kind, list);
    }
  }

  /** The rule for `kind` in force on `on` (the latest row applying from that day or earlier; before 2014 the first). */
  ruleOn(kind: DeadlineKind, on: IsoDate): DatedStatutoryRule {
    const list = this.byKind.get(kind);
    if (!list || list.length === 0) throw new Error(`No rule for ${kind}`);
    let found = list[0];
    for (const row of list) if (!isAfter(row.appliesFrom, on)) found = row;
    return found;
  }

  /** Every version of a rule, oldest first. */
  history(kind: DeadlineKind): readonly DatedStatutoryRule[] {
    return this.byKind.get(kind) ?? [];
  }

  /** Every row, for documentation and the API. */
  rows(): DatedStatutoryRule[] {
    return [...this.byKind.values()].flat();
  }

  /** This book with later rules added (a row may only be added, never replace one: the past keeps its rule). */
  with(...rows: readonly (StatutoryRule & { appliesFrom: IsoDate })[]): RuleBook {
    return new RuleBook([...this.rows(), ...rows]);
  }
}

/** Every rule the clock applies today, each from the day it applies (STATUTORY_RULES rows without a date: 1 September 2014). */
export const RULE_BOOK = new RuleBook(Object.values(STATUTORY_RULES).map((rule) => ({ ...rule, appliesFrom: rule.appliesFrom ?? SEND_PROVISIONS_COMMENCED })));
