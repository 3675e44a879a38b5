import { draftAdviceState } from '@app/statutory-clock';
import { AdviceNotSoughtError, AdviceOutstandingError, checkAdviceBeforeDraft } from './draft-advice';

const request = (id: string, discipline: string, status: string, requestedOn = '2026-02-03') => ({ id, discipline, status, requestedOn });
const allIn = ['parent', 'education', 'health', 'psychology', 'social_care'].map((d, i) => request(`r${i}`, d, 'received'));

describe('advice before the draft (Regs 6(1), 6(4), 7)', () => {
  it('passes with every Regs 6(1)(a)-(e) kind in, and records nothing', () => {
    expect(checkAdviceBeforeDraft(allIn, {})).toBeNull();
  });

  it('counts a reused, accepted or returned request as sought, never a cancelled one', () => {
    const requests = [request('a', 'parent', 'reused'), request('b', 'education', 'accepted'), request('c', 'health', 'cancelled'), request('d', 'psychology', 'returned'), request('e', 'social_care', 'requested')];
    const state = draftAdviceState(requests);
    expect(state.notSought.map((k) => k.discipline)).toEqual(['health']);
    expect(state.outstanding.map((r) => [r.discipline, r.status])).toEqual([
      ['psychology', 'returned'],
      ['social_care', 'requested'],
    ]);
  });

  it('names each missing kind with its letter, in the order of the regulation', () => {
    expect.assertions(2);
    try {
      checkAdviceBeforeDraft([request('x', 'other', 'received')], {});
    } catch (error) {
      expect(error).toBeInstanceOf(AdviceNotSoughtError);
      expect((error as AdviceNotSoughtError).extensions.missing).toEqual(
        ['a', 'b', 'c', 'd', 'e'].map((letter) => expect.objectContaining({ regulation: `SEND Regulations 2014, reg 6(1)(${letter})` })),
      );
    }
  });

  it('takes a documented reason of at least 10 characters for kinds not sought', () => {
    const some = allIn.filter((r) => r.discipline !== 'social_care');
    expect(() => checkAdviceBeforeDraft(some, { overrideReason: ' too short ' })).toThrow(AdviceNotSoughtError);
    expect(checkAdviceBeforeDraft(some, { overrideReason: '  Social care closed the case last month.  ' })).toEqual({
      notSought: [expect.objectContaining({ discipline: 'social_care', regulation: 'SEND Regulations 2014, reg 6(1)(e)' })],
      overrideReason: 'Social care closed the case last month.',
      outstanding: [],
      outstandingConfirmed: false,
    });
  });

  it('asks to confirm advice outstanding of any kind, (f) to (h) included, and records it once confirmed', () => {
    const owed = [...allIn, request('pfa', 'preparing_for_adulthood', 'requested', '2026-03-01')];
    expect(() => checkAdviceBeforeDraft(owed, {})).toThrow(AdviceOutstandingError);
    expect(() => checkAdviceBeforeDraft(owed, { confirmOutstandingAdvice: false })).toThrow(AdviceOutstandingError);
    expect(checkAdviceBeforeDraft(owed, { confirmOutstandingAdvice: true })).toEqual({
      notSought: [],
      overrideReason: null,
      outstanding: [{ adviceRequestId: 'pfa', discipline: 'preparing_for_adulthood', regulation: 'SEND Regulations 2014, reg 6(1)(g)', requestedOn: '2026-03-01', status: 'requested' }],
      outstandingConfirmed: true,
    });
  });

  it('checks what was not sought before what is outstanding', () => {
    expect(() => checkAdviceBeforeDraft([request('h', 'health', 'requested')], { confirmOutstandingAdvice: true })).toThrow(AdviceNotSoughtError);
  });
});
