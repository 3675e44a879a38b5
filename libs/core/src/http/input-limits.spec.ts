import { jsonShapeProblem, MAX_INT4, MAX_JSON_DEPTH, MAX_JSON_ITEMS, MAX_JSON_VALUES, unsafeInputProblem } from './input-limits';
import { isBoundedCalendarDate, validationFailed } from './validation';

describe('jsonShapeProblem', () => {
  it('accepts ordinary bodies, up to the depth and width limits', () => {
    expect(jsonShapeProblem('{"a":[1,2,{"b":"c"}],"d":null}')).toBeNull();
    expect(jsonShapeProblem('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH))).toBeNull();
    expect(jsonShapeProblem(JSON.stringify(Array.from({ length: MAX_JSON_ITEMS }, () => 1)))).toBeNull();
    expect(jsonShapeProblem('')).toBeNull();
  });

  it('refuses one level or one item too many, in arrays and objects', () => {
    expect(jsonShapeProblem('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1))).toMatch(/nested more than 32 levels/);
    expect(jsonShapeProblem('{"a":'.repeat(MAX_JSON_DEPTH + 1) + '1' + '}'.repeat(MAX_JSON_DEPTH + 1))).toMatch(/nested/);
    expect(jsonShapeProblem(JSON.stringify(Array.from({ length: MAX_JSON_ITEMS + 1 }, () => 1)))).toMatch(/more than 1000 items/);
    const wide = Object.fromEntries(Array.from({ length: MAX_JSON_ITEMS + 1 }, (_v, i) => [`k${i}`, i]));
    expect(jsonShapeProblem(JSON.stringify(wide))).toMatch(/more than 1000 items/);
    // The width is per container: many small arrays are fine, up to the total.
    expect(jsonShapeProblem(JSON.stringify(Array.from({ length: 900 }, () => [1, 2, 3])))).toBeNull();
  });

  it('refuses more values in all than MAX_JSON_VALUES, however they are spread', () => {
    const inner = Array.from({ length: 999 }, () => 1);
    expect(jsonShapeProblem(JSON.stringify({ junk: Array.from({ length: 30 }, () => inner) }))).toMatch(/more than 20000 values/);
    expect(jsonShapeProblem(JSON.stringify(Array.from({ length: 999 }, () => ({ a: Array.from({ length: 30 }, () => ({})) }))))).toMatch(/values/);
    // A plan section of 500 provision items, each with 10 outcome ids and an attribution, is well within.
    const provision = { id: 'p1', description: 'Speech, language', frequency: 'weekly', duration: '1 year', deliveredBy: 'SLT', outcomeIds: Array.from({ length: 10 }, (_v, i) => `o${i}`), source: { adviceRequestId: 'x', discipline: 'health' } };
    expect(jsonShapeProblem(JSON.stringify({ text: 'F', items: Array.from({ length: 500 }, () => provision) }))).toBeNull();
    expect(MAX_JSON_VALUES).toBe(20_000);
  });

  it('ignores brackets, commas and escaped quotes inside strings', () => {
    expect(jsonShapeProblem(JSON.stringify({ text: '['.repeat(1000) + ','.repeat(5000) }))).toBeNull();
    expect(jsonShapeProblem(JSON.stringify({ text: 'say \\"[[[[\\" and "' + '['.repeat(100) }))).toBeNull();
    expect(jsonShapeProblem('["\\\\", ' + '['.repeat(40) + ']'.repeat(40) + ']')).toMatch(/nested/);
  });

  it('scans a megabyte quickly', () => {
    const started = Date.now();
    expect(jsonShapeProblem('[' + '"x",'.repeat(250_000) + '"x"]')).toMatch(/items/);
    expect(jsonShapeProblem(JSON.stringify({ text: 'y'.repeat(1024 * 1024) }))).toBeNull();
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('unsafeInputProblem', () => {
  it('names the field holding a NUL or a lone surrogate, in values and keys', () => {
    expect(unsafeInputProblem({ contacts: [{ email: 'a\u0000b' }] }, '')).toEqual({ field: 'contacts.0.email', message: expect.stringContaining('NUL') });
    expect(unsafeInputProblem({ name: 'a\ud800' }, '')).toMatchObject({ field: 'name', message: expect.stringContaining('surrogate') });
    expect(unsafeInputProblem({ name: '\udc00z' }, '')).toMatchObject({ field: 'name' });
    expect(unsafeInputProblem('x\u0000', 'q')).toMatchObject({ field: 'q' });
    expect(unsafeInputProblem({ ['bad\u0000key']: 1 }, '')).toMatchObject({ field: 'bad\uFFFDkey', message: expect.stringContaining('field name') });
    expect(unsafeInputProblem({ ['😀\ud800']: { x: 'a\u0000' } }, '')).toMatchObject({ field: '😀\uFFFD' });
    expect(unsafeInputProblem({ ['😀']: { x: 'a\u0000' } }, '')).toMatchObject({ field: '😀.x' });
  });

  it('refuses numbers beyond int4 and non-finite numbers', () => {
    expect(unsafeInputProblem({ version: MAX_INT4 + 1 }, '')).toMatchObject({ field: 'version' });
    expect(unsafeInputProblem({ n: -MAX_INT4 - 1 }, '')).toMatchObject({ field: 'n' });
    expect(unsafeInputProblem({ n: Infinity }, '')).toMatchObject({ field: 'n' });
    expect(unsafeInputProblem({ n: MAX_INT4, m: -MAX_INT4, f: 1.5 }, '')).toBeNull();
  });

  it('passes valid text, emoji (paired surrogates), buffers and nulls', () => {
    expect(unsafeInputProblem({ a: 'Zoë 😀', b: null, c: [true, 1, 'x'], d: Buffer.from([0, 0xd8]) }, '')).toBeNull();
    expect(unsafeInputProblem(undefined, 'x')).toBeNull();
  });
});

describe('validationFailed', () => {
  it('lists at most 50 errors and counts the rest', () => {
    const errors = Array.from({ length: 120 }, (_v, i) => ({ field: `f${i}`, message: 'bad' }));
    const error = validationFailed(errors);
    expect(error.extensions).toEqual({ errors: errors.slice(0, 50), errorsNotShown: 70 });
    expect(error.detail).toMatch(/first 50 problems are listed, 70 more are not/);
    expect(validationFailed(errors.slice(0, 50)).extensions).toEqual({ errors: errors.slice(0, 50) });
  });
});

describe('isBoundedCalendarDate', () => {
  it.each([
    ['1900-01-01', true],
    ['2199-12-31', true],
    ['2024-02-29', true],
    ['1899-12-31', false],
    ['2200-01-01', false],
    ['0001-01-01', false],
    ['9999-12-31', false],
    ['2023-02-29', false],
    [20260101, false],
  ])('%j is %s', (value, expected) => {
    expect(isBoundedCalendarDate(value)).toBe(expected);
  });
});
