import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** The case references of some subjects of one type (subject id -> EHC-2026-00042), read inside the caller's transaction. */
export type CaseReferenceResolver = (manager: EntityManager, subjectIds: readonly string[]) => Promise<Map<string, string>>;

/**
 * Where an email finds the reference of the case a message is about. The reminders context knows only a message's
 * subject (an assessment, an advice request, a plan, a review, an appeal...); the context that owns each kind of subject
 * registers how to find its case's reference (the assessments context numbers cases). A subject nobody resolves is
 * emailed as "a case", never with a reference made up from an id.
 */
@Injectable()
export class CaseReferences {
  private readonly resolvers = new Map<string, CaseReferenceResolver>();

  register(subjectType: string, resolver: CaseReferenceResolver): void {
    this.resolvers.set(subjectType, resolver);
  }

  /** `${subjectType}:${subjectId}` -> reference, for every subject that has one. */
  async of(manager: EntityManager, subjects: readonly { subjectType: string; subjectId: string }[]): Promise<Map<string, string>> {
    const byType = new Map<string, Set<string>>();
    for (const s of subjects) byType.set(s.subjectType, (byType.get(s.subjectType) ?? new Set()).add(s.subjectId));
    const found = new Map<string, string>();
    for (const [type, ids] of byType) {
      const resolver = this.resolvers.get(type);
      if (!resolver) continue;
      for (const [id, reference] of await resolver(manager, [...ids])) found.set(`${type}:${id}`, reference);
    }
    return found;
  }
}
