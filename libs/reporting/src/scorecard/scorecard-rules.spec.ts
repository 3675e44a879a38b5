import { rag, thresholdsAgree, trend } from './scorecard-rules';

describe('scorecard rules', () => {
  const t = { target: 60, amber: 50 };
  it('judges a higher-is-better measure: green at the target, amber at the threshold, red below', () => {
    expect([rag('higher_is_better', 60, t), rag('higher_is_better', 59.9, t), rag('higher_is_better', 50, t), rag('higher_is_better', 49.9, t)]).toEqual(['green', 'amber', 'amber', 'red']);
  });
  it('judges a lower-is-better measure the other way round', () => {
    const rate = { target: 5, amber: 8 };
    expect([rag('lower_is_better', 5, rate), rag('lower_is_better', 8, rate), rag('lower_is_better', 8.1, rate)]).toEqual(['green', 'amber', 'red']);
  });
  it('says when there is no figure or no target', () => {
    expect(rag('higher_is_better', null, t)).toBe('no_data');
    expect(rag('higher_is_better', 70, null)).toBe('no_target');
  });
  it('checks the threshold sits on the red side of the target', () => {
    expect([thresholdsAgree('higher_is_better', 60, 50), thresholdsAgree('higher_is_better', 60, 70), thresholdsAgree('lower_is_better', 5, 8), thresholdsAgree('lower_is_better', 5, 3)]).toEqual([true, false, true, false]);
  });
  it('reads the trend in the measure’s terms', () => {
    expect([trend('higher_is_better', 60, 50), trend('higher_is_better', 40, 50), trend('lower_is_better', 4, 6), trend('lower_is_better', 6, 6), trend('lower_is_better', 6, null)]).toEqual(['improving', 'worsening', 'improving', 'unchanged', 'no_data']);
  });
});
