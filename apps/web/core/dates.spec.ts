import { formatDate, formatDateTime, londonToday, readDateInput } from './dates';
import { problemToErrors } from './form-errors';

describe('web dates and errors', () => {
  it('formats calendar dates the GOV.UK way', () => {
    expect(formatDate('2026-02-16')).toBe('16 February 2026');
    expect(formatDate(undefined)).toBe('');
  });

  it('formats moments and today in London time, in winter and in summer', () => {
    expect(formatDateTime('2026-02-16T14:05:00Z')).toBe('16 February 2026 at 2:05pm');
    expect(formatDateTime('2026-07-01T09:30:00Z')).toBe('1 July 2026 at 10:30am');
    expect(formatDateTime('not a date')).toBe('not a date');
    expect(londonToday(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(londonToday(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });

  it("gives London's date at every moment, across midnights and clock changes, though formatted once per UTC hour", () => {
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
    expect(londonToday(new Date('2026-06-30T22:59:59.999Z'))).toBe('2026-06-30');
    expect(londonToday(new Date('2026-06-30T23:00:00Z'))).toBe('2026-07-01');
    expect(londonToday(new Date('2026-06-30T22:30:00Z'))).toBe('2026-06-30');
    expect(londonToday(new Date('2026-12-31T23:59:59.999Z'))).toBe('2026-12-31');
    expect(londonToday(new Date('2027-01-01T00:00:00Z'))).toBe('2027-01-01');
    // Every 7 minutes through 2026 and its two clock changes (29 March, 25 October), in order and then backwards.
    const moments: Date[] = [];
    for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += 7 * 60_000) moments.push(new Date(t));
    for (const moment of [...moments, ...moments.reverse()]) if (londonToday(moment) !== intl.format(moment)) throw new Error(`londonToday(${moment.toISOString()}) = ${londonToday(moment)}`);
  });

  it('reads a date input, or says what is wrong with it', () => {
    expect(readDateInput({ 'd-day': '5', 'd-month': '3', 'd-year': '2026' }, 'd', 'the date')).toEqual({ value: '2026-03-05' });
    expect(readDateInput({}, 'd', 'the date').error).toEqual({ field: 'd', href: '#d-day', text: 'Enter the date' });
    expect(readDateInput({ 'd-day': '5', 'd-year': '2026' }, 'd', 'the date').error?.text).toBe('The date must include a month');
    expect(readDateInput({ 'd-day': '30', 'd-month': '2', 'd-year': '2026' }, 'd', 'the date').error?.text).toBe('The date must be a real date');
  });

  it('maps problem details to one error per named field, else to the fallback field', () => {
    const problem = { status: 400, errors: [{ field: 'decidedOn', message: 'must be a date' }, { field: 'decidedOn', message: 'again' }, { field: 'decision', message: 'pick one' }] };
    expect(problemToErrors(problem, { fallbackField: 'decision', dateFields: ['decidedOn'] })).toEqual([
      { field: 'decidedOn', href: '#decidedOn-day', text: 'must be a date' },
      { field: 'decision', href: '#decision', text: 'pick one' },
    ]);
    expect(problemToErrors({ status: 422, detail: 'Too early (Regs 13)' }, { fallbackField: 'issuedOn', dateFields: ['issuedOn'] })).toEqual([{ field: 'issuedOn', href: '#issuedOn-day', text: 'Too early (Regs 13)' }]);
  });
});
