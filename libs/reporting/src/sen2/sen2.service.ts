import { Inject, Injectable } from '@nestjs/common';
import { Actor } from '@app/core';
import { AuditService } from '@app/audit';
import { isAfter, isOnOrBefore, sen2ActivityPeriod } from '@app/statutory-clock';
import { OPEN_STATUSES } from '@app/assessments';
import { READ_DATA_SOURCE } from '@app/database';
import { DataSource } from 'typeorm';
import { CsvValue, toCsv } from '../csv';
import { needsOf, personProblems, placementsOf } from './sen2-rules';
import { activePlanReviews, NO_REVIEW_FIELDS } from './sen2-reviews';

export const SEN2_MODULES = ['person', 'requests', 'assessments', 'named_plans', 'active_plans', 'placements', 'sen_needs', 'errors'] as const;
export type Sen2Module = (typeof SEN2_MODULES)[number];
export type Sen2Row = Record<string, string | number | null>;

/** The columns of each module, in export order (docs/sen2.md maps each to our data). */
export const SEN2_COLUMNS: Record<Sen2Module, readonly string[]> = {
  person: ['person_id', 'surname', 'forename', 'person_birth_date', 'sex', 'ethnicity', 'postcode', 'upn', 'uln'],
  requests: ['request_id', 'person_id', 'received_date', 'request_source', 'request_outcome', 'request_outcome_date', 'request_mediation', 'request_tribunal'],
  assessments: ['request_id', 'person_id', 'assessment_outcome', 'assessment_outcome_date', 'week20', 'assessment_mediation', 'assessment_tribunal'],
  named_plans: ['plan_id', 'request_id', 'person_id', 'start_date', 'personal_budget', 'cease_date', 'cease_reason'],
  active_plans: ['plan_id', 'person_id', 'review_meeting_date', 'review_decision_date', 'review_outcome', 'draft_amended_plan_date', 'phase_transfer_due_date'],
  placements: ['plan_id', 'person_id', 'placement_rank', 'urn', 'ukprn', 'sen_setting'],
  sen_needs: ['plan_id', 'person_id', 'sen_type', 'sen_type_rank'],
  errors: ['module', 'record_id', 'person_id', 'field', 'reason'],
};

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
  placements: { name?: string; urn?: string | null; type?: string }[] | null;
  budget: unknown[] | null;
  needs: { area?: string }[] | null;
  ceased_on: string | null;
  cease_reason: number | null;
}

export interface Sen2Export {
  censusDate: string;
  activityFrom: string;
  activityTo: string;
  counts: Record<Sen2Module, number>;
  modules: Record<Sen2Module, Sen2Row[]>;
}

/**
 * The SEN2 person-level return for the caller's LA at a census date (docs/sen2.md): activity in the previous calendar
 * year, ongoing work and active plans, everything "as at" the census date (a later event is left out). A record that
 * fails validation is exported all the same and listed in `errors` with its reason. Active plans carry their review
 * fields (sen2-reviews.ts); a plan ceased on or before the census date carries its cease date and SEN2 reason in
 * named_plans and leaves the active-plan modules. Mediation, tribunal and personal-budget detail stay empty.
 */
@Injectable()
export class Sen2Service {
  constructor(
    @Inject(READ_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async export(actor: Actor, censusDate: string): Promise<Sen2Export> {
    const { from, to } = sen2ActivityPeriod(censusDate);
    const rows = await this.dataSource.query<CaseRow[]>(
      `SELECT a.id, a.child_id, a.request_received_on, a.request_source, a.decision_to_assess, a.decision_to_assess_on, a.decision_to_issue, a.decision_to_issue_on,
              a.final_issued_on, a.withdrawn_on, a.exceptions_apply, c.given_name, c.family_name, c.date_of_birth, c.sex, c.ethnicity, c.postcode, c.upn, c.uln, c.setting_urn,
              p.id AS plan_id, p.sections->'I'->'items' AS placements, p.sections->'J'->'items' AS budget, p.sections->'B'->'items' AS needs,
              to_char(pc.ceased_on, 'YYYY-MM-DD') AS ceased_on, pc.reason AS cease_reason
         FROM assessments a JOIN children c ON c.id = a.child_id LEFT JOIN plans p ON p.assessment_id = a.id
         LEFT JOIN LATERAL (SELECT ceased_on, reason FROM plan_cessations WHERE plan_id = p.id AND status = 'ceased' ORDER BY ceased_on DESC LIMIT 1) pc ON true
        WHERE a.local_authority_id = $1 AND a.request_received_on <= $2
          AND (a.final_issued_on IS NOT NULL OR GREATEST(a.request_received_on, a.decision_to_assess_on, a.decision_to_issue_on, a.withdrawn_on) >= $3
               OR a.status = ANY($4))
        ORDER BY a.request_received_on, a.id`,
      [actor.localAuthorityId, censusDate, from, [...OPEN_STATUSES]],
    );
    const reviewFields = await activePlanReviews(this.dataSource, actor.localAuthorityId, censusDate);
    const modules: Record<Sen2Module, Sen2Row[]> = { person: [], requests: [], assessments: [], named_plans: [], active_plans: [], placements: [], sen_needs: [], errors: [] };
    const people = new Set<string>();
    const asAt = (date: string | null) => (date !== null && isOnOrBefore(date, censusDate) ? date : null);
    const inYear = (date: string | null) => date !== null && !isAfter(from, date) && isOnOrBefore(date, to);
    const error = (module: Sen2Module, recordId: string, personId: string, field: string, reason: string) => modules.errors.push({ module, record_id: recordId, person_id: personId, field, reason });

    for (const r of rows) {
      const assessed = asAt(r.decision_to_assess_on);
      const issueDecided = asAt(r.decision_to_issue_on);
      const final = asAt(r.final_issued_on);
      const withdrawn = asAt(r.withdrawn_on);
      // A plan ceased on or before the census date is not active; one ceased before the activity year is not in the return.
      const ceased = asAt(r.ceased_on);
      const planInReturn = final !== null && !(ceased !== null && isAfter(from, ceased));
      const refused = r.decision_to_assess === 'refuse' ? assessed : null;
      const noPlan = r.decision_to_issue === 'not_issue' ? issueDecided : null;
      const closed = refused ?? noPlan ?? withdrawn ?? final;
      const activeInYear = [r.request_received_on, assessed, issueDecided, final, withdrawn].some(inYear);
      const inRequests = activeInYear || closed === null;
      if (!inRequests && !planInReturn) continue;

      if (!people.has(r.child_id)) {
        people.add(r.child_id);
        modules.person.push({ person_id: r.child_id, surname: r.family_name, forename: r.given_name, person_birth_date: r.date_of_birth, sex: r.sex, ethnicity: r.ethnicity, postcode: r.postcode, upn: r.upn, uln: r.uln });
        const facts = { surname: r.family_name, forename: r.given_name, birthDate: r.date_of_birth, sex: r.sex, ethnicity: r.ethnicity, postcode: r.postcode, upn: r.upn, uln: r.uln };
        for (const p of personProblems(facts, censusDate)) error('person', r.child_id, r.child_id, p.field, p.reason);
      }
      if (inRequests) {
        const outcome = assessed ? (r.decision_to_assess === 'refuse' ? 'refuse' : 'assess') : withdrawn ? 'withdrawn' : null;
        modules.requests.push({
          request_id: r.id,
          person_id: r.child_id,
          received_date: r.request_received_on,
          request_source: r.request_source,
          request_outcome: outcome,
          request_outcome_date: assessed ?? withdrawn,
          request_mediation: null,
          request_tribunal: null,
        });
        if (assessed && r.decision_to_assess === 'assess') {
          const assessmentOutcome = final ? 'issue_plan' : noPlan ? 'no_plan' : withdrawn ? 'withdrawn' : null;
          modules.assessments.push({
            request_id: r.id,
            person_id: r.child_id,
            assessment_outcome: assessmentOutcome,
            assessment_outcome_date: final ?? noPlan ?? withdrawn,
            week20: final ? (r.exceptions_apply ? 'Y' : 'N') : null,
            assessment_mediation: null,
            assessment_tribunal: null,
          });
        }
      }
      if (planInReturn) {
        // Imported historic cases carry no plan record or content: the plan is identified by its request.
        const planId = r.plan_id ?? r.id;
        modules.named_plans.push({ plan_id: planId, request_id: r.id, person_id: r.child_id, start_date: final, personal_budget: (r.budget ?? []).length > 0 ? 'Y' : 'N', cease_date: ceased, cease_reason: ceased ? r.cease_reason : null });
      }
      if (planInReturn && ceased === null) {
        const planId = r.plan_id ?? r.id;
        modules.active_plans.push({ plan_id: planId, person_id: r.child_id, ...(reviewFields.get(planId) ?? NO_REVIEW_FIELDS) });
        const placed = placementsOf(r.placements ?? [], r.setting_urn);
        for (const p of placed.placements) modules.placements.push({ plan_id: planId, person_id: r.child_id, placement_rank: p.rank, urn: p.urn, ukprn: null, sen_setting: p.senSetting });
        for (const p of placed.problems) error('placements', planId, r.child_id, p.field, p.reason);
        const needs = needsOf(r.needs ?? []);
        for (const n of needs.needs) modules.sen_needs.push({ plan_id: planId, person_id: r.child_id, sen_type: n.senType, sen_type_rank: n.rank });
        for (const p of needs.problems) error('sen_needs', planId, r.child_id, p.field, p.reason);
      }
    }
    await this.audit.recordRead(actor, { action: 'report.sen2', entityType: 'report', entityId: null, metadata: { censusDate, people: modules.person.length } });
    const counts = Object.fromEntries(SEN2_MODULES.map((m) => [m, modules[m].length])) as Record<Sen2Module, number>;
    return { censusDate, activityFrom: from, activityTo: to, counts, modules };
  }

  toCsv(data: Sen2Export, module: Sen2Module): string {
    const columns = SEN2_COLUMNS[module];
    return toCsv(columns, data.modules[module].map((row) => columns.map((c) => row[c] as CsvValue)));
  }
}
