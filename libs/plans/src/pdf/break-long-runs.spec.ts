import { BREAK_EVERY, BREAK_OPPORTUNITY, breakLongRuns, MAX_UNBROKEN_RUN } from './break-long-runs';

const longestRun = (text: string) => Math.max(0, ...text.split(/[\s\u200B]/u).map((run) => [...run].length));

describe('breakLongRuns', () => {
  it('leaves ordinary prose, links, and runs up to the limit, unchanged', () => {
    const prose = 'Zoë loves drawing and wants to be a vet.\n\nShe needs speech and language therapy.';
    expect(breakLongRuns(prose)).toBe(prose);
    const link = 'See https://www.gov.uk/government/publications/send-code-of-practice-0-to-25/chapter-9-education-health-and-care-needs-assessments-and-plans?utm_source=plan#section-9-69';
    expect(breakLongRuns(link)).toBe(link);
    const edge = `${'a'.repeat(MAX_UNBROKEN_RUN)} ${'b'.repeat(MAX_UNBROKEN_RUN)}`;
    expect(breakLongRuns(edge)).toBe(edge);
  });

  it('gives every longer run a break opportunity every BREAK_EVERY characters, and loses nothing', () => {
    const text = `See https://example.org/${'x'.repeat(500)} and ${'9'.repeat(60_000)}.`;
    const broken = breakLongRuns(text);
    expect(longestRun(broken)).toBeLessThanOrEqual(BREAK_EVERY);
    expect(broken.split(BREAK_OPPORTUNITY).join('')).toBe(text);
  });

  it('counts a run that already has zero-width spaces as broken', () => {
    const text = Array.from({ length: 1000 }, () => 'abcdefghij').join(BREAK_OPPORTUNITY);
    expect(breakLongRuns(text)).toBe(text);
  });

  it('never splits a surrogate pair, a combining accent or an emoji sequence', () => {
    const emoji = '👩🏽‍🔬'; // woman, skin tone, ZWJ, microscope
    const text = `${'e\u0301'.repeat(400)}${'😀'.repeat(400)}${emoji.repeat(200)}`;
    const pieces = breakLongRuns(text).split(BREAK_OPPORTUNITY);
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces) {
      expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(piece)).toBe(false); // no lone surrogate
      expect(/^(?:\p{M}|\u200D|\p{Emoji_Modifier})/u.test(piece)).toBe(false); // no piece starts with a continuation
      expect(piece.endsWith('\u200D')).toBe(false);
    }
  });

  it('takes linear time: a 600,000-character word in well under a second', () => {
    const started = performance.now();
    breakLongRuns('x'.repeat(600_000));
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
