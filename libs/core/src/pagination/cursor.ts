import { ValidationFailedError } from '../errors/domain-error';

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

export function decodeCursor(cursor: string | undefined, arity: number): (string | number)[] | null {
  if (cursor === undefined || cursor === '') return null;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === arity && key.every((part) => typeof part === 'string' || typeof part === 'number')) {
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
