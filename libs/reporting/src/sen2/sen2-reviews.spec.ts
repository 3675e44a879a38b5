import { PhaseTransferKind } from '@app/statutory-clock';
import { activePlanReviewFields, sen2ReviewOutcome } from './sen2-reviews';

describe('SEN2 active plans: review fields', () => {
  const census = '2028-01-20';

  it('codes the outcome A, C or M', () => {
    expect([sen2ReviewOutcome('amend'), sen2ReviewOutcome('cease'), sen2ReviewOutcome('maintain')]).toEqual(['A', 'C', 'M']);
  });

  it('reports an amendment: the notice is the draft amended plan date', () => {
    expect(activePlanReviewFields({ heldOn: '2027-03-01', decision: 'amend', decisionNotifiedOn: '2027-03-20' }, null, census)).toEqual({
      review_meeting_date: '2027-03-01',
      review_decision_date: '2027-03-20',
      review_outcome: 'A',
      draft_amended_plan_date: '2027-03-20',
      phase_transfer_due_date: null,
      phase_transfer_final_date: null,
    });
  });

  it('reports a decision notified in January before the census date, and none after it', () => {
    expect(activePlanReviewFields({ heldOn: '2027-12-20', decision: 'maintain', decisionNotifiedOn: '2028-01-10' }, null, census)).toMatchObject({ review_decision_date: '2028-01-10', review_outcome: 'M', draft_amended_plan_date: null });
    expect(activePlanReviewFields({ heldOn: '2027-12-20', decision: 'cease', decisionNotifiedOn: '2028-01-21' }, null, census)).toMatchObject({ review_meeting_date: '2027-12-20', review_decision_date: null, review_outcome: null });
    expect(activePlanReviewFields({ heldOn: '2027-12-20', decision: null, decisionNotifiedOn: null }, null, census)).toMatchObject({ review_meeting_date: '2027-12-20', review_decision_date: null });
  });

  it('gives the Regs 18 date of a transfer in the activity year or later, not of an earlier one', () => {
    expect(activePlanReviewFields(null, { kind: PhaseTransferKind.PrimaryToSecondary, transferOn: '2028-09-01' }, census).phase_transfer_due_date).toBe('2028-02-14');
    expect(activePlanReviewFields(null, { kind: PhaseTransferKind.SecondaryToPost16, transferOn: '2027-09-01' }, census).phase_transfer_due_date).toBe('2027-03-30');
    expect(activePlanReviewFields(null, { kind: PhaseTransferKind.Post16ToPost16, transferOn: '2027-07-31' }, census).phase_transfer_due_date).toBe('2027-02-28');
    expect(activePlanReviewFields(null, { kind: PhaseTransferKind.PrimaryToSecondary, transferOn: '2026-09-01' }, census).phase_transfer_due_date).toBeNull();
  });

  it('gives the final plan date of that transfer when its deadline was met on or before the census date', () => {
    const transfer = { kind: PhaseTransferKind.PrimaryToSecondary, transferOn: '2028-09-01' };
    expect(activePlanReviewFields(null, { ...transfer, completed: [{ dueOn: '2028-02-14', completedOn: '2028-01-10' }] }, census)).toMatchObject({ phase_transfer_due_date: '2028-02-14', phase_transfer_final_date: '2028-01-10' });
    expect(activePlanReviewFields(null, { ...transfer, completed: [{ dueOn: '2028-02-14', completedOn: '2028-02-01' }] }, census).phase_transfer_final_date).toBeNull();
    expect(activePlanReviewFields(null, { ...transfer, completed: [{ dueOn: '2027-02-14', completedOn: '2027-01-10' }] }, census).phase_transfer_final_date).toBeNull();
  });
});
