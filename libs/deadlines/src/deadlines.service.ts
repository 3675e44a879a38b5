import { TxHost } from '@app/database';
import { Injectable } from '@nestjs/common';
import { DomainEvents } from '@app/core';
import { ComputedDeadline, DeadlineKind, DeadlineStatus, deadlineStatus, IsoDate, isChasedWhenOverdue } from '@app/statutory-clock';
import { In } from 'typeorm';
import { Deadline, DeadlineState, DeadlineSubjectType } from './entities/deadline.entity';

/** Who must act on a deadline: a person, an organisation's inbox, or nobody yet. */
export interface DeadlineOwner {
  userId: string | null;
  organisationId: string | null;
}

/** The subject whose deadlines a command recomputed, and who acts on them. */
export interface DeadlineSubject {
  localAuthorityId: string;
  subjectType: DeadlineSubjectType;
  subjectId: string;
  /** The assessment (the case) the subject belongs to, when it has one: reports group deadlines by it. */
  assessmentId: string | null;
  /** Who answers for the case (the caseworker): owner of the LA's own steps, and told of others' overdue ones. */
  caseOwnerUserId: string | null;
  /** Owners of advice deadlines, by advice request id (the adviser or their organisation). */
  adviceOwners?: Map<string, DeadlineOwner>;
}

/** A deadline as other contexts read it, with its status on the day asked. */
export interface DeadlineView {
  id: string;
  localAuthorityId: string;
  subjectType: DeadlineSubjectType;
  subjectId: string;
  assessmentId: string | null;
  adviceRequestId: string | null;
  key: string;
  kind: DeadlineKind;
  dueOn: IsoDate;
  /** The management target an exception sets (the statutory date never moves). */
  managementTargetOn: IsoDate | null;
  regulation: string;
  statutory: boolean;
  completedOn: IsoDate | null;
  state: DeadlineState;
  revision: number;
  ownerUserId: string | null;
  ownerOrganisationId: string | null;
  caseOwnerUserId: string | null;
  /** As of the day asked (`open`, `overdue`, `met`, `late`, `not_applicable`). */
  status: DeadlineStatus;
}

export interface OpenDeadlinesQuery {
  localAuthorityId: string;
  ownerUserId?: string;
  ownerOrganisationId?: string;
  subjectType?: DeadlineSubjectType;
  subjectId?: string;
  kinds?: readonly string[];
  /** Only those due on or before this day. */
  dueOnOrBefore?: IsoDate;
  limit?: number;
}

/** Open deadlines due by a day, counted per case owner: what a daily digest says. */
export interface OpenDeadlineCounts {
  caseOwnerUserId: string | null;
  dueFromToday: number;
  overdue: number;
}

function stateOf(deadline: ComputedDeadline): DeadlineState {
  if (deadline.status === DeadlineStatus.NotApplicable) return DeadlineState.NotApplicable;
  return deadline.completedOn !== null ? DeadlineState.Completed : DeadlineState.Open;
}

/** Kinds the LA can be overdue on (not the family's 15 days, a school's answer, or the no-plan notice's warning). */
const CHASED_KINDS = Object.values(DeadlineKind).filter((kind) => isChasedWhenOverdue(kind));

/**
 * The deadlines context: persists what the statutory clock computed for any subject, in the command's transaction,
 * and answers every other context's questions about deadlines. Rows are matched by (subject, key); `revision` moves
 * only when something a reminder depends on changes (due date, state, completion, owners). Nothing outside this
 * context reads the `deadlines` table, except reporting's read model (docs/architecture.md).
 */
@Injectable()
export class DeadlinesService {
  constructor(
    private readonly txHost: TxHost,
    private readonly events: DomainEvents,
  ) {}

  async sync(subject: DeadlineSubject, computed: ComputedDeadline[]): Promise<void> {
    const manager = this.txHost.tx;
    const existing = await manager.find(Deadline, { where: { subjectId: subject.subjectId } });
    const byKey = new Map(existing.map((row) => [row.key, row]));
    const seen = new Set<string>();
    const changedIds: string[] = [];
    for (const deadline of computed) {
      seen.add(deadline.key);
      const owner =
        deadline.kind === DeadlineKind.Advice && deadline.adviceRequestId
          ? (subject.adviceOwners?.get(deadline.adviceRequestId) ?? { userId: null, organisationId: null })
          : { userId: subject.caseOwnerUserId, organisationId: null };
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
        caseOwnerUserId: subject.caseOwnerUserId,
      };
      const row = byKey.get(deadline.key);
      if (!row) {
        const inserted = await manager.insert(Deadline, { ...values, revision: 1 });
        changedIds.push(inserted.identifiers[0].id as string);
        continue;
      }
      const material =
        row.dueOn !== values.dueOn ||
        row.state !== values.state ||
        row.completedOn !== values.completedOn ||
        row.ownerUserId !== values.ownerUserId ||
        row.ownerOrganisationId !== values.ownerOrganisationId ||
        row.caseOwnerUserId !== values.caseOwnerUserId;
      const changed = material || row.managementTargetOn !== values.managementTargetOn || row.exceptionApplies !== values.exceptionApplies || row.regulation !== values.regulation || row.statutory !== values.statutory || row.startsOn !== values.startsOn;
      if (changed) await manager.update(Deadline, { id: row.id }, { ...values, revision: material ? row.revision + 1 : row.revision });
      if (material) changedIds.push(row.id);
    }
    const stale = existing.filter((row) => !seen.has(row.key));
    if (stale.length > 0) await manager.delete(Deadline, stale.map((row) => row.id));
    // Created or materially changed: `deadlines.changed` (the reminder planner), in this transaction, so reminders change in the same commit.
    if (changedIds.length > 0) await this.events.emit('deadlines.changed', { deadlineIds: changedIds });
  }

  // ---- reads ----

  /** These deadlines as they stand, with their status on `today`; ids that no longer exist are left out. */
  async byIds(ids: readonly string[], today: IsoDate): Promise<DeadlineView[]> {
    const manager = this.txHost.tx;
    if (ids.length === 0) return [];
    return (await manager.find(Deadline, { where: { id: In([...ids]) } })).map((row) => this.view(row, today));
  }

  /** The deadlines of some assessments (the cases), soonest first. */
  async forAssessments(assessmentIds: readonly string[], today: IsoDate): Promise<DeadlineView[]> {
    const manager = this.txHost.tx;
    if (assessmentIds.length === 0) return [];
    const rows = await manager.find(Deadline, { where: { assessmentId: In([...assessmentIds]) }, order: { dueOn: 'ASC', key: 'ASC' } });
    return rows.map((row) => this.view(row, today));
  }

  /** A case's whole deadline history: the assessment's (and its advice) and these other subjects' (plan, reviews), oldest first. */
  async history(assessmentId: string | null, subjectIds: readonly string[], today: IsoDate): Promise<DeadlineView[]> {
    const manager = this.txHost.tx;
    const where = [...(assessmentId ? [{ assessmentId }] : []), ...(subjectIds.length > 0 ? [{ subjectId: In([...subjectIds]) }] : [])];
    if (where.length === 0) return [];
    return (await manager.find(Deadline, { where, order: { dueOn: 'ASC', key: 'ASC' } })).map((row) => this.view(row, today));
  }

  /** The advice deadlines of the given requests, for the advice context's views. */
  async forAdviceRequests(adviceRequestIds: readonly string[], today: IsoDate): Promise<DeadlineView[]> {
    const manager = this.txHost.tx;
    if (adviceRequestIds.length === 0) return [];
    return (await manager.find(Deadline, { where: { adviceRequestId: In([...adviceRequestIds]) } })).map((row) => this.view(row, today));
  }

  /** Open deadlines of an LA, optionally one owner's, one organisation's or one subject's, soonest first. */
  async open(query: OpenDeadlinesQuery, today: IsoDate): Promise<DeadlineView[]> {
    const manager = this.txHost.tx;
    const qb = manager
      .getRepository(Deadline)
      .createQueryBuilder('d')
      .where('d.local_authority_id = :la AND d.state = :open', { la: query.localAuthorityId, open: DeadlineState.Open })
      .orderBy('d.due_on', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .limit(query.limit ?? 500);
    if (query.ownerUserId) qb.andWhere('d.owner_user_id = :ownerUserId', { ownerUserId: query.ownerUserId });
    if (query.ownerOrganisationId) qb.andWhere('d.owner_organisation_id = :ownerOrganisationId', { ownerOrganisationId: query.ownerOrganisationId });
    if (query.subjectType) qb.andWhere('d.subject_type = :subjectType', { subjectType: query.subjectType });
    if (query.subjectId) qb.andWhere('d.subject_id = :subjectId', { subjectId: query.subjectId });
    if (query.kinds) qb.andWhere('d.kind IN (:...kinds)', { kinds: query.kinds.length > 0 ? query.kinds : [''] });
    if (query.dueOnOrBefore) qb.andWhere('d.due_on <= :dueOnOrBefore', { dueOnOrBefore: query.dueOnOrBefore });
    return (await qb.getMany()).map((row) => this.view(row, today));
  }

  /**
   * A page of open deadlines of these kinds, in id order after `afterId`, with their revision: what the reminders'
   * reconcile walks to find deadlines whose current revision was never planned.
   */
  async openPage(kinds: readonly string[], afterId: string | null, limit: number): Promise<{ id: string; revision: number }[]> {
    const manager = this.txHost.tx;
    const qb = manager
      .getRepository(Deadline)
      .createQueryBuilder('d')
      .select(['d.id', 'd.revision'])
      .where('d.state = :open AND d.kind IN (:...kinds)', { open: DeadlineState.Open, kinds: kinds.length > 0 ? kinds : [''] })
      .orderBy('d.id', 'ASC')
      .limit(limit);
    if (afterId) qb.andWhere('d.id > :afterId', { afterId });
    return (await qb.getMany()).map((row) => ({ id: row.id, revision: row.revision }));
  }

  /**
   * An LA's open deadlines of these kinds due by `dueOnOrBefore`, counted per case owner: those due from `today`,
   * and those past it that are still chased (a warning date past its day is neither).
   */
  async openCountsByCaseOwner(localAuthorityId: string, kinds: readonly string[], today: IsoDate, dueOnOrBefore: IsoDate): Promise<OpenDeadlineCounts[]> {
    const manager = this.txHost.tx;
    const rows: { case_owner_user_id: string | null; due_from_today: string; overdue: string }[] = await manager.query(
      `SELECT case_owner_user_id,
              count(*) FILTER (WHERE due_on >= $3) AS due_from_today,
              count(*) FILTER (WHERE due_on < $3 AND kind = ANY($5::text[])) AS overdue
         FROM deadlines
        WHERE local_authority_id = $1 AND state = 'open' AND kind = ANY($2::text[]) AND due_on <= $4
        GROUP BY case_owner_user_id`,
      [localAuthorityId, kinds, today, dueOnOrBefore, CHASED_KINDS],
    );
    return rows.map((r) => ({ caseOwnerUserId: r.case_owner_user_id, dueFromToday: Number(r.due_from_today), overdue: Number(r.overdue) })).filter((r) => r.dueFromToday + r.overdue > 0);
  }

  /**
   * For another context's list query: SQL that is true when the case (`assessmentIdColumn`) has an open deadline the
   * LA can be overdue on, past `today` (`overdue`) or due by a day (`dueOnOrBefore`). The text is written here, where
   * the table is owned; the caller embeds it with the parameters returned.
   */
  caseHasOpenChasedDeadline(assessmentIdColumn: string, when: { overdueOn: IsoDate } | { dueOnOrBefore: IsoDate }, prefix = 'dl'): { sql: string; parameters: Record<string, unknown> } {
    const due = 'overdueOn' in when ? `${prefix}.due_on < :${prefix}Day` : `${prefix}.due_on <= :${prefix}Day`;
    const day = 'overdueOn' in when ? when.overdueOn : when.dueOnOrBefore;
    return {
      sql: `EXISTS (SELECT 1 FROM deadlines ${prefix} WHERE ${prefix}.assessment_id = ${assessmentIdColumn} AND ${prefix}.state = 'open' AND ${prefix}.kind IN (:...${prefix}Kinds) AND ${due})`,
      parameters: { [`${prefix}Kinds`]: CHASED_KINDS, [`${prefix}Day`]: day },
    };
  }

  /**
   * For the assessments context's caseload order: SQL for the due date of the case (`assessmentIdColumn`)'s next open
   * deadline (the family's 15 days aside, as the list's `nextDeadline`), NULL when none is open.
   */
  nextOpenDueOnSql(assessmentIdColumn: string, prefix = 'nd'): string {
    return `(SELECT min(${prefix}.due_on) FROM deadlines ${prefix} WHERE ${prefix}.assessment_id = ${assessmentIdColumn} AND ${prefix}.state = 'open' AND ${prefix}.kind <> '${DeadlineKind.DraftRepresentations}')`;
  }

  /** For the advice context's list: SQL true when the advice request (`adviceRequestIdColumn`) has a deadline before `today`. */
  adviceDeadlinePassed(adviceRequestIdColumn: string, today: IsoDate, prefix = 'dl'): { sql: string; parameters: Record<string, unknown> } {
    return {
      sql: `EXISTS (SELECT 1 FROM deadlines ${prefix} WHERE ${prefix}.advice_request_id = ${adviceRequestIdColumn} AND ${prefix}.due_on < :${prefix}Today)`,
      parameters: { [`${prefix}Today`]: today },
    };
  }

  /**
   * For the advice context's aggregates: a join that gives each advice request (`adviceRequestIdColumn`) its deadline
   * as `alias` (columns due_on, statutory), or nulls when it has none (the family's own advice).
   */
  adviceDeadlineJoin(adviceRequestIdColumn: string, alias: string): string {
    return `LEFT JOIN deadlines ${alias} ON ${alias}.advice_request_id = ${adviceRequestIdColumn}`;
  }

  private view(row: Deadline, today: IsoDate): DeadlineView {
    return {
      id: row.id,
      localAuthorityId: row.localAuthorityId,
      subjectType: row.subjectType,
      subjectId: row.subjectId,
      assessmentId: row.assessmentId,
      adviceRequestId: row.adviceRequestId,
      key: row.key,
      kind: row.kind,
      dueOn: row.dueOn,
      managementTargetOn: row.managementTargetOn,
      regulation: row.regulation,
      statutory: row.statutory,
      completedOn: row.completedOn,
      state: row.state,
      revision: row.revision,
      ownerUserId: row.ownerUserId,
      ownerOrganisationId: row.ownerOrganisationId,
      caseOwnerUserId: row.caseOwnerUserId,
      status: this.statusOf(row, today),
    };
  }

  private statusOf(row: Deadline, today: IsoDate): DeadlineStatus {
    // A date that is a warning, not a duty, once passed stays open (the no-plan notice on an open case, Regs 10(1)).
    return deadlineStatus({ dueOn: row.dueOn, completedOn: row.completedOn, notApplicable: row.state === DeadlineState.NotApplicable, neverOverdue: !isChasedWhenOverdue(row.kind) }, today);
  }
}
