import { Injectable } from '@nestjs/common';
import { ComputedDeadline, DeadlineKind, DeadlineStatus } from '@app/statutory-clock';
import { EntityManager } from 'typeorm';
import { AdviceOwner } from './assessment-advice.port';
import { Deadline, DeadlineState } from './entities/deadline.entity';

export interface DeadlineSubject {
  localAuthorityId: string;
  subjectType: 'assessment' | 'review';
  subjectId: string;
  assessmentId: string | null;
  /** Owner of the LA's own steps (the caseworker). */
  caseworkerId: string | null;
  /** Owners of advice deadlines, by advice request id. */
  adviceOwners?: Map<string, AdviceOwner>;
}

/**
 * Told, inside the command's transaction, which deadlines of a subject were created or materially changed (due date,
 * state, completion or owner), so that what derives from them (reminders) changes in the same commit.
 */
export interface DeadlineChangeListener {
  deadlinesChanged(manager: EntityManager, deadlineIds: string[]): Promise<void>;
}

function stateOf(deadline: ComputedDeadline): DeadlineState {
  if (deadline.status === DeadlineStatus.NotApplicable) return DeadlineState.NotApplicable;
  return deadline.completedOn !== null ? DeadlineState.Completed : DeadlineState.Open;
}

/**
 * Persists what the statutory clock computed, in the command's transaction. Rows are matched by (subject, key);
 * `revision` moves only when something a reminder depends on changes (due date, state, completion, owner).
 */
@Injectable()
export class DeadlinesService {
  private readonly listeners: DeadlineChangeListener[] = [];

  registerChangeListener(listener: DeadlineChangeListener): void {
    this.listeners.push(listener);
  }

  /** The advice deadlines of the given requests, for the advice context's views. */
  async forAdviceRequests(manager: EntityManager, adviceRequestIds: string[]): Promise<Deadline[]> {
    if (adviceRequestIds.length === 0) return [];
    return manager.getRepository(Deadline).createQueryBuilder('d').where('d.advice_request_id IN (:...ids)', { ids: adviceRequestIds }).getMany();
  }

  async sync(manager: EntityManager, subject: DeadlineSubject, computed: ComputedDeadline[]): Promise<void> {
    const existing = await manager.find(Deadline, { where: { subjectId: subject.subjectId } });
    const byKey = new Map(existing.map((row) => [row.key, row]));
    const seen = new Set<string>();
    const changedIds: string[] = [];
    for (const deadline of computed) {
      seen.add(deadline.key);
      const owner =
        deadline.kind === DeadlineKind.Advice && deadline.adviceRequestId
          ? (subject.adviceOwners?.get(deadline.adviceRequestId) ?? { userId: null, organisationId: null })
          : { userId: subject.caseworkerId, organisationId: null };
      const values = {
        localAuthorityId: subject.localAuthorityId,
        subjectType: subject.subjectType,
        subjectId: subject.subjectId,
        assessmentId: subject.assessmentId,
        key: deadline.key,
        kind: deadline.kind,
        adviceRequestId: deadline.adviceRequestId,
        startsOn: deadline.startsOn,
        dueOn: deadline.dueOn,
        managementTargetOn: deadline.managementTargetOn,
        regulation: deadline.regulation,
        statutory: deadline.statutory,
        state: stateOf(deadline),
        completedOn: deadline.completedOn,
        exceptionApplies: deadline.exceptionIds.length > 0,
        ownerUserId: owner.userId,
        ownerOrganisationId: owner.organisationId,
      };
      const row = byKey.get(deadline.key);
      if (!row) {
        const inserted = await manager.insert(Deadline, { ...values, revision: 1 });
        changedIds.push(inserted.identifiers[0].id as string);
        continue;
      }
      const material = row.dueOn !== values.dueOn || row.state !== values.state || row.completedOn !== values.completedOn || row.ownerUserId !== values.ownerUserId || row.ownerOrganisationId !== values.ownerOrganisationId;
      const changed = material || row.managementTargetOn !== values.managementTargetOn || row.exceptionApplies !== values.exceptionApplies || row.regulation !== values.regulation || row.startsOn !== values.startsOn;
      if (changed) await manager.update(Deadline, { id: row.id }, { ...values, revision: material ? row.revision + 1 : row.revision });
      if (material) changedIds.push(row.id);
    }
    const stale = existing.filter((row) => !seen.has(row.key));
    if (stale.length > 0) await manager.delete(Deadline, stale.map((row) => row.id));
    if (changedIds.length > 0) for (const listener of this.listeners) await listener.deadlinesChanged(manager, changedIds);
  }
}
