import fc from 'fast-check';
import { addDays, ExceptionGround, isOnOrBefore, IsoDate } from '@app/statutory-clock';
import { applyCommand, AssessmentCommand, AssessmentSnapshot, checkAdviceRequest, checkClosureException, checkExceptionDates, checkRequestDate, checkSchoolConsultation } from './assessment-workflow';
import {
  ClosureExceptionNotQualifiedError,
  DateBeforePreviousStepError,
  SchoolNotConsultedError,
  DateInFutureError,
  ExceptionEndsBeforeStartError,
  ExceptionPeriodTooShortError,
  InsideRepresentationsWindowError,
  InvalidTransitionError,
  RepresentationsAlreadyRecordedError,
} from './assessments.errors';
import { AssessmentStatus, WithdrawalReason } from './entities/assessment.entity';

const TODAY = '2026-11-22';
const REQUEST = '2026-01-05';

function fresh(overrides: Partial<AssessmentSnapshot> = {}): AssessmentSnapshot {
  return {
    status: AssessmentStatus.AwaitingDecision,
    requestReceivedOn: REQUEST,
    decisionToAssess: null,
    decisionToAssessOn: null,
    decisionToIssue: null,
    decisionToIssueOn: null,
    draftIssuedOn: null,
    representationsReceivedOn: null,
    finalIssuedOn: null,
    withdrawnOn: null,
    withdrawalReason: null,
    ...overrides,
  };
}

function run(commands: AssessmentCommand[], state = fresh(), today = TODAY): AssessmentSnapshot {
  return commands.reduce((s, c) => applyCommand(s, c, today), state);
}

const assess: AssessmentCommand = { type: 'decide_to_assess', decision: 'assess', decidedOn: '2026-02-10' };
const issue: AssessmentCommand = { type: 'decide_to_issue', decision: 'issue', decidedOn: '2026-04-01' };
const draft: AssessmentCommand = { type: 'issue_draft', issuedOn: '2026-04-20' };

/** One snapshot in each status, reached through the workflow itself. */
const IN_STATUS: Record<AssessmentStatus, () => AssessmentSnapshot> = {
  [AssessmentStatus.AwaitingDecision]: () => fresh(),
  [AssessmentStatus.Refused]: () => run([{ type: 'decide_to_assess', decision: 'refuse', decidedOn: '2026-02-10' }]),
  [AssessmentStatus.Assessing]: () => run([assess]),
  [AssessmentStatus.NotIssuing]: () => run([assess, { type: 'decide_to_issue', decision: 'not_issue', decidedOn: '2026-04-01' }]),
  [AssessmentStatus.Drafting]: () => run([assess, issue]),
  [AssessmentStatus.DraftIssued]: () => run([assess, issue, draft]),
  [AssessmentStatus.PlanIssued]: () => run([assess, issue, draft, { type: 'issue_final', issuedOn: '2026-05-11' }]),
  [AssessmentStatus.Withdrawn]: () => run([{ type: 'withdraw', withdrawnOn: '2026-01-20', reason: WithdrawalReason.MovedAway }]),
};

/** A valid-dated example of each command, for the transition matrix. */
const COMMANDS: Record<AssessmentCommand['type'], AssessmentCommand> = {
  decide_to_assess: { type: 'decide_to_assess', decision: 'assess', decidedOn: '2026-06-01' },
  decide_to_issue: { type: 'decide_to_issue', decision: 'issue', decidedOn: '2026-06-01' },
  issue_draft: { type: 'issue_draft', issuedOn: '2026-06-01' },
  record_representations: { type: 'record_representations', receivedOn: '2026-06-01' },
  issue_final: { type: 'issue_final', issuedOn: '2026-06-01' },
  withdraw: { type: 'withdraw', withdrawnOn: '2026-06-01', reason: WithdrawalReason.RequestWithdrawn },
  reopen_by_order: { type: 'reopen_by_order', order: 'assess', orderedOn: '2026-06-01', appealId: 'appeal-1' },
};

const ALLOWED: Record<AssessmentCommand['type'], AssessmentStatus[]> = {
  decide_to_assess: [AssessmentStatus.AwaitingDecision],
  decide_to_issue: [AssessmentStatus.Assessing],
  issue_draft: [AssessmentStatus.Drafting],
  record_representations: [AssessmentStatus.DraftIssued],
  issue_final: [AssessmentStatus.DraftIssued],
  withdraw: [AssessmentStatus.AwaitingDecision, AssessmentStatus.Assessing, AssessmentStatus.Drafting, AssessmentStatus.DraftIssued],
  reopen_by_order: [AssessmentStatus.Refused],
};

describe('assessment workflow', () => {
  describe('transition matrix: every command from every status', () => {
    const cases = (Object.keys(COMMANDS) as AssessmentCommand['type'][]).flatMap((type) => Object.values(AssessmentStatus).map((status) => [type, status] as const));

    it.each(cases)('%s from %s', (type, status) => {
      const state = IN_STATUS[status]();
      expect(state.status).toBe(status);
      const attempt = () => applyCommand(state, COMMANDS[type], TODAY);
      if (ALLOWED[type].includes(status)) expect(attempt).not.toThrow();
      else expect(attempt).toThrow(InvalidTransitionError);
    });

    it('quotes the rule in a refused transition', () => {
      try {
        applyCommand(IN_STATUS[AssessmentStatus.Assessing](), COMMANDS.issue_final, TODAY);
        throw new Error('expected a refusal');
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidTransitionError);
        expect((error as InvalidTransitionError).detail).toMatch(/reg 13/);
        expect((error as InvalidTransitionError).status).toBe(409);
      }
    });
  });

  describe('reopening by a Tribunal order (Regs 44, 45)', () => {
    it('an order to assess takes a refused case to assessing, keeping the refusal and day 0', () => {
      const state = applyCommand(IN_STATUS[AssessmentStatus.Refused](), COMMANDS.reopen_by_order, TODAY);
      expect(state).toMatchObject({ status: AssessmentStatus.Assessing, decisionToAssess: 'refuse', decisionToAssessOn: '2026-02-10', requestReceivedOn: '2026-01-05', reopenedByOrder: 'assess', reopenedOn: '2026-06-01' });
      const issued = applyCommand(state, { type: 'decide_to_issue', decision: 'issue', decidedOn: '2026-06-10' }, TODAY);
      expect(issued.status).toBe(AssessmentStatus.Drafting);
      expect(() => applyCommand(state, { type: 'decide_to_issue', decision: 'issue', decidedOn: '2026-05-30' }, TODAY)).toThrow(DateBeforePreviousStepError);
    });
    it('an order to make a plan takes a not-issuing case to drafting, and only that case', () => {
      const make: AssessmentCommand = { type: 'reopen_by_order', order: 'make_plan', orderedOn: '2026-06-01', appealId: 'appeal-1' };
      expect(applyCommand(IN_STATUS[AssessmentStatus.NotIssuing](), make, TODAY)).toMatchObject({ status: AssessmentStatus.Drafting, decisionToIssue: 'not_issue', reopenedByOrder: 'make_plan' });
      expect(() => applyCommand(IN_STATUS[AssessmentStatus.Refused](), make, TODAY)).toThrow(InvalidTransitionError);
      expect(() => applyCommand(IN_STATUS[AssessmentStatus.NotIssuing](), COMMANDS.reopen_by_order, TODAY)).toThrow(InvalidTransitionError);
    });
    it('an order cannot predate the decision it undoes', () => {
      expect(() => applyCommand(IN_STATUS[AssessmentStatus.Refused](), { type: 'reopen_by_order', order: 'assess', orderedOn: '2026-02-01', appealId: 'a' }, TODAY)).toThrow(DateBeforePreviousStepError);
    });
  });

  describe('outcomes', () => {
    it('moves through the happy path and records each date', () => {
      const final = run([assess, issue, draft, { type: 'record_representations', receivedOn: '2026-04-25' }, { type: 'issue_final', issuedOn: '2026-04-28' }]);
      expect(final).toMatchObject({
        status: AssessmentStatus.PlanIssued,
        decisionToAssess: 'assess',
        decisionToAssessOn: '2026-02-10',
        decisionToIssue: 'issue',
        decisionToIssueOn: '2026-04-01',
        draftIssuedOn: '2026-04-20',
        representationsReceivedOn: '2026-04-25',
        finalIssuedOn: '2026-04-28',
      });
    });

    it('ends with refused or not_issuing on a negative decision', () => {
      expect(IN_STATUS[AssessmentStatus.Refused]().status).toBe(AssessmentStatus.Refused);
      expect(IN_STATUS[AssessmentStatus.NotIssuing]()).toMatchObject({ status: AssessmentStatus.NotIssuing, decisionToIssue: 'not_issue' });
    });

    it('records the withdrawal date and reason', () => {
      expect(run([assess, { type: 'withdraw', withdrawnOn: '2026-03-01', reason: WithdrawalReason.Died }])).toMatchObject({
        status: AssessmentStatus.Withdrawn,
        withdrawnOn: '2026-03-01',
        withdrawalReason: WithdrawalReason.Died,
      });
    });

    it('does not change the snapshot it was given', () => {
      const before = fresh();
      const copy = { ...before };
      applyCommand(before, assess, TODAY);
      expect(before).toEqual(copy);
    });
  });

  describe('dates', () => {
    it('refuses a step dated in the future (422), but accepts today', () => {
      expect(() => applyCommand(fresh(), { ...assess, decidedOn: addDays(TODAY, 1) } as AssessmentCommand, TODAY)).toThrow(DateInFutureError);
      expect(applyCommand(fresh(), { ...assess, decidedOn: TODAY } as AssessmentCommand, TODAY).decisionToAssessOn).toBe(TODAY);
    });

    it('refuses a step dated before the one it follows, and accepts the same day', () => {
      expect(() => applyCommand(fresh(), { ...assess, decidedOn: '2026-01-04' } as AssessmentCommand, TODAY)).toThrow(DateBeforePreviousStepError);
      expect(applyCommand(fresh(), { ...assess, decidedOn: REQUEST } as AssessmentCommand, TODAY).status).toBe(AssessmentStatus.Assessing);
      expect(() => run([assess, { ...issue, decidedOn: '2026-02-09' } as AssessmentCommand])).toThrow(DateBeforePreviousStepError);
      expect(() => run([assess, issue, { type: 'issue_draft', issuedOn: '2026-03-31' }])).toThrow(DateBeforePreviousStepError);
      expect(() => run([assess, issue, draft, { type: 'record_representations', receivedOn: '2026-04-19' }])).toThrow(DateBeforePreviousStepError);
      expect(() => run([assess, issue, draft, { type: 'withdraw', withdrawnOn: '2026-04-19', reason: WithdrawalReason.Other }])).toThrow(DateBeforePreviousStepError);
    });

    it('rejects a request before the date of birth or in the future', () => {
      expect(() => checkRequestDate('2026-01-05', TODAY, '2026-01-06')).toThrow(DateBeforePreviousStepError);
      expect(() => checkRequestDate('2026-11-23', TODAY, null)).toThrow(DateInFutureError);
      expect(() => checkRequestDate('2020-01-05', TODAY, '2015-01-01')).not.toThrow();
    });
  });

  describe("the family's 15 days on the draft (Regs 13(1))", () => {
    const drafted = () => IN_STATUS[AssessmentStatus.DraftIssued](); // draft issued 2026-04-20: window 20 Apr to 4 May

    it('refuses the final plan inside the window without representations', () => {
      for (const issuedOn of ['2026-04-20', '2026-04-27', '2026-05-04']) {
        expect(() => applyCommand(drafted(), { type: 'issue_final', issuedOn }, TODAY)).toThrow(InsideRepresentationsWindowError);
      }
    });

    it('allows it from the day after the window (D+15)', () => {
      expect(applyCommand(drafted(), { type: 'issue_final', issuedOn: '2026-05-05' }, TODAY).status).toBe(AssessmentStatus.PlanIssued);
    });

    it('allows it from the day the representations came in', () => {
      const withReps = applyCommand(drafted(), { type: 'record_representations', receivedOn: '2026-04-24' }, TODAY);
      expect(() => applyCommand(withReps, { type: 'issue_final', issuedOn: '2026-04-23' }, TODAY)).toThrow(/earliest date is 2026-04-24/);
      expect(applyCommand(withReps, { type: 'issue_final', issuedOn: '2026-04-24' }, TODAY).finalIssuedOn).toBe('2026-04-24');
    });

    it('records representations once', () => {
      const withReps = applyCommand(drafted(), { type: 'record_representations', receivedOn: '2026-04-24' }, TODAY);
      expect(() => applyCommand(withReps, { type: 'record_representations', receivedOn: '2026-04-25' }, TODAY)).toThrow(RepresentationsAlreadyRecordedError);
    });
  });

  describe('exceptions and advice requests', () => {
    it('checks exception dates', () => {
      expect(() => checkExceptionDates('2026-07-01', '2026-06-30', TODAY)).toThrow(ExceptionEndsBeforeStartError);
      expect(() => checkExceptionDates('2026-11-23', null, TODAY)).toThrow(DateInFutureError);
      expect(() => checkExceptionDates('2026-07-01', '2026-07-01', TODAY)).not.toThrow();
      expect(() => checkExceptionDates('2026-07-01', '2027-01-01', TODAY)).not.toThrow(); // a planned end may be ahead
    });

    it('needs 4 continuous weeks for closure and absence grounds, not for personal circumstances', () => {
      expect(() => checkExceptionDates('2026-07-01', '2026-07-27', TODAY, ExceptionGround.AbsenceFromArea)).toThrow(ExceptionPeriodTooShortError);
      expect(() => checkExceptionDates('2026-07-01', '2026-07-28', TODAY, ExceptionGround.AbsenceFromArea)).not.toThrow();
      expect(() => checkExceptionDates('2026-07-01', '2026-07-10', TODAY, ExceptionGround.InstitutionClosure)).toThrow(ExceptionPeriodTooShortError);
      expect(() => checkExceptionDates('2026-07-01', '2026-07-02', TODAY, ExceptionGround.PersonalCircumstances)).not.toThrow();
      expect(() => checkExceptionDates('2026-07-01', null, TODAY, ExceptionGround.AbsenceFromArea)).not.toThrow(); // still going on
    });

    it('ties closure grounds (a)/(b) to an educational advice request of this assessment made in the window', () => {
      const closure = { adviceRequestId: 'r', closureStartsOn: '2026-07-22', reopensOn: '2026-09-03' };
      const request = (requestedOn: string, discipline = 'education', assessmentId = 'a') => ({ assessmentId, requestedOn, discipline });
      expect(checkClosureException(closure, request('2026-07-15'), 'a')).toEqual({ adviceRequestedOn: '2026-07-15', adviceDiscipline: 'education', closureStartsOn: '2026-07-22', reopensOn: '2026-09-03' });
      expect(() => checkClosureException(closure, request('2026-07-14'), 'a')).toThrow(ClosureExceptionNotQualifiedError);
      expect(() => checkClosureException(closure, request('2026-07-20', 'health'), 'a')).toThrow(ClosureExceptionNotQualifiedError);
      expect(() => checkClosureException(closure, request('2026-07-20', 'education', 'b'), 'a')).toThrow(ClosureExceptionNotQualifiedError);
      expect(() => checkClosureException(closure, null, 'a')).toThrow(ClosureExceptionNotQualifiedError);
      expect(() => checkClosureException({ closureStartsOn: '2026-07-22', reopensOn: '2026-09-03' }, request('2026-07-20'), 'a')).toThrow(/give adviceRequestId/);
    });

    it('records notification and service dates on or after their step, never in the future', () => {
      const decided = run([{ ...assess, notifiedOn: '2026-02-12' } as AssessmentCommand]);
      expect(decided).toMatchObject({ decisionToAssessOn: '2026-02-10', decisionToAssessNotifiedOn: '2026-02-12' });
      expect(() => run([{ ...assess, notifiedOn: '2026-02-09' } as AssessmentCommand])).toThrow(DateBeforePreviousStepError);
      expect(() => run([{ ...assess, notifiedOn: '2026-11-23' } as AssessmentCommand])).toThrow(DateInFutureError);
      const drafted = run([assess, issue, { type: 'issue_draft', issuedOn: '2026-04-20', servedOn: '2026-04-22' }]);
      expect(drafted.draftServedOn).toBe('2026-04-22');
      // The 15 days begin with service: the final plan may follow from 7 May, not 5 May.
      expect(() => run([{ type: 'issue_final', issuedOn: '2026-05-06' }], drafted)).toThrow(InsideRepresentationsWindowError);
      expect(run([{ type: 'issue_final', issuedOn: '2026-05-07', notifiedOn: '2026-05-08' }], drafted)).toMatchObject({ finalIssuedOn: '2026-05-07', finalNotifiedOn: '2026-05-08' });
    });

    it('names a school the family asked for only once it has been consulted (CFA s39)', () => {
      const drafted = run([assess, issue, { type: 'issue_draft', issuedOn: '2026-04-20' }, { type: 'record_representations', receivedOn: '2026-04-24', meetingRequested: false, schoolRequested: 'Demo Primary' }]);
      expect(drafted).toMatchObject({ representationsMeetingRequested: false, representationsSchoolRequested: 'Demo Primary' });
      expect(() => applyCommand(drafted, { type: 'issue_final', issuedOn: '2026-05-01' }, TODAY)).toThrow(SchoolNotConsultedError);
      expect(() => applyCommand(drafted, { type: 'issue_final', issuedOn: '2026-05-01' }, TODAY, { schoolConsultedOn: ['2026-05-02'] })).toThrow(SchoolNotConsultedError);
      expect(applyCommand(drafted, { type: 'issue_final', issuedOn: '2026-05-01' }, TODAY, { schoolConsultedOn: ['2026-04-25'] }).status).toBe(AssessmentStatus.PlanIssued);
      expect(() => checkSchoolConsultation(drafted, '2026-04-19', TODAY)).toThrow(DateBeforePreviousStepError);
      expect(() => checkSchoolConsultation(run([assess]), '2026-04-19', TODAY)).toThrow(InvalidTransitionError);
    });

    it('allows advice requests only while assessing or drafting, not before the decision to assess', () => {
      for (const status of Object.values(AssessmentStatus)) {
        const attempt = () => checkAdviceRequest(IN_STATUS[status](), '2026-06-01', TODAY);
        if (status === AssessmentStatus.Assessing || status === AssessmentStatus.Drafting) expect(attempt).not.toThrow();
        else expect(attempt).toThrow(InvalidTransitionError);
      }
      expect(() => checkAdviceRequest(IN_STATUS[AssessmentStatus.Assessing](), '2026-02-09', TODAY)).toThrow(DateBeforePreviousStepError);
      expect(() => checkAdviceRequest(IN_STATUS[AssessmentStatus.Assessing](), '2026-11-23', TODAY)).toThrow(DateInFutureError);
    });
  });

  describe('invariants over arbitrary command sequences', () => {
    const date = fc.integer({ min: -30, max: 400 }).map((offset) => addDays(REQUEST, offset));
    const command: fc.Arbitrary<AssessmentCommand> = fc.oneof(
      fc.record({ type: fc.constant('decide_to_assess' as const), decision: fc.constantFrom('assess' as const, 'refuse' as const), decidedOn: date }),
      fc.record({ type: fc.constant('decide_to_issue' as const), decision: fc.constantFrom('issue' as const, 'not_issue' as const), decidedOn: date }),
      fc.record({ type: fc.constant('issue_draft' as const), issuedOn: date }),
      fc.record({ type: fc.constant('record_representations' as const), receivedOn: date }),
      fc.record({ type: fc.constant('issue_final' as const), issuedOn: date }),
      fc.record({ type: fc.constant('withdraw' as const), withdrawnOn: date, reason: fc.constantFrom(...Object.values(WithdrawalReason)) }),
    );

    it('keeps dates in order, the status consistent with them, and never moves a closed case', () => {
      fc.assert(
        fc.property(fc.array(command, { maxLength: 12 }), (commands) => {
          let state = fresh();
          for (const next of commands) {
            let after: AssessmentSnapshot;
            try {
              after = applyCommand(state, next, TODAY);
            } catch {
              continue; // a refused command leaves the state as it was
            }
            expect([AssessmentStatus.Refused, AssessmentStatus.NotIssuing, AssessmentStatus.PlanIssued, AssessmentStatus.Withdrawn]).not.toContain(state.status);
            state = after;
          }
          const chain = [state.requestReceivedOn, state.decisionToAssessOn, state.decisionToIssueOn, state.draftIssuedOn, state.finalIssuedOn].filter((d): d is IsoDate => d !== null);
          for (let i = 1; i < chain.length; i += 1) expect(isOnOrBefore(chain[i - 1], chain[i])).toBe(true);
          for (const d of chain) expect(isOnOrBefore(d, TODAY)).toBe(true);
          if (state.finalIssuedOn) {
            expect(state.status).toBe(AssessmentStatus.PlanIssued);
            const windowOver = addDays(state.draftIssuedOn!, 15);
            expect(isOnOrBefore(windowOver, state.finalIssuedOn) || (state.representationsReceivedOn !== null && isOnOrBefore(state.representationsReceivedOn, state.finalIssuedOn))).toBe(true);
          }
          if (state.status === AssessmentStatus.Withdrawn) expect(state.withdrawnOn).not.toBeNull();
          if (state.status === AssessmentStatus.Refused) expect(state.decisionToAssess).toBe('refuse');
        }),
        { numRuns: 500 },
      );
    });
  });
});
