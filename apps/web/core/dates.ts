import type { FieldError } from './form-errors';
import { fieldError } from './form-errors';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "16 February 2026" from a calendar date `YYYY-MM-DD` (the GOV.UK style); anything else comes back unchanged. */
export function formatDate(value: unknown): string {
  if (typeof value !== 'string') return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return value;
  return `${Number(match[3])} ${MONTHS[Number(match[2]) - 1]} ${match[1]}`;
}

// Built once: an Intl.DateTimeFormat costs far more to construct than to use (the case page's timeline formats a
// timestamp per entry; a formatter per call was a tenth of the page's render CPU).
const LONDON_DATE_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true });
const LONDON_CALENDAR_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** "16 February 2026 at 2:05pm" in London time from an ISO timestamp. */
export function formatDateTime(value: unknown): string {
  if (typeof value !== 'string') return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const parts = Object.fromEntries(
    LONDON_DATE_TIME.formatToParts(date).map((p) => [p.type, p.value]),
  );
  return `${parts.day} ${parts.month} ${parts.year} at ${parts.hour}:${parts.minute}${String(parts.dayPeriod).toLowerCase()}`;
}

/** The last answer of londonToday and the UTC hour it holds for. */
let today = { hour: Number.NaN, date: '' };

/**
 * Today's calendar date in Europe/London. London's offset from UTC is a whole number of hours (GMT or BST), so its
 * day always starts on a whole UTC hour and the date cannot change within one: it is formatted once per UTC hour
 * (Intl's formatting was a per cent of a caseload page's CPU).
 */
export function londonToday(now = new Date()): string {
  const hour = Math.floor(now.getTime() / 3_600_000);
  if (hour !== today.hour) today = { hour, date: LONDON_CALENDAR_DATE.format(now) };
  return today.date;
}

/**
 * Reads a GOV.UK date input (`<name>-day`, `-month`, `-year`) from a posted form: a `YYYY-MM-DD` date, or the one
 * error to show against it (the Design System's messages: what is missing, or that it must be a real date).
 */
export function readDateInput(body: Record<string, unknown>, name: string, label: string): { value?: string; error?: FieldError } {
  const part = (suffix: string) => String(body[`${name}-${suffix}`] ?? '').trim();
  const [day, month, year] = [part('day'), part('month'), part('year')];
  const missing = [!day && 'day', !month && 'month', !year && 'year'].filter(Boolean) as string[];
  if (missing.length === 3) return { error: fieldError(name, `Enter ${label}`, [name]) };
  if (missing.length > 0) return { error: fieldError(name, `${capitalise(label)} must include a ${missing.join(' and ')}`, [name]) };
  const [d, m, y] = [Number(day), Number(month), Number(year)];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (![d, m, y].every(Number.isInteger) || year.length !== 4 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { error: fieldError(name, `${capitalise(label)} must be a real date`, [name]) };
  }
  return { value: `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
