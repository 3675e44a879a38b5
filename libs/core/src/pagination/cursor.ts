import { ValidationFailedError } from '../errors/domain-error';
import { unsafeInputProblem } from '../http/input-limits';
import { isBoundedCalendarDate } from '../http/validation';

/**
 * Opaque keyset cursors: base64url of the last row's sort key. Keyset pagination stays fast on deep pages and
 * never skips or repeats rows when new ones arrive.
 */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** What each part of a cursor's key is, so a forged cursor is a 400 and never reaches SQL as the wrong type. */
export type CursorPart = 'timestamp' | 'date' | 'uuid' | 'text' | 'bigint';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// The time of day of what toISOString gives; the date before it is checked as a calendar date.
const ISO_TIME = /^T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

function partIsValid(part: unknown, kind: CursorPart): boolean {
  switch (kind) {
    case 'timestamp':
      return typeof part === 'string' && part.length === 24 && isBoundedCalendarDate(part.slice(0, 10)) && ISO_TIME.test(part.slice(10));
    case 'date':
      return isBoundedCalendarDate(part);
    case 'uuid':
      return typeof part === 'string' && UUID.test(part);
    case 'text':
      return typeof part === 'string' && part.length <= 320 && unsafeInputProblem(part, 'cursor') === null;
    case 'bigint':
      return (typeof part === 'string' && /^\d{1,18}$/.test(part)) || (typeof part === 'number' && Number.isSafeInteger(part) && part >= 0);
  }
}

/** The key of a cursor this service issued, each part checked against `schema` (one CursorPart per sort column). */
export function decodeCursor(cursor: string | undefined, schema: readonly CursorPart[]): (string | number)[] | null {
  if (cursor === undefined || cursor === '') return null;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === schema.length && key.every((part, index) => partIsValid(part, schema[index]))) {
      return key as (string | number)[];
    }
  } catch {
    // fall through to the validation error
  }
  throw new ValidationFailedError([{ field: 'cursor', message: 'cursor is not one this service issued' }]);
}

export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => (string | number)[]): Page<T> {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  return { items, nextCursor: hasMore ? encodeCursor(keyOf(items[items.length - 1])) : null };
}
