import { NeedItem, OutcomeItem, PlacementItem, ProvisionItem, SECTION_CODES, SectionCode, Sections } from './plan-sections';

export interface QualityFinding {
  severity: 'error' | 'warning';
  code: string;
  section: SectionCode;
  message: string;
}

/** Sections a plan cannot go out without (CFA s37, Regs 12): the child's views, needs, outcomes and provision. */
const REQUIRED: SectionCode[] = ['A', 'B', 'E', 'F'];

const isEmpty = (sections: Sections, code: SectionCode) => sections[code].text.trim() === '' && sections[code].items.length === 0;

/**
 * The checks run before a draft or final plan is issued. Errors block issuing; warnings are shown to the caseworker.
 * `otherChildrenNames` are the full names of other children of the LA that appear in the plan's text (found by the
 * service): a plan carrying another child's name is a known and serious failure.
 */
export function checkPlanQuality(sections: Sections, stage: 'draft' | 'final', otherChildrenNames: string[] = []): QualityFinding[] {
  const findings: QualityFinding[] = [];
  for (const code of REQUIRED) {
    if (isEmpty(sections, code)) findings.push({ severity: 'error', code: 'section_empty', section: code, message: `Section ${code} is empty; a plan cannot be issued without it.` });
  }
  const placement = sections.I.items as PlacementItem[];
  if (stage === 'final' && placement.length === 0) {
    findings.push({ severity: 'error', code: 'placement_missing', section: 'I', message: 'A final plan must name the school or other institution, or its type, in section I (CFA s40).' });
  }
  if (stage === 'draft' && placement.length > 0) {
    findings.push({ severity: 'error', code: 'placement_in_draft', section: 'I', message: 'A draft plan must not name a school or type of school in section I (CFA s38(5)).' });
  }
  for (const name of otherChildrenNames) {
    const section = SECTION_CODES.find((code) => JSON.stringify(sections[code]).toLowerCase().includes(name.toLowerCase())) ?? 'A';
    findings.push({ severity: 'error', code: 'other_child_named', section, message: `The plan mentions "${name}", another child of this local authority.` });
  }

  const needs = (['B', 'C', 'D'] as const).flatMap((code) => (sections[code].items as NeedItem[]).map((need) => ({ need, code })));
  const outcomes = sections.E.items as OutcomeItem[];
  const provision = (['F', 'G', 'H1', 'H2'] as const).flatMap((code) => (sections[code].items as ProvisionItem[]).map((item) => ({ item, code })));
  for (const { need, code } of needs) {
    if (!outcomes.some((outcome) => outcome.needIds.includes(need.id))) {
      findings.push({ severity: 'warning', code: 'need_without_outcome', section: code, message: `The need "${need.description.slice(0, 60)}" has no outcome.` });
    }
  }
  for (const outcome of outcomes) {
    if (!provision.some(({ item }) => item.outcomeIds.includes(outcome.id))) {
      findings.push({ severity: 'warning', code: 'outcome_without_provision', section: 'E', message: `The outcome "${outcome.description.slice(0, 60)}" has no provision.` });
    }
  }
  for (const { item } of provision.filter((p) => p.code === 'F')) {
    if (!item.frequency?.trim() || !item.duration?.trim() || !item.deliveredBy?.trim()) {
      findings.push({ severity: 'warning', code: 'provision_not_quantified', section: 'F', message: `"${item.description.slice(0, 60)}" does not say how often, for how long and by whom (CoP 9.69).` });
    }
  }
  return findings;
}
