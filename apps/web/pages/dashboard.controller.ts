import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiClient, isUserError, must } from '../api/api-client';
import { ForRoles } from '../core/access';
import { fieldError, FieldError } from '../core/form-errors';
import { Views } from '../core/views';
import type { paths } from '../api/openapi';
import { barChart, percentLineChart } from './dashboard-charts';

type DashboardQuery = NonNullable<paths['/api/v1/reports/dashboard']['get']['parameters']['query']>;
type Table = NonNullable<DashboardQuery['table']>;
/** The JSON answer (the operation also answers CSV, so its typed body is a union with string). */
type Dashboard = paths['/api/v1/reports/dashboard']['get']['responses']['200']['content']['application/json'];
type Risk = paths['/api/v1/reports/risk']['get']['responses']['200']['content']['application/json'];
const TABLES: Table[] = ['timeliness', 'caseload', 'cases_at_risk', 'plans_at_risk', 'advice_late', 'reviews', 'appeals', 'ceased_plans', 'local_authorities'];

const STAGES: Record<string, string> = {
  awaiting_decision: 'Awaiting a decision to assess',
  assessing: 'Assessing',
  drafting: 'Drafting the plan',
  draft_issued: 'Draft plan issued',
  plan_maintained: 'Plans maintained',
};
const DECISIONS: Record<string, string> = {
  refuse_to_assess: 'Refusal to assess',
  not_to_issue: 'Not to issue a plan',
  plan_contents: 'Plan contents',
  refuse_to_reassess: 'Refusal to re-assess',
  not_to_amend: 'Not to amend',
  cease: 'To cease the plan',
};
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The managers' dashboard (web-contract.md `/dashboard`; docs/web.md, "Dashboard"): every figure from one API call
 * (`GET /reports/dashboard`), each chart server-rendered SVG with the same figures in a table, every table as CSV
 * through `/dashboard/download/{table}` (the API token stays on the server). Filters: period, team, caseworker.
 */
@Controller('dashboard')
@ForRoles('manager', 'national_analyst')
export class DashboardController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
  ) {}

  @Get()
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query() raw: Record<string, string>) {
    const national = request.session?.person.role === 'national_analyst';
    const { query, errors } = readFilters(raw, national);
    const api = this.api.as(request);
    const unfiltered: DashboardQuery = national ? { scope: 'national' } : {};
    let result = await api.GET('/api/v1/reports/dashboard', { params: { query: errors.length ? unfiltered : query } });
    if (result.error !== undefined) {
      if (!isUserError(result.response)) must(result);
      errors.push(fieldError('from', 'Check the filters: the figures below are for the last 12 months, unfiltered'));
      result = await api.GET('/api/v1/reports/dashboard', { params: { query: unfiltered } });
    }
    const d = must(result) as Dashboard;
    const people = national ? [] : ((must(await api.GET('/api/v1/reports/risk', { params: { query: { limit: 1 } } })) as Risk).caseload ?? []);
    const teams = [...new Set(people.map((p) => p.team).filter((t): t is string => !!t))].sort();
    const months = d.timeliness.months;
    const timelinessChart = percentLineChart(
      'chart-timeliness',
      'Final plans issued within 20 weeks, by month',
      `The share of final plans issued within 20 weeks in each of the 24 months to ${months[months.length - 1]?.month}, including and excluding plans with the 20-week exceptions flag. The same figures are in the table that follows.`,
      months.map((m) => m.month),
      [
        { name: 'Including exceptions', values: months.map((m) => m.percentWithin20Weeks), dashed: false },
        { name: 'Excluding exceptions (DfE headline)', values: months.map((m) => m.excludingExceptions.percentWithin20Weeks), dashed: true },
      ],
    );
    const caseloadChart = barChart('chart-caseload', 'Caseload by stage', 'Open assessments at each stage today and plans maintained. The same figures are in the table that follows.', d.caseloadByStage.map((s) => ({ label: STAGES[s.stage] ?? s.stage, value: s.count })));
    const adviceChart = barChart('chart-advice', 'Advice late by provider', 'Advice requests overdue today, by the organisation asked. The same figures are in the table that follows.', d.adviceLateByProvider.map((a) => ({ label: a.name, value: a.overdueNow })));
    const appealsChart = barChart('chart-appeals', 'Appeals lodged by decision appealed', 'Appeals lodged with the Tribunal in the period, by the kind of decision appealed. The same figures are in the table that follows.', d.appeals.byDecision.map((a) => ({ label: DECISIONS[a.decision] ?? a.decision, value: a.lodged })));
    const ceasedChart = barChart('chart-ceased', 'Plans ceased by reason', 'Plans ceased in the period, by SEN2 reason. The same figures are in the table that follows.', d.ceasedPlansByReason.map((r) => ({ label: r.label, value: r.plans })));
    const download = (table: Table) => `/dashboard/download/${table}?${new URLSearchParams(Object.entries(query).filter(([k, v]) => k !== 'scope' && typeof v === 'string') as [string, string][]).toString()}`;
    return this.views.render(reply, 'dashboard/index.njk', {
      pageTitle: 'Dashboard',
      errors,
      values: raw,
      d,
      national,
      stages: STAGES,
      decisions: DECISIONS,
      teams,
      people: people.filter((p) => p.caseworkerId !== null),
      charts: { timeliness: timelinessChart, caseload: caseloadChart, advice: adviceChart, appeals: appealsChart, ceased: ceasedChart },
      download,
    });
  }

  @Get('download/:table')
  async download(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('table') table: string, @Query() raw: Record<string, string>) {
    if (!(TABLES as string[]).includes(table)) return this.views.render(reply, 'errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    const national = request.session?.person.role === 'national_analyst';
    const { query, errors } = readFilters(raw, national);
    const result = await this.api.as(request).GET('/api/v1/reports/dashboard', { params: { query: { ...(errors.length ? (national ? { scope: 'national' as const } : {}) : query), format: 'csv', table: table as Table } }, parseAs: 'text' });
    const text = must(result) as unknown as string;
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="dashboard-${table}.csv"`).send(text);
  }
}

/** The filters from the query string: well-formed ones pass to the API, others come back as errors to show. */
function readFilters(raw: Record<string, string>, national: boolean): { query: DashboardQuery; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const query: DashboardQuery = national ? { scope: 'national' } : {};
  const from = (raw.from ?? '').trim();
  const to = (raw.to ?? '').trim();
  if (from && DATE.test(from)) query.from = from;
  else if (from) errors.push(fieldError('from', 'Enter the start date as YYYY-MM-DD, for example 2026-01-01'));
  if (to && DATE.test(to)) query.to = to;
  else if (to) errors.push(fieldError('to', 'Enter the end date as YYYY-MM-DD, for example 2026-12-31'));
  if (from && to && DATE.test(from) && DATE.test(to) && from > to) errors.push(fieldError('to', 'The end date must be the same as or after the start date'));
  if (!national && raw.team) query.team = String(raw.team).slice(0, 100);
  if (!national && raw.caseworkerId && UUID.test(raw.caseworkerId)) query.caseworkerId = raw.caseworkerId;
  else if (!national && raw.caseworkerId) errors.push(fieldError('caseworkerId', 'Select a caseworker from the list'));
  return { query, errors };
}
