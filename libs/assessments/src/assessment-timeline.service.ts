import { Injectable } from '@nestjs/common';
import { Actor } from '@app/core';
import { AuditService } from '@app/audit';
import { UsersService } from '@app/identity';
import { AssessmentsService } from './assessments.service';
import { TimelineEntryDto } from './dto/assessment-view.dto';
import type { DraftAdviceRecord } from '@app/statutory-clock';

const SUMMARIES: Record<string, (changes: Record<string, { after: unknown }>, metadata: Record<string, unknown>) => string> = {
  'assessment.created': (c) => `Request for assessment received on ${String(c.requestReceivedOn?.after)} (from ${String(c.requestSource?.after)})`,
  'assessment.decision_to_assess': (c) => `${c.decisionToAssess?.after === 'assess' ? 'Decided to assess' : 'Refused to assess'} on ${String(c.decisionToAssessOn?.after)}`,
  'assessment.decision_to_issue': (c) => `${c.decisionToIssue?.after === 'issue' ? 'Decided to issue a plan' : 'Decided not to issue a plan'} on ${String(c.decisionToIssueOn?.after)}`,
  'assessment.draft_issued': (c, m) => `Draft plan issued on ${String(c.draftIssuedOn?.after)}${draftAdviceNote(m.draftAdvice as DraftAdviceRecord | undefined)}`,
  'assessment.representations_recorded': (c) => `Representations on the draft received on ${String(c.representationsReceivedOn?.after)}`,
  'assessment.final_issued': (c) => `Final plan issued on ${String(c.finalIssuedOn?.after)}`,
  'assessment.withdrawn': (c) => `Assessment closed on ${String(c.withdrawnOn?.after)} (${String(c.withdrawalReason?.after)})`,
  'assessment.exception_recorded': (_c, m) => `Exception recorded: ${String(m.ground)} from ${String(m.startsOn)}${m.endsOn ? ` to ${String(m.endsOn)}` : ''}`,
  'assessment.school_consulted': (_c, m) => `School consulted: ${String(m.schoolName)} on ${String(m.consultedOn)}`,
  'assessment.school_responded': (_c, m) => `School answered the consultation on ${String(m.respondedOn)}: ${String(m.response)}`,
  'assessment.caseworker_assigned': () => 'Caseworker reassigned',
  'assessment.imported': () => 'Imported from a previous system',
  'advice.requested': (_c, m) => `${String(m.discipline)} advice requested on ${String(m.requestedOn)}`,
  'advice.reused': (_c, m) =>
    `${String(m.discipline)} advice: existing advice reused (Regs 6(4)), agreed by the adviser${m.adviserName ? ` (${String(m.adviserName)})` : ''} on ${String(m.adviserAgreedOn)}, the LA on ${String(m.localAuthorityAgreedOn)} and the parent or young person${m.familyAgreedBy ? ` (${String(m.familyAgreedBy)})` : ''} on ${String(m.familyAgreedOn)}`,
  'advice.submitted': (_c, m) => `${String(m.discipline)} advice received on ${String(m.receivedOn)}`,
};

/** How the timeline tells what a draft went out with (issue 24, point 13). */
function draftAdviceNote(record: DraftAdviceRecord | undefined): string {
  if (!record) return '';
  const parts: string[] = [];
  if (record.outstanding.length > 0) parts.push(`with advice outstanding: ${record.outstanding.map((r) => `${r.discipline} (requested ${r.requestedOn})`).join(', ')}`);
  if (record.notSought.length > 0) parts.push(`without advice sought: ${record.notSought.map((k) => `${k.discipline} (${k.regulation.replace('SEND Regulations 2014, ', '')})`).join(', ')}; reason: ${String(record.overrideReason)}`);
  return parts.length > 0 ? `, ${parts.join('; ')}` : '';
}

/** The case history, built from the audit trail so that it can never disagree with it. */
@Injectable()
export class AssessmentTimelineService {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly audit: AuditService,
    private readonly users: UsersService,
  ) {}

  async timeline(actor: Actor, assessmentId: string): Promise<TimelineEntryDto[]> {
    const assessment = await this.assessments.requireVisible(actor, assessmentId);
    const events = await this.audit.history(actor.localAuthorityId, 'assessment', assessment.id, 'assessmentId');
    const names = new Map<string, string>();
    for (const userId of new Set(events.map((e) => e.actorUserId).filter((id): id is string => id !== null))) {
      const user = await this.users.requireInLa(actor, userId).catch(() => null);
      if (user) names.set(userId, user.displayName);
    }
    await this.audit.recordRead(actor, { action: 'assessment.timeline_read', entityType: 'assessment', entityId: assessment.id, metadata: { childId: assessment.childId } });
    return events.map((event) => {
      const summarise = SUMMARIES[event.action];
      const changes = (event.changes ?? {}) as Record<string, { after: unknown }>;
      return {
        at: event.occurredAt.toISOString(),
        action: event.action,
        summary: summarise ? summarise(changes, event.metadata ?? {}) : event.action,
        actorUserId: event.actorUserId,
        actorName: event.actorUserId ? (names.get(event.actorUserId) ?? null) : null,
        changes: event.changes,
      };
    });
  }
}
