import { Actor, Clock } from '@app/core';
import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { isAfter, isOnOrBefore, sen2ActivityPeriod } from '@app/statutory-clock';
import { OPEN_STATUSES } from '@app/assessments';
import { READ_DATA_SOURCE } from '@app/database';
import { DataSource } from 'typeorm';
import { CsvValue, toCsv } from '../csv';
import { caseProblems, needsOf, personProblems, PlacementItem, placementsOf, SEN2_FIXES, Sen2Problem } from './sen2-rules';
import { personXml, Sen2Header, xmlClosing, xmlOpening } from './sen2-xml';
import { activePlanReviews, NO_REVIEW_FIELDS } from './sen2-reviews';

export const SEN2_MODULES = ['person', 'requests', 'assessments', 'named_plans', 'plan_details', 'active_plans', 'placements', 'sen_needs', 'errors'] as const;
export type Sen2Module = (typeof SEN2_MODULES)[number];
export type Sen2Row = Record<string, string | number | null>;

/**
 * The columns of each module, in export order (docs/sen2.md maps each to our data). Columns added after the first
 * release are appended, so a CSV reader by position keeps working.
 */
export const SEN2_COLUMNS: Record<Sen2Module, readonly string[]> = {
  person: ['person_id', 'surname', 'forename', 'person_birth_date', 'sex', 'ethnicity', 'postcode', 'upn', 'uln'],
  requests: ['request_id', 'person_id', 'received_date', 'request_source', 'request_outcome', 'request_outcome_date', 'request_mediation', 'request_tribunal', 'rya', 'exported'],
  assessments: ['request_id', 'person_id', 'assessment_outcome', 'assessment_outcome_date', 'week20', 'assessment_mediation', 'assessment_tribunal', 'other_mediation', 'other_tribunal'],
  named_plans: ['plan_id', 'request_id', 'person_id', 'start_date', 'personal_budget', 'cease_date', 'cease_reason', 'direct_payment', 'organised_arrangements', 'plan_residential', 'plan_work_based'],
  plan_details: ['plan_id', 'person_id', 'placement_rank', 'urn', 'ukprn', 'sen_setting', 'residential', 'work_based'],
  active_plans: ['plan_id', 'person_id', 'review_meeting_date', 'review_decision_date', 'review_outcome', 'draft_amended_plan_date', 'phase_transfer_due_date', 'phase_transfer_final_date', 'transfer_la', 'residential', 'work_based'],
  placements: ['plan_id', 'person_id', 'placement_rank', 'urn', 'ukprn', 'sen_setting', 'residential', 'work_based'],
  sen_needs: ['plan_id', 'person_id', 'sen_type', 'sen_type_rank'],
  errors: ['module', 'record_id', 'person_id', 'field', 'reason'],
};

/** How many children one batch of the streamed return reads (memory stays flat whatever the LA's size). */
const BATCH = 500;

interface CaseRow {
  id: string;
  child_id: string;
  request_received_on: string;
  request_source: string;
  decision_to_assess: string | null;
  decision_to_assess_on: string | null;
  decision_to_issue: string | null;
  decision_to_issue_on: string | null;
  final_issued_on: string | null;
  withdrawn_on: string | null;
  withdrawal_reason: string | null;
  exceptions_apply: boolean;
  given_name: string;
  family_name: string;
  date_of_birth: string;
  sex: string;
  ethnicity: string | null;
  postcode: string | null;
  upn: string | null;
  uln: string | null;
  setting_urn: string | null;
  plan_id: string | null;
  placements: PlacementItem[] | null;
  budget: { directPayment?: boolean }[] | null;
  /** An agreed personal budget (personal_budget_requests) notified on or before the census date. */
  budget_agreed: boolean;
  /** A plan transferred in from another LA (transfers, direction in): its LA code and the day of the transfer. */
  transfer_la: string | null;
  transferred_in_on: string | null;
  /** The assessment went to another LA while in progress (transfers, direction out, not cancelled), by the census date. */
  exported_on: string | null;
  needs: { area?: string }[] | null;
  ceased_on: string | null;
  cease_reason: number | null;
}

/** One finding of our validation rules, on the child it concerns (docs/sen2.md, "Validation"). */
export interface Sen2Issue {
  severity: 'error' | 'warning';
  module: Sen2Module;
  recordId: string;
  childId: string;
  childName: string;
  field: string;
  item: string;
  reason: string;
  message: string;
}

/** One request as the return nests it (Requests > Assessment > NamedPlan, and ActivePlans beside the assessment). */
export interface Sen2RequestRecord {
  /** In the requests and assessments modules (activity in the period or open), not only there for its plan. */
  inRequests: boolean;
  request: Sen2Row;
  assessment: Sen2Row | null;
  namedPlan: Sen2Row | null;
  planDetails: Sen2Row[];
  activePlan: Sen2Row | null;
  placements: Sen2Row[];
  needs: Sen2Row[];
}

/** One person of the return with their requests and what our rules found. */
export interface Sen2PersonRecord {
  person: Sen2Row;
  requests: Sen2RequestRecord[];
  issues: Sen2Issue[];
}

export interface Sen2Export {
  censusDate: string;
  activityFrom: string;
  activityTo: string;
  counts: Record<Sen2Module, number>;
  modules: Record<Sen2Module, Sen2Row[]>;
}

export interface Sen2Validation {
  censusDate: string;
  errors: Omit<Sen2Issue, 'severity'>[];
  warnings: Omit<Sen2Issue, 'severity'>[];
}

const yn = (value: boolean) => (value ? 'Y' : 'N');

/**
 * The SEN2 person-level return for the caller's LA at a census date (docs/sen2.md): activity in the previous calendar
 * year, ongoing work and active plans, everything "as at" the census date (a later event is left out). A record that
 * fails validation is exported all the same and listed in `errors` with its reason. Active plans carry their review
 * fields (sen2-reviews.ts); a plan ceased on or before the census date carries its cease date and SEN2 reason in
 * named_plans and leaves the active-plan modules. Mediation and tribunal flags come from the appeals register.
 *
 * `people` reads the LA a batch of children at a time (keyset over `ix_children_la_created`), so the XML streams
 * with memory flat; JSON, CSV and the validation are built from the same records.
 */
@Injectable()
export class Sen2Service {
  constructor(
    @Inject(READ_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async export(actor: Actor, censusDate: string): Promise<Sen2Export> {
    const { from, to } = sen2ActivityPeriod(censusDate);
    const modules = Object.fromEntries(SEN2_MODULES.map((m) => [m, []])) as unknown as Record<Sen2Module, Sen2Row[]>;
    for await (const p of this.people(actor.localAuthorityId, censusDate)) {
      modules.person.push(p.person);
      for (const r of p.requests) {
        if (r.inRequests) {
          modules.requests.push(r.request);
          if (r.assessment) modules.assessments.push(r.assessment);
        }
        if (r.namedPlan) modules.named_plans.push(r.namedPlan);
        modules.plan_details.push(...r.planDetails);
        if (r.activePlan) modules.active_plans.push(r.activePlan);
        modules.placements.push(...r.placements);
        modules.sen_needs.push(...r.needs);
      }
      for (const i of p.issues) if (i.severity === 'error') modules.errors.push({ module: i.module, record_id: i.recordId, person_id: i.childId, field: i.field, reason: i.reason });
    }
    await this.audit.recordRead(actor, { action: 'report.sen2', entityType: 'report', entityId: null, metadata: { censusDate, people: modules.person.length } });
    const counts = Object.fromEntries(SEN2_MODULES.map((m) => [m, modules[m].length])) as Record<Sen2Module, number>;
    return { censusDate, activityFrom: from, activityTo: to, counts, modules };
  }

  /** Every error and warning our rules find, with the child, the SEN2 item and what to fix. */
  async validation(actor: Actor, censusDate: string): Promise<Sen2Validation> {
    const errors: Omit<Sen2Issue, 'severity'>[] = [];
    const warnings: Omit<Sen2Issue, 'severity'>[] = [];
    for await (const p of this.people(actor.localAuthorityId, censusDate)) {
      for (const { severity, ...issue } of p.issues) (severity === 'error' ? errors : warnings).push(issue);
    }
    await this.audit.recordRead(actor, { action: 'report.sen2_validation', entityType: 'report', entityId: null, metadata: { censusDate, errors: errors.length, warnings: warnings.length } });
    return { censusDate, errors, warnings };
  }

  /** How many errors the return has today: the dashboard's count (no child-level detail, no audit of a child). */
  async errorCount(localAuthorityId: string, censusDate: string): Promise<number> {
    let n = 0;
    for await (const p of this.people(localAuthorityId, censusDate)) n += p.issues.filter((i) => i.severity === 'error').length;
    return n;
  }

  /** The return as the DfE's XML (modules 0-5), streamed a batch of children at a time. Audited before the first byte. */
  async xml(actor: Actor, censusDate: string): Promise<Readable> {
    const [la] = await this.dataSource.query<{ code: string }[]>(`SELECT code FROM local_authorities WHERE id = $1`, [actor.localAuthorityId]);
    await this.audit.recordRead(actor, { action: 'report.sen2', entityType: 'report', entityId: null, metadata: { censusDate, format: 'xml' } });
    const header: Sen2Header = { censusDate, laCode: la?.code ?? '', generatedAt: this.clock.now() };
    const people = this.people(actor.localAuthorityId, censusDate);
    async function* chunks(): AsyncGenerator<string> {
      yield xmlOpening(header);
      let buffer = '';
      for await (const p of people) {
        buffer += personXml(p);
        if (buffer.length > 64 * 1024) {
          yield buffer;
          buffer = '';
        }
      }
      yield buffer + xmlClosing();
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  /** The people of the return, in batches of children (created order), each with their requests nested. */
  async *people(localAuthorityId: string, censusDate: string): AsyncGenerator<Sen2PersonRecord> {
    let after: { createdAt: string; id: string } | null = null;
    for (;;) {
      const children: { id: string; created_at: string }[] = await this.dataSource.query(
        `SELECT id, created_at::text AS created_at FROM children
          WHERE local_authority_id = $1 ${after ? 'AND (created_at, id) > ($2::timestamptz, $3::uuid)' : ''}
          ORDER BY created_at, id LIMIT ${BATCH}`,
        after ? [localAuthorityId, after.createdAt, after.id] : [localAuthorityId],
      );
      if (children.length === 0) return;
      after = { createdAt: children[children.length - 1].created_at, id: children[children.length - 1].id };
      yield* await this.batch(localAuthorityId, censusDate, children.map((c) => c.id));
      if (children.length < BATCH) return;
    }
  }

  private async batch(localAuthorityId: string, censusDate: string, childIds: string[]): Promise<Sen2PersonRecord[]> {
    const { from, to } = sen2ActivityPeriod(censusDate);
    const rows = await this.dataSource.query<CaseRow[]>(
      `SELECT a.id, a.child_id, a.request_received_on, a.request_source, a.decision_to_assess, a.decision_to_assess_on, a.decision_to_issue, a.decision_to_issue_on,
              a.final_issued_on, a.withdrawn_on, a.withdrawal_reason, a.exceptions_apply, c.given_name, c.family_name, c.date_of_birth, c.sex, c.ethnicity, c.postcode, c.upn, c.uln, c.setting_urn,
              p.id AS plan_id, p.sections->'I'->'items' AS placements, p.sections->'J'->'items' AS budget, p.sections->'B'->'items' AS needs,
              to_char(pc.ceased_on, 'YYYY-MM-DD') AS ceased_on, pc.reason AS cease_reason,
              EXISTS (SELECT 1 FROM personal_budget_requests b WHERE b.plan_id = p.id AND b.local_authority_id = $1 AND b.status = 'agreed' AND b.decision_notified_on <= $2) AS budget_agreed,
              tin.other_local_authority_code AS transfer_la, to_char(tin.transferred_on, 'YYYY-MM-DD') AS transferred_in_on,
              (SELECT to_char(min(t.moves_on), 'YYYY-MM-DD') FROM transfers t WHERE t.assessment_id = a.id AND t.local_authority_id = $1 AND t.direction = 'out' AND t.kind = 'assessment'
                  AND t.status <> 'cancelled' AND t.moves_on <= $2) AS exported_on
         FROM assessments a JOIN children c ON c.id = a.child_id LEFT JOIN plans p ON p.assessment_id = a.id
         LEFT JOIN LATERAL (SELECT ceased_on, reason FROM plan_cessations WHERE plan_id = p.id AND status = 'ceased' ORDER BY ceased_on DESC LIMIT 1) pc ON true
         LEFT JOIN LATERAL (SELECT other_local_authority_code, transferred_on FROM transfers WHERE plan_id = p.id AND local_authority_id = $1 AND direction = 'in' AND kind = 'plan'
                              AND transferred_on <= $2 ORDER BY transferred_on DESC LIMIT 1) tin ON true
        WHERE a.local_authority_id = $1 AND a.child_id = ANY($5) AND a.request_received_on <= $2
          AND (a.final_issued_on IS NOT NULL OR GREATEST(a.request_received_on, a.decision_to_assess_on, a.decision_to_issue_on, a.withdrawn_on) >= $3
               OR a.status = ANY($4) OR tin.transferred_on IS NOT NULL)
        ORDER BY array_position($5::uuid[], a.child_id), a.request_received_on, a.id`,
      [localAuthorityId, censusDate, from, [...OPEN_STATUSES], childIds],
    );
    if (rows.length === 0) return [];
    const planIds = rows.map((r) => r.plan_id).filter((id): id is string => id !== null);
    const [reviewFields, disputes] = await Promise.all([
      activePlanReviews(this.dataSource, localAuthorityId, censusDate, planIds),
      this.disputes(localAuthorityId, censusDate, rows.map((r) => r.id)),
    ]);
    const people: Sen2PersonRecord[] = [];
    const asAt = (date: string | null) => (date !== null && isOnOrBefore(date, censusDate) ? date : null);
    const inYear = (date: string | null) => date !== null && !isAfter(from, date) && isOnOrBefore(date, to);

    for (const r of rows) {
      const assessed = asAt(r.decision_to_assess_on);
      const issueDecided = asAt(r.decision_to_issue_on);
      const final = asAt(r.final_issued_on);
      const withdrawn = asAt(r.withdrawn_on);
      // A plan ceased on or before the census date is not active; one ceased before the activity year is not in the return.
      const ceased = asAt(r.ceased_on);
      // A plan transferred in from another LA is maintained here from the day of the transfer (Regs 15(3)): it is an
      // active plan with TransferLA, but this LA neither received its request nor assessed (docs/sen2.md, "Transfers").
      const transferredIn = r.transferred_in_on !== null && final === null;
      const planInReturn = (final !== null || transferredIn) && !(ceased !== null && isAfter(from, ceased));
      const refused = r.decision_to_assess === 'refuse' ? assessed : null;
      const noPlan = r.decision_to_issue === 'not_issue' ? issueDecided : null;
      const closed = refused ?? noPlan ?? withdrawn ?? final;
      const activeInYear = [r.request_received_on, assessed, issueDecided, final, withdrawn].some(inYear);
      const inRequests = !transferredIn && (activeInYear || closed === null);
      if (!inRequests && !planInReturn) continue;

      let person = people[people.length - 1];
      if (person?.person.person_id !== r.child_id) {
        person = { person: { person_id: r.child_id, surname: r.family_name, forename: r.given_name, person_birth_date: r.date_of_birth, sex: r.sex, ethnicity: r.ethnicity, postcode: r.postcode, upn: r.upn, uln: r.uln }, requests: [], issues: [] };
        people.push(person);
        const facts = { surname: r.family_name, forename: r.given_name, birthDate: r.date_of_birth, sex: r.sex, ethnicity: r.ethnicity, postcode: r.postcode, upn: r.upn, uln: r.uln };
        for (const p of personProblems(facts, censusDate)) person.issues.push(issue('error', 'person', r.child_id, r, p));
      }
      const dispute = disputes.get(r.id) ?? NO_DISPUTES;
      const outcome = assessed ? (r.decision_to_assess === 'refuse' ? 'refuse' : 'assess') : withdrawn ? 'withdrawn' : null;
      const ageAtRequest = yearsBetween(r.date_of_birth, r.request_received_on);
      const record: Sen2RequestRecord = {
        inRequests,
        request: {
          request_id: r.id,
          person_id: r.child_id,
          received_date: r.request_received_on,
          request_source: r.request_source,
          request_outcome: outcome,
          request_outcome_date: assessed ?? withdrawn,
          request_mediation: yn(dispute.requestMediation),
          request_tribunal: yn(dispute.requestTribunal),
          rya: yn(ageAtRequest >= 19),
          // Moved out of the LA before the assessment completed: a transfer of the assessment to another LA (Regs 15,
          // libs/boundaries), or withdrawn because the family moved away.
          exported: yn(final === null && (r.exported_on !== null || (withdrawn !== null && r.withdrawal_reason === 'moved_away'))),
        },
        assessment: null,
        namedPlan: null,
        planDetails: [],
        activePlan: null,
        placements: [],
        needs: [],
      };
      if (transferredIn) {
        // The request as the return needs it for a plan this LA took over: received and "assessed" the day of the transfer.
        record.request.received_date = r.transferred_in_on;
        record.request.request_outcome = 'assess';
        record.request.request_outcome_date = r.transferred_in_on;
      }
      if (assessed && r.decision_to_assess === 'assess') {
        const assessmentOutcome = final ? 'issue_plan' : noPlan ? 'no_plan' : withdrawn ? 'withdrawn' : null;
        record.assessment = {
          request_id: r.id,
          person_id: r.child_id,
          assessment_outcome: assessmentOutcome,
          assessment_outcome_date: final ?? noPlan ?? withdrawn,
          week20: final ? yn(r.exceptions_apply) : null,
          assessment_mediation: yn(dispute.assessmentMediation),
          assessment_tribunal: yn(dispute.assessmentTribunal),
          other_mediation: yn(dispute.otherMediation),
          other_tribunal: yn(dispute.otherTribunal),
        };
      }
      // Imported historic cases carry no plan record or content: the plan is identified by its request.
      const planId = r.plan_id ?? r.id;
      const placed = placementsOf(r.placements ?? [], r.setting_urn);
      const placementRows = placed.placements.map((p) => ({ plan_id: planId, person_id: r.child_id, placement_rank: p.rank, urn: p.urn, ukprn: null, sen_setting: p.senSetting, residential: p.residential, work_based: yn(p.workBased) }));
      // The plan's residential code (PlanRes, RES): the primary placement's.
      const planResidential = placed.placements.find((p) => p.rank === 1)?.residential ?? null;
      // PlanWBP / WBP likewise: whether the primary placement is work-based (left out when no placement is known).
      const primary = placed.placements.find((p) => p.rank === 1);
      const planWorkBased = primary ? yn(primary.workBased) : null;
      const budget = r.budget ?? [];
      if (planInReturn && !transferredIn) {
        record.namedPlan = {
          plan_id: planId,
          request_id: r.id,
          person_id: r.child_id,
          start_date: final,
          // A personal budget: one agreed on the family's request (s49), or one set out in section J.
          personal_budget: yn(budget.length > 0 || r.budget_agreed),
          cease_date: ceased,
          cease_reason: ceased ? r.cease_reason : null,
          direct_payment: yn(budget.some((b) => b.directPayment === true)),
          organised_arrangements: yn(budget.some((b) => b.directPayment !== true)),
          plan_residential: planResidential,
          plan_work_based: planWorkBased,
        };
        record.planDetails = placementRows;
      }
      const review = planInReturn && ceased === null ? (reviewFields.get(planId) ?? NO_REVIEW_FIELDS) : null;
      if (review) {
        record.activePlan = { plan_id: planId, person_id: r.child_id, ...review, transfer_la: transferredIn ? r.transfer_la : null, residential: planResidential, work_based: planWorkBased };
        record.placements = placementRows;
        for (const p of placed.problems) person.issues.push(issue('error', 'placements', planId, r, p));
        if (transferredIn && r.transfer_la === null) person.issues.push(issue('error', 'active_plans', planId, r, { field: 'transfer_la', reason: 'plan transferred in without the other LA’s three-digit code' }));
        const needs = needsOf(r.needs ?? []);
        record.needs = needs.needs.map((n) => ({ plan_id: planId, person_id: r.child_id, sen_type: n.senType, sen_type_rank: n.rank }));
        for (const p of needs.problems) person.issues.push(issue('error', 'sen_needs', planId, r, p));
      }
      const checks = caseProblems({
        receivedDate: r.request_received_on,
        requestSource: r.request_source,
        requestOutcomeDate: assessed ?? withdrawn,
        assessmentOutcomeDate: (record.assessment?.assessment_outcome_date as string | null) ?? null,
        startDate: planInReturn ? final : null,
        ceaseDate: planInReturn ? ceased : null,
        ceaseReason: ceased ? r.cease_reason : null,
        reviewMeetingDate: review?.review_meeting_date ?? null,
        reviewDecisionDate: review?.review_decision_date ?? null,
      });
      const moduleOf = (field: string): Sen2Module => (field.startsWith('request') ? 'requests' : field === 'assessment_outcome_date' ? 'assessments' : field.startsWith('review') ? 'active_plans' : 'named_plans');
      for (const p of checks.errors) person.issues.push(issue('error', moduleOf(p.field), r.id, r, p));
      // A plan transferred in was not requested here: its "other" source is ours, not a figure the DfE would query.
      for (const p of checks.warnings) if (!(transferredIn && p.field === 'request_source')) person.issues.push(issue('warning', moduleOf(p.field), r.id, r, p));
      person.requests.push(record);
    }
    return people;
  }

  /**
   * The mediation and tribunal flags of each request, read from the appeals register as at the census date: an
   * appeal against the refusal to assess sets the request's, one against the decision not to issue the assessment's,
   * any other appealable decision on the case (plan contents, not amending, ceasing, refusing to re-assess) the
   * "other" ones. Mediation: requested, held or certified on or before the census date; tribunal: lodged by then.
   */
  private async disputes(localAuthorityId: string, censusDate: string, assessmentIds: string[]): Promise<Map<string, Disputes>> {
    const rows = await this.dataSource.query<{ assessment_id: string; decision: string; mediation: boolean; tribunal: boolean }[]>(
      `SELECT assessment_id, decision,
              bool_or(LEAST(mediation_requested_on, mediation_held_on, mediation_certificate_on) <= $2) AS mediation,
              bool_or(lodged_on <= $2) AS tribunal
         FROM appeals WHERE local_authority_id = $1 AND assessment_id = ANY($3) AND notice_on <= $2
        GROUP BY 1, 2`,
      [localAuthorityId, censusDate, assessmentIds],
    );
    const byCase = new Map<string, Disputes>();
    for (const row of rows) {
      const d = byCase.get(row.assessment_id) ?? { ...NO_DISPUTES };
      const which = row.decision === 'refuse_to_assess' ? 'request' : row.decision === 'not_to_issue' ? 'assessment' : 'other';
      if (row.mediation) d[`${which}Mediation`] = true;
      if (row.tribunal) d[`${which}Tribunal`] = true;
      byCase.set(row.assessment_id, d);
    }
    return byCase;
  }

  toCsv(data: Sen2Export, module: Sen2Module): string {
    const columns = SEN2_COLUMNS[module];
    return toCsv(columns, data.modules[module].map((row) => columns.map((c) => row[c] as CsvValue)));
  }
}

interface Disputes {
  requestMediation: boolean;
  requestTribunal: boolean;
  assessmentMediation: boolean;
  assessmentTribunal: boolean;
  otherMediation: boolean;
  otherTribunal: boolean;
}
const NO_DISPUTES: Disputes = { requestMediation: false, requestTribunal: false, assessmentMediation: false, assessmentTribunal: false, otherMediation: false, otherTribunal: false };

/** Whole years from a birth date to a day (calendar dates, no time zone). */
function yearsBetween(birth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  return on.slice(5) < birth.slice(5) ? years - 1 : years;
}

function issue(severity: 'error' | 'warning', module: Sen2Module, recordId: string, r: { child_id: string; given_name: string; family_name: string }, p: Sen2Problem): Sen2Issue {
  const fix = SEN2_FIXES[p.field];
  return { severity, module, recordId, childId: r.child_id, childName: `${r.given_name} ${r.family_name}`, field: p.field, item: fix?.item ?? p.field, reason: p.reason, message: fix ? `${p.reason}: ${fix.fix}` : p.reason };
}
