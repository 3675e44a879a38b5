import { DeadlineKind, DeadlineStatus } from './rules';
import { computeTransferInDeadlines, computeTransferOutDeadlines, lastOfWorkingDaysBeginningWith, transferNoticeDueOn, transferOutDueOn, transferReviewDueOn } from './transfers';
import { addDays } from './dates';
import fc from 'fast-check';

describe('plans moving between LAs (SEND Regulations 2014, reg 15)', () => {
  it('counts 15 working days beginning with the day the old LA learned of the move (the day counts when it is a working day)', () => {
    expect(lastOfWorkingDaysBeginningWith('2026-03-02', 15)).toBe('2026-03-20'); // Monday: 3 full weeks
    expect(lastOfWorkingDaysBeginningWith('2026-03-07', 15)).toBe('2026-03-27'); // Saturday: starts on Monday 9th
    // Good Friday 3 April and Easter Monday 6 April 2026 are not working days.
    expect(lastOfWorkingDaysBeginningWith('2026-04-01', 15)).toBe('2026-04-23');
  });

  it('transfers on the day of the move when known 15 working days ahead, otherwise within 15 working days of learning of it (15(2))', () => {
    expect(transferOutDueOn('2026-03-10', '2026-01-05')).toBe('2026-03-10');
    expect(transferOutDueOn('2026-03-23', '2026-03-02')).toBe('2026-03-23'); // 2-20 March are 15 working days before the move
    expect(transferOutDueOn('2026-03-10', '2026-03-02')).toBe('2026-03-20');
    expect(transferOutDueOn('2026-03-01', '2026-03-02')).toBe('2026-03-20'); // learned after the move
  });

  it('never asks for the transfer before the move or later than 15 working days after learning of it', () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2025-01-01', n));
    fc.assert(
      fc.property(day, fc.integer({ min: -60, max: 60 }), (learnedOn, offset) => {
        const movesOn = addDays(learnedOn, offset);
        const due = transferOutDueOn(movesOn, learnedOn);
        return due >= movesOn && (due === movesOn || due === lastOfWorkingDaysBeginningWith(learnedOn, 15));
      }),
    );
  });

  it('gives the new LA 6 weeks to tell the family (15(4)) and the later of the two periods to review (15(5))', () => {
    expect(transferNoticeDueOn('2026-09-01')).toBe('2026-10-13');
    expect(transferReviewDueOn('2025-10-06', '2026-09-01')).toBe('2026-11-30'); // 3 months from the transfer end later
    expect(transferReviewDueOn('2026-01-10', '2026-03-01')).toBe('2027-01-09'); // the 12 months end later
  });

  it('computes the transfer deadlines with their citations and statuses', () => {
    const [out] = computeTransferOutDeadlines({ movesOn: '2026-03-10', learnedOn: '2026-03-02', sentOn: null, cancelledOn: null }, '2026-03-21');
    expect(out).toMatchObject({ kind: DeadlineKind.TransferOut, dueOn: '2026-03-20', status: DeadlineStatus.Overdue, regulation: 'SEND Regulations 2014, reg 15(2)' });
    const [sent] = computeTransferOutDeadlines({ movesOn: '2026-03-10', learnedOn: '2026-03-02', sentOn: '2026-03-12', cancelledOn: null }, '2026-03-21');
    expect(sent.status).toBe(DeadlineStatus.Met);
    const [cancelled] = computeTransferOutDeadlines({ movesOn: '2026-03-10', learnedOn: '2026-03-02', sentOn: null, cancelledOn: '2026-03-05' }, '2026-03-21');
    expect(cancelled.status).toBe(DeadlineStatus.NotApplicable);
    const [notice] = computeTransferInDeadlines({ transferredOn: '2026-09-01', noticeSentOn: null, endedOn: null }, '2026-09-02');
    expect(notice).toMatchObject({ kind: 'transfer_reassessment_notice', dueOn: '2026-10-13', status: 'open', regulation: 'SEND Regulations 2014, reg 15(4)' });
  });
});
