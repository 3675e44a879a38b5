import { AssessmentListItem, AssessmentView } from './assessments.service';
import { AssessmentDto, AssessmentSummaryDto } from './dto/assessment-view.dto';
import { AdviceBinding, adviceBinding, AppealableDecision, DeadlineKind, NoticeContacts } from '@app/statutory-clock';
import { DecisionNoticeDto, toDeadlineDto, toDecisionNoticeDto } from '@app/deadlines';
import { Assessment } from './entities/assessment.entity';
import { draftAdviceState } from '@app/statutory-clock';

export function toAssessmentDto(view: AssessmentView): AssessmentDto {
  const a = view.assessment;
  const adviceDue = new Map(view.deadlines.filter((d) => d.kind === DeadlineKind.Advice && d.adviceRequestId).map((d) => [d.adviceRequestId as string, d.dueOn]));
  return {
    id: a.id,
    reference: a.reference,
    childId: a.childId,
    status: a.status,
    requestReceivedOn: a.requestReceivedOn,
    requestSource: a.requestSource,
    caseworkerId: a.caseworkerId,
    exceptionsApply: a.exceptionsApply,
    decisionToAssess: a.decisionToAssess,
    decisionToAssessOn: a.decisionToAssessOn,
    decisionToAssessNotifiedOn: a.decisionToAssessNotifiedOn ?? a.decisionToAssessOn,
    decisionToIssue: a.decisionToIssue,
    decisionToIssueOn: a.decisionToIssueOn,
    decisionToIssueNotifiedOn: a.decisionToIssueNotifiedOn ?? a.decisionToIssueOn,
    draftIssuedOn: a.draftIssuedOn,
    draftServedOn: a.draftServedOn ?? a.draftIssuedOn,
    draftAdvice: a.draftAdvice ?? null,
    adviceBeforeDraft: draftAdviceState(view.adviceRequests),
    representationsReceivedOn: a.representationsReceivedOn,
    representationsMeetingRequested: a.representationsMeetingRequested,
    representationsSchoolRequested: a.representationsSchoolRequested,
    schoolConsultations: view.schoolConsultations.map((c) => {
      const due = view.deadlines.find((d) => d.key === `consultation:${c.id}`);
      return { id: c.id, schoolName: c.schoolName, organisationId: c.organisationId, consultedOn: c.consultedOn, responseDueOn: due?.dueOn ?? c.consultedOn, respondedOn: c.respondedOn, response: c.response };
    }),
    earliestFinalPlanOn: view.earliestFinalPlanOn,
    finalIssuedOn: a.finalIssuedOn,
    finalNotifiedOn: a.finalNotifiedOn ?? a.finalIssuedOn,
    withdrawnOn: a.withdrawnOn,
    withdrawalReason: a.withdrawalReason,
    planId: a.planId,
    imported: a.imported,
    decisionNotices: decisionNotices(a, view.noticeContacts),
    deadlines: view.deadlines.map(toDeadlineDto),
    exceptions: view.exceptions.map((e) => ({
      id: e.id,
      ground: e.ground,
      affects: e.affects,
      startsOn: e.startsOn,
      endsOn: e.endsOn,
      adviceRequestId: e.adviceRequestId,
      closureStartsOn: e.closureStartsOn,
      reopensOn: e.reopensOn,
      underOldRule: e.underOldRule,
      reason: e.reason,
      evidence: e.evidence,
      familyToldOn: e.familyToldOn,
      recordedById: e.recordedById,
      recordedAt: e.createdAt.toISOString(),
    })),
    // The family's own advice has no deadline (Regs 6(1)(a)): no due date.
    adviceRequests: view.adviceRequests.map((r) => ({ ...r, dueOn: adviceDue.get(r.id) ?? (adviceBinding(r.discipline, null) === AdviceBinding.None ? null : r.requestedOn) })),
    version: a.version,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

export function toAssessmentSummaryDto(item: AssessmentListItem): AssessmentSummaryDto {
  const a = item.assessment;
  return {
    id: a.id,
    reference: a.reference,
    childId: a.childId,
    status: a.status,
    requestReceivedOn: a.requestReceivedOn,
    caseworkerId: a.caseworkerId,
    exceptionsApply: a.exceptionsApply,
    finalPlanDueOn: item.finalPlanDueOn,
    // Its status from the deadlines context: a warning date (the no-plan notice) is never an overdue duty of the LA.
    nextDeadline: item.nextDeadline,
    overdueDeadlines: item.overdueDeadlines,
    childName: item.childName,
    childUpn: item.childUpn,
  };
}

/** The appealable decisions on the case, each with the appeal rights its notice carries (CFA s51; Regs 5(3), 10(3), 14). */
function decisionNotices(a: Assessment, contacts: NoticeContacts): DecisionNoticeDto[] {
  const notices: DecisionNoticeDto[] = [];
  const subject = { subjectType: 'assessment', subjectId: a.id } as const;
  if (a.decisionToAssess === 'refuse' && a.decisionToAssessOn) notices.push(toDecisionNoticeDto(AppealableDecision.RefuseToAssess, a.decisionToAssessNotifiedOn ?? a.decisionToAssessOn, subject, contacts));
  if (a.decisionToIssue === 'not_issue' && a.decisionToIssueOn) notices.push(toDecisionNoticeDto(AppealableDecision.NotToIssue, a.decisionToIssueNotifiedOn ?? a.decisionToIssueOn, subject, contacts));
  if (a.finalIssuedOn) notices.push(toDecisionNoticeDto(AppealableDecision.PlanContents, a.finalNotifiedOn ?? a.finalIssuedOn, subject, contacts));
  return notices;
}
