import nunjucks from 'nunjucks';
import { loadWebConfig } from '../web-config';
import { FixedComponents } from './fixed-components';
import { Views } from './views';

describe('govukFixed: GOV.UK components kept rendered', () => {
  const views = new Views(loadWebConfig({ NODE_ENV: 'production' }));
  const macroCall = (component: string, macro: string, params: unknown) =>
    views.env.renderString(`{% from "govuk/components/${component}/macro.njk" import ${macro} %}{{ ${macro}(params) }}`, { params });

  it("gives exactly GOV.UK's macro's markup, markup-safe, for each component the layout and the caseload use", () => {
    const cases: [string, string, unknown][] = [
      ['tag', 'govukTag', { text: 'Due soon', classes: 'govuk-tag--yellow' }],
      ['tag', 'govukTag', { text: 'A <b> & "c"', classes: '' }],
      ['button', 'govukButton', { text: 'Apply filters', classes: 'govuk-button--secondary' }],
      ['select', 'govukSelect', { id: 'stage', name: 'stage', label: { text: 'Stage' }, items: [{ value: '', text: 'All stages' }, { value: 'assessing', text: 'Assessing' }], value: 'assessing' }],
      ['input', 'govukInput', { id: 'q', name: 'q', label: { text: "Search by child's name" }, value: '', spellcheck: false }],
      ['skip-link', 'govukSkipLink', { href: '#main-content', text: 'Skip to main content' }],
      ['generic-header', 'govukGenericHeader', { logoText: 'Bench & LA', url: '/' }],
      ['footer', 'govukFooter', { meta: { items: [{ href: '/health', text: 'Service status' }] }, contentLicence: { text: ' ' }, copyright: { text: 'EHCP' } }],
    ];
    for (const [component, macro, params] of cases) {
      const expected = macroCall(component, macro, params);
      expect(expected.length).toBeGreaterThan(20);
      const first = views.fixed.render(component, params);
      expect(first).toBeInstanceOf(nunjucks.runtime.SafeString);
      expect(String(first)).toBe(expected);
      // The second time from what was kept, the same markup.
      expect(String(views.fixed.render(component, params))).toBe(expected);
      // And through a template, not escaped again.
      expect(views.env.renderString('{{ govukFixed(c, p) }}', { c: component, p: params })).toBe(expected);
    }
    expect(String(views.fixed.render('tag', { text: 'A <b> & "c"', classes: '' }))).toContain('A &lt;b&gt; &amp; &quot;c&quot;');
  });

  it('keeps one rendering per distinct params, and none past its limit (those still render, through the macro)', () => {
    const fixed = new FixedComponents(views.env, 2);
    fixed.render('tag', { text: 'Overdue', classes: 'govuk-tag--red' });
    fixed.render('tag', { text: 'Overdue', classes: 'govuk-tag--red' });
    expect(fixed.size).toBe(1);
    fixed.render('tag', { text: 'Due soon', classes: 'govuk-tag--yellow' });
    const third = fixed.render('tag', { text: 'Open', classes: 'govuk-tag--blue' });
    expect(fixed.size).toBe(2);
    expect(String(third)).toBe(macroCall('tag', 'govukTag', { text: 'Open', classes: 'govuk-tag--blue' }));
  });

  it('refuses a name that is not a GOV.UK component', () => {
    expect(() => views.fixed.render('../../etc', {})).toThrow('no GOV.UK component');
    expect(() => views.fixed.render('no-such-component', {})).toThrow(/template not found/);
  });
});
