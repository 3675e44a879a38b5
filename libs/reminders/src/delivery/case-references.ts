import { TxHost } from '@app/database';
import { Injectable } from '@nestjs/common';
import { DomainEvents, DomainPortName } from '@app/core';


/**
 * The context that owns a kind of subject answers with the case references of some of them (subject id ->
 * EHC-2026-00042), inside the caller's transaction. Bound as a query port per subject type (libs/core/src/events).
 */
export interface CaseReferenceSource {
  caseReferencesOf(subjectIds: readonly string[]): Promise<Map<string, string>>;
}

/** The port that answers for each subject type an email can be about. */
export const CASE_REFERENCE_PORTS: Readonly<Record<string, DomainPortName>> = {
  assessment: 'reminders.case-reference.assessment',
  advice_request: 'reminders.case-reference.advice-request',
  plan: 'reminders.case-reference.plan',
  review: 'reminders.case-reference.review',
  appeal: 'reminders.case-reference.appeal',
};

/**
 * Where an email finds the reference of the case a message is about. The reminders context knows only a message's
 * subject (an assessment, an advice request, a plan, a review, an appeal...); the context that owns each kind of subject
 * answers through its port (the assessments context numbers cases). A subject of another type is emailed as "a case",
 * never with a reference made up from an id.
 */
@Injectable()
export class CaseReferences {
  constructor(
    private readonly txHost: TxHost,
    private readonly events: DomainEvents,
  ) {}

  /** `${subjectType}:${subjectId}` -> reference, for every subject that has one. */
  async of(subjects: readonly { subjectType: string; subjectId: string }[]): Promise<Map<string, string>> {
    const byType = new Map<string, Set<string>>();
    for (const s of subjects) byType.set(s.subjectType, (byType.get(s.subjectType) ?? new Set()).add(s.subjectId));
    const found = new Map<string, string>();
    for (const [type, ids] of byType) {
      const port = Object.hasOwn(CASE_REFERENCE_PORTS, type) ? CASE_REFERENCE_PORTS[type] : undefined;
      if (!port) continue;
      const source = this.events.port(port) as CaseReferenceSource;
      for (const [id, reference] of await source.caseReferencesOf([...ids])) found.set(`${type}:${id}`, reference);
    }
    return found;
  }
}
