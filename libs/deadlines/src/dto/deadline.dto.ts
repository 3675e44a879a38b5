import { ApiProperty } from '@nestjs/swagger';
import { AppealableDecision, ComputedDeadline, DeadlineKind, DeadlineStatus, decisionNotice } from '@app/statutory-clock';

/** A deadline as the API shows it (api-contract.md: kind, dueOn, regulation, status, completedOn, and more). */
export class DeadlineDto {
  @ApiProperty({ enum: DeadlineKind }) kind: DeadlineKind;
  @ApiProperty({ type: 'string', format: 'date', description: 'The statutory due date; exceptions never move it' }) dueOn: string;
  @ApiProperty({ example: 'SEND Regulations 2014, reg 13(2)' }) regulation: string;
  @ApiProperty({ enum: DeadlineStatus }) status: DeadlineStatus;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) completedOn: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) adviceRequestId: string | null;
  @ApiProperty({ type: 'string', format: 'date' }) startsOn: string;
  @ApiProperty({ description: 'False for guidance (not a legal duty)' }) statutory: boolean;
  @ApiProperty({ description: 'One sentence saying where the date comes from' }) explanation: string;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'Management target: the due date pushed back by applying exceptions (not statutory)' }) managementTargetOn: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', isArray: true }) exceptionIds: string[];
  @ApiProperty({ description: 'A warning date, not an overdue duty while the case is open (the no-plan notice, Regs 10(1))' }) warning: boolean;
}

/** The API's view of a deadline the clock computed (its status as of the day it was computed for). */
export function toDeadlineDto(d: ComputedDeadline): DeadlineDto {
  return {
    kind: d.kind,
    dueOn: d.dueOn,
    regulation: d.regulation,
    status: d.status,
    completedOn: d.completedOn,
    adviceRequestId: d.adviceRequestId,
    startsOn: d.startsOn,
    statutory: d.statutory,
    explanation: d.explanation,
    managementTargetOn: d.managementTargetOn,
    exceptionIds: d.exceptionIds,
    warning: d.warning,
  };
}

/** What a notice of an appealable decision tells the family (CFA s51): the appeal deadline and the mediation information. */
export class DecisionNoticeDto {
  @ApiProperty({ enum: ['refuse_to_assess', 'not_to_issue', 'plan_contents', 'refuse_to_reassess', 'not_to_amend', 'cease'] }) decision: string;
  @ApiProperty({ type: 'string', format: 'date', description: 'The day the family was notified: the appeal deadline runs from it' }) notifiedOn: string;
  @ApiProperty({ type: 'string', format: 'date', description: 'The later of notice + 2 months and a mediation certificate + 1 month, on a working day (before any certificate)' }) appealDeadline: string;
  @ApiProperty() appealDeadlineExplanation: string;
  @ApiProperty({ description: 'Must the family consider mediation first (not for section I alone, CFA s55(2))' }) mediationAdviceRequired: boolean;
  @ApiProperty({ example: 'SEND Regulations 2014, reg 5(3)' }) regulation: string;
  @ApiProperty({ description: 'The paragraph for the notice to the family' }) text: string;
}

/** The notice of an appealable decision, as the clock words it. */
export function toDecisionNoticeDto(decision: AppealableDecision, notifiedOn: string): DecisionNoticeDto {
  const notice = decisionNotice(decision, notifiedOn);
  return {
    decision: notice.decision,
    notifiedOn: notice.notifiedOn,
    appealDeadline: notice.appealDeadline,
    appealDeadlineExplanation: notice.appealDeadlineExplanation,
    mediationAdviceRequired: notice.mediation.mediationAdviceRequired,
    regulation: notice.regulation,
    text: notice.text,
  };
}
