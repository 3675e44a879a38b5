import fc from 'fast-check';
import { addDays, addMonths, addWeeks, ageOn, compareDates, dayOfWeek, daysBetween, formatLongDate, fromDayNumber, InvalidDateError, isAfter, isBefore, isOnOrAfter, isOnOrBefore, isValidIsoDate, isValidLondonTime, londonInstant, maxDate, minDate, parseIsoDate, toDayNumber, todayInLondon } from './dates';

const anyDate = fc.integer({ min: toDayNumber('1900-01-01'), max: toDayNumber('2100-12-31') }).map(fromDayNumber);

describe('calendar dates', () => {
  it.each([
    ['2026-01-05', true],
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2100-02-29', false],
    ['2000-02-29', true],
    ['2015-02-30', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-04-31', false],
    ['2026-1-5', false],
    ['2026-01-05T00:00:00Z', false],
    [' 2026-01-05', false],
    ['', false],
    [20260105, false],
    [null, false],
    [undefined, false],
  ])('isValidIsoDate(%j) is %s', (value, expected) => {
    expect(isValidIsoDate(value)).toBe(expected);
  });

  it('refuses to parse what is not a date', () => {
    expect(() => parseIsoDate('2015-02-30')).toThrow(InvalidDateError);
    expect(parseIsoDate('2026-01-05')).toEqual({ year: 2026, month: 1, day: 5 });
  });

  it('adds days across month ends, year ends and leap days', () => {
    expect(addDays('2026-01-05', 42)).toBe('2026-02-16');
    expect(addDays('2026-01-05', 140)).toBe('2026-05-25');
    expect(addDays('2026-12-25', 14)).toBe('2027-01-08');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addWeeks('2026-03-25', 1)).toBe('2026-04-01');
  });

  it('adds months, clamping to the last day of shorter months', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2028-02-29', 12)).toBe('2029-02-28');
    expect(addMonths('2026-05-15', 12)).toBe('2027-05-15');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
  });

  it('compares and measures', () => {
    expect(daysBetween('2026-01-05', '2026-05-25')).toBe(140);
    expect(daysBetween('2026-05-25', '2026-01-05')).toBe(-140);
    expect(compareDates('2026-01-05', '2026-01-05')).toBe(0);
    expect(isBefore('2026-01-04', '2026-01-05')).toBe(true);
    expect(isAfter('2026-01-04', '2026-01-05')).toBe(false);
    expect(isOnOrBefore('2026-01-05', '2026-01-05')).toBe(true);
    expect(isOnOrAfter('2026-01-05', '2026-01-05')).toBe(true);
    expect(minDate('2026-03-01', '2026-01-05', '2026-02-01')).toBe('2026-01-05');
    expect(maxDate('2026-03-01', '2026-01-05', '2026-12-01')).toBe('2026-12-01');
  });

  it('knows the day of the week and writes dates as letters do', () => {
    expect(dayOfWeek('2026-01-05')).toBe(1);
    expect(dayOfWeek('2026-02-16')).toBe(1);
    expect(formatLongDate('2026-01-05')).toBe('5 January 2026');
    expect(formatLongDate('2026-05-25', { weekday: true })).toBe('Monday 25 May 2026');
  });

  it('counts age in whole years; a 29 February birthday comes on 1 March in other years', () => {
    expect(ageOn('2010-06-15', '2026-06-14')).toBe(15);
    expect(ageOn('2010-06-15', '2026-06-15')).toBe(16);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
    expect(ageOn('2008-02-29', '2028-02-29')).toBe(20);
  });

  describe('today in England, whatever the process time zone', () => {
    it.each([
      ['2026-03-29T00:30:00Z', '2026-03-29'], // the night the clocks go forward
      ['2026-03-28T23:59:59Z', '2026-03-28'],
      ['2026-06-30T23:30:00Z', '2026-07-01'], // 00:30 BST
      ['2026-06-30T22:59:59Z', '2026-06-30'],
      ['2026-10-25T00:30:00Z', '2026-10-25'], // 01:30 BST, the night the clocks go back
      ['2026-10-24T23:30:00Z', '2026-10-25'],
      ['2026-12-31T23:59:00Z', '2026-12-31'], // GMT: no offset in winter
      ['2027-01-01T00:00:00Z', '2027-01-01'],
    ])('%s is %s', (instant, expected) => {
      expect(todayInLondon(new Date(instant))).toBe(expected);
    });
  });

  describe('properties', () => {
    it('adding n days moves exactly n days, and back again', () => {
      fc.assert(
        fc.property(anyDate, fc.integer({ min: -20000, max: 20000 }), (date, n) => {
          const moved = addDays(date, n);
          expect(isValidIsoDate(moved)).toBe(true);
          expect(daysBetween(date, moved)).toBe(n);
          expect(addDays(moved, -n)).toBe(date);
        }),
      );
    });

    it('ordering agrees with the distance between dates, and with string order', () => {
      fc.assert(
        fc.property(anyDate, anyDate, (a, b) => {
          expect(compareDates(a, b)).toBe(Math.sign(daysBetween(b, a)));
          expect(compareDates(a, b)).toBe(a < b ? -1 : a > b ? 1 : 0);
        }),
      );
    });

    it('adding months always gives a real date in the right month, never more than the day asked', () => {
      fc.assert(
        fc.property(anyDate, fc.integer({ min: -300, max: 300 }), (date, months) => {
          const moved = addMonths(date, months);
          expect(isValidIsoDate(moved)).toBe(true);
          const from = parseIsoDate(date);
          const to = parseIsoDate(moved);
          expect((to.year - from.year) * 12 + (to.month - from.month)).toBe(months);
          expect(to.day).toBeLessThanOrEqual(from.day);
        }),
      );
    });

    it('every instant of a day in England maps to that date', () => {
      fc.assert(
        fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) }), (ms) => {
          const today = todayInLondon(new Date(ms));
          expect(isValidIsoDate(today)).toBe(true);
          // England is UTC+0 or UTC+1, so the London date is the UTC date or the next one.
          const utc = new Date(ms).toISOString().slice(0, 10);
          expect([utc, addDays(utc, 1)]).toContain(today);
        }),
      );
    });
  });
});

describe('londonInstant', () => {
  it.each([
    ['2026-01-05', '07:00', '2026-01-05T07:00:00.000Z'], // GMT
    ['2026-03-30', '07:00', '2026-03-30T06:00:00.000Z'], // BST
    ['2026-03-29', '00:30', '2026-03-29T00:30:00.000Z'], // before the spring change
    ['2026-03-29', '01:30', '2026-03-29T01:30:00.000Z'], // skipped by the change: 02:30 BST
    ['2026-03-29', '02:00', '2026-03-29T01:00:00.000Z'],
    ['2026-10-25', '01:30', '2026-10-25T00:30:00.000Z'], // repeated: the first (BST) occurrence
    ['2026-10-25', '07:00', '2026-10-25T07:00:00.000Z'],
    ['2026-12-31', '23:59', '2026-12-31T23:59:00.000Z'],
  ])('%s at %s in London is %s', (date, time, iso) => {
    expect(londonInstant(date, time).toISOString()).toBe(iso);
  });

  it('lands on the same London date and time of day, whatever the date', () => {
    fc.assert(
      fc.property(fc.integer({ min: toDayNumber('2015-01-01'), max: toDayNumber('2035-12-31') }).map(fromDayNumber), fc.integer({ min: 3, max: 23 }), fc.integer({ min: 0, max: 59 }), (date, hour, minute) => {
        const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
        const instant = londonInstant(date, time);
        expect(todayInLondon(instant)).toBe(date);
        expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant)).toBe(time);
      }),
    );
  });

  it('refuses a malformed time', () => {
    expect(() => londonInstant('2026-01-05', '7am')).toThrow(/HH:MM/);
    expect(isValidLondonTime('24:00')).toBe(false);
    expect(isValidLondonTime('07:30')).toBe(true);
  });
});
