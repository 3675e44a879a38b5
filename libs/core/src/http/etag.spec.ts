import { PreconditionRequiredError, ValidationFailedError } from '../errors/domain-error';
import { optionalVersionFromIfMatch, parseIfMatch, versionFromIfMatch, withEtag } from './etag';

describe('If-Match', () => {
  it('reads one header one way everywhere: absent, * or a quoted version, weak or not', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('  ')).toBeUndefined();
    expect(parseIfMatch('*')).toBe('*');
    expect(parseIfMatch(' "3" ')).toBe(3);
    expect(parseIfMatch('W/"12"')).toBe(12);
    expect(parseIfMatch(['"4"', '"5"'])).toBe(4);
    for (const bad of ['3', '"x"', '"1234567890"', '"1", "2"', '**']) expect(() => parseIfMatch(bad)).toThrow(ValidationFailedError);
  });

  it('takes * as any version where If-Match is optional, and refuses it where an edit needs the version read', () => {
    expect(optionalVersionFromIfMatch('*')).toBeUndefined();
    expect(optionalVersionFromIfMatch(undefined)).toBeUndefined();
    expect(optionalVersionFromIfMatch('"7"')).toBe(7);
    expect(() => optionalVersionFromIfMatch('seven')).toThrow(ValidationFailedError);
    expect(versionFromIfMatch('"7"')).toBe(7);
    expect(() => versionFromIfMatch(undefined)).toThrow(PreconditionRequiredError);
    expect(() => versionFromIfMatch('*')).toThrow(ValidationFailedError);
    const refusal = (() => {
      try {
        return versionFromIfMatch('*');
      } catch (error) {
        return error;
      }
    })();
    expect(JSON.stringify(refusal)).toContain('could overwrite a change you have not seen');
  });

  it('puts the record’s version on the answer as its ETag', () => {
    const headers: Record<string, string> = {};
    const record = { id: 'a', version: 4 };
    expect(withEtag({ header: (name, value) => (headers[name] = value) }, record)).toBe(record);
    expect(headers).toEqual({ etag: '"4"' });
  });
});
