import { decodeCursor, encodeCursor } from './cursor';

describe('cursors', () => {
  const id = '3f2b8c1e-7d4a-4b6e-9a0c-1d2e3f4a5b6c';

  it('round-trips the keys the lists issue', () => {
    expect(decodeCursor(encodeCursor(['2026-03-02T10:00:00.123Z', id]), ['timestamp', 'uuid'])).toEqual(['2026-03-02T10:00:00.123Z', id]);
    expect(decodeCursor(encodeCursor(['2026-03-02', id]), ['date', 'uuid'])).toEqual(['2026-03-02', id]);
    expect(decodeCursor(encodeCursor(['a@b.example', id]), ['text', 'uuid'])).toEqual(['a@b.example', id]);
    expect(decodeCursor(encodeCursor(['12345']), ['bigint'])).toEqual(['12345']);
    expect(decodeCursor(undefined, ['bigint'])).toBeNull();
    expect(decodeCursor('', ['bigint'])).toBeNull();
  });

  it.each([
    ['a non-date timestamp', ['not-a-date', id], ['timestamp', 'uuid']],
    ['a non-uuid id', ['2026-03-02T10:00:00.000Z', 'x'], ['timestamp', 'uuid']],
    ['a year beyond 2199', ['9999-03-02T10:00:00.000Z', id], ['timestamp', 'uuid']],
    ['an impossible date', ['2026-02-30', id], ['date', 'uuid']],
    ['a timestamp on an impossible date', ['2026-02-30T10:00:00.000Z', id], ['timestamp', 'uuid']],
    ['a timestamp with trailing text', ['2026-03-02T10:00:00.000Z; DROP', id], ['timestamp', 'uuid']],
    ['a number for a date', [20260302, id], ['date', 'uuid']],
    ['text with NUL', ['a\u0000b', id], ['text', 'uuid']],
    ['a non-numeric bigint', ['abc'], ['bigint']],
    ['a huge number', [1e308], ['bigint']],
    ['the wrong arity', [id], ['text', 'uuid']],
  ] as const)('refuses %s with a 400 naming the cursor', (_label, key, schema) => {
    expect(() => decodeCursor(encodeCursor(key as unknown as (string | number)[]), schema)).toThrow(expect.objectContaining({ status: 400, extensions: { errors: [{ field: 'cursor', message: 'cursor is not one this service issued' }] } }));
  });

  it('refuses what is not base64 JSON', () => {
    expect(() => decodeCursor('%%%', ['bigint'])).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => decodeCursor(Buffer.from('{"a":1}').toString('base64url'), ['bigint'])).toThrow(expect.objectContaining({ status: 400 }));
  });
});
