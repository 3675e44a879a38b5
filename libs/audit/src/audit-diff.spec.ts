import { diffFields } from './audit-diff';

describe('diffFields', () => {
  it('lists only changed fields with before and after', () => {
    expect(diffFields({ a: 1, b: 'x', c: null }, { a: 1, b: 'y', c: 'z' })).toEqual({ b: { before: 'x', after: 'y' }, c: { before: null, after: 'z' } });
  });

  it('treats a creation as every field from null', () => {
    expect(diffFields(null, { a: 1 })).toEqual({ a: { before: null, after: 1 } });
  });

  it('compares dates and nested values by content', () => {
    const d = new Date('2026-01-05T10:00:00Z');
    expect(diffFields({ d, n: [1, 2] }, { d: new Date(d), n: [1, 2] })).toEqual({});
  });

  it('can be limited to named fields', () => {
    expect(diffFields({ a: 1, secret: 'x' }, { a: 2, secret: 'y' }, ['a'])).toEqual({ a: { before: 1, after: 2 } });
  });
});
