import { barChart, percentLineChart } from './dashboard-charts';

describe('dashboard charts', () => {
  it('draws a labelled, titled line chart whose points sit where the figures say', () => {
    const chart = percentLineChart('t', 'Timeliness', 'Share within 20 weeks', ['2026-01', '2026-02', '2026-03'], [
      { name: 'Including exceptions', values: [50, null, 100], dashed: false },
      { name: 'Excluding exceptions', values: [0, null, 100], dashed: true },
    ]);
    expect(chart.svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="t-title t-desc"/);
    expect(chart.svg).toContain('<title id="t-title">Timeliness</title><desc id="t-desc">Share within 20 weeks</desc>');
    // 0% at the bottom (y 240), 100% at the top (y 20): 50% half way.
    expect(chart.svg).toContain('cy="130"');
    expect((chart.svg.match(/<circle /g) ?? []).length).toBe(3); // two points and the legend's marker
    expect((chart.svg.match(/<rect /g) ?? []).length).toBe(3); // the dashed series: squares
    expect(chart.svg).toContain('Excluding exceptions');
  });

  it('draws one labelled bar per row, escaping names', () => {
    const chart = barChart('b', 'Advice late', 'By provider', [
      { label: 'Health & Care <NHS>', value: 4 },
      { label: 'Schools', value: 2 },
    ]);
    expect(chart.svg).toContain('Health &amp; Care &lt;NHS&gt;');
    expect((chart.svg.match(/<rect /g) ?? []).length).toBe(2);
    expect(chart.svg).toMatch(/>4<\/text>/);
    expect(barChart('e', 'Empty', 'None', []).svg).toContain('Nothing to show');
  });
});
