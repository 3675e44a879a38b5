/** Zero-width space: a line-break opportunity (UAX #14 class ZW) that draws nothing; DejaVu has a zero-width glyph. */
export const BREAK_OPPORTUNITY = '\u200B';

/**
 * Longest run of characters without a break opportunity that reaches pdfkit unchanged. Links and references up to
 * this length stay intact when copied out of the PDF; pdfkit's cost on such a run is negligible.
 */
export const MAX_UNBROKEN_RUN = 200;
/** A longer run gets a break opportunity every this many characters. */
export const BREAK_EVERY = 32;

const SEPARATOR = /[\s\u200B]/u;
const LONG_RUN = new RegExp(`[^\\s\\u200B]{${MAX_UNBROKEN_RUN + 1},}`, 'gu');
/** Characters that continue the previous one (combining marks, variation selectors, ZWJ, skin tones): no break before. */
const CONTINUES = /[\p{M}\u200D\p{Emoji_Modifier}]/u;

/**
 * Puts a zero-width break opportunity every BREAK_EVERY characters into each run of more than MAX_UNBROKEN_RUN
 * characters with none.
 *
 * Why: pdfkit's line wrapper re-measures the whole rest of a word that is wider than the line for every line it
 * fills, so one 60,000-character word cost minutes and gigabytes (quadratic). With a break every 32 characters each
 * measured piece is short and rendering stays linear. The zero-width spaces are invisible but are part of the text
 * (copy and paste keeps them), hence only runs no real text has are touched. Breaks go between code points and never before a combining
 * mark, a joiner or after one, so accents, emoji sequences and surrogate pairs stay whole (Intl.Segmenter would be
 * exact but is far slower on long runs). Text that has spaces often enough is returned unchanged.
 */
export function breakLongRuns(text: string): string {
  if (text.length <= MAX_UNBROKEN_RUN || !hasLongRun(text)) return text;
  return text.replace(LONG_RUN, (run) => {
    const out: string[] = [];
    let count = 0;
    let previous = '';
    for (const char of run) {
      if (count >= BREAK_EVERY && !CONTINUES.test(char) && previous !== '\u200D') {
        out.push(BREAK_OPPORTUNITY);
        count = 0;
      }
      out.push(char);
      count += 1;
      previous = char;
    }
    return out.join('');
  });
}

/** A cheap linear pre-check, so ordinary prose skips the regular expression. */
function hasLongRun(text: string): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i += 1) {
    run = SEPARATOR.test(text[i]) ? 0 : run + 1;
    if (run > MAX_UNBROKEN_RUN) return true;
  }
  return false;
}
