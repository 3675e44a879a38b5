import nunjucks from 'nunjucks';
import { trim } from './template-filters';

describe('template filters', () => {
  const original = (s: string) => s.replace(/^\s*|\s*$/g, '');

  it('trims exactly what nunjucks trims, keeping markup safeness', () => {
    for (const s of ['', '   ', ' a ', '\n\t a b \r\n', '\u00a0x\u2028', 'x\ufeff', '<p>\n  </p>\n\n']) expect(trim(s)).toBe(original(s));
    const safe = trim(new nunjucks.runtime.SafeString('  <b>x</b>\n'));
    expect(safe).toBeInstanceOf(nunjucks.runtime.SafeString);
    expect(String(safe)).toBe('<b>x</b>');
    const env = new nunjucks.Environment(null, { autoescape: true });
    env.addFilter('trim', trim);
    expect(env.renderString('[{{ s | trim }}][{{ h | safe | trim }}]', { s: ' <i> ', h: ' <i> ' })).toBe('[&lt;i&gt;][<i>]');
  });

  it('takes linear time on long runs of whitespace (the regex took seconds on 30,000 spaces)', () => {
    const s = `a${' '.repeat(200_000)}b`;
    const t0 = performance.now();
    expect(trim(s)).toBe(s);
    expect(performance.now() - t0).toBeLessThan(200);
  });
});
