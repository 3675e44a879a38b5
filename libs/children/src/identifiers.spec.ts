import fc from 'fast-check';
import { isValidNhsNumber, isValidUln, isValidUpn, normaliseNhsNumber, normalisePostcode, normaliseUpn } from './identifiers';

/** Builds a valid permanent UPN from 12 digits by computing its check letter, independently of the validator. */
function upnWithCheckLetter(body: string): string {
  const letters = 'ABCDEFGHJKLMNPQRTUVWXYZ';
  const sum = [...body].reduce((total, char, index) => total + (/\d/.test(char) ? Number(char) : letters.indexOf(char)) * (index + 2), 0);
  return letters[sum % 23] + body;
}

describe('UPN', () => {
  it('accepts a permanent UPN with the right check letter', () => {
    // Weights 2..13 over 2,0,1,0,0,0,0,1,2,3,4,0: 4+0+4+0+0+0+0+9+20+33+48+0 = 118; 118 % 23 = 3 -> D (A=0, I/O/S skipped)
    expect(upnWithCheckLetter('201000012340')).toBe('D201000012340');
    expect(isValidUpn('D201000012340')).toBe(true);
  });

  it('refuses a wrong check letter, wrong length, lower case, and the letters I, O and S', () => {
    expect(isValidUpn('A201000012340')).toBe(false);
    expect(isValidUpn('D20100001234')).toBe(false);
    expect(isValidUpn('d201000012340')).toBe(false);
    expect(isValidUpn('I201000012340')).toBe(false);
    expect(isValidUpn('D20100001234O')).toBe(false);
  });

  it('accepts temporary UPNs whose last character is a letter', () => {
    const temporary = upnWithCheckLetter('20100001234A');
    expect(isValidUpn(temporary)).toBe(true);
  });

  it('accepts every generated UPN and refuses any single changed digit', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12}$/), fc.integer({ min: 1, max: 11 }), fc.integer({ min: 1, max: 9 }), (body, position, delta) => {
        const upn = upnWithCheckLetter(body);
        expect(isValidUpn(upn)).toBe(true);
        const changed = upn.slice(0, position) + String((Number(upn[position]) + delta) % 10) + upn.slice(position + 1);
        expect(isValidUpn(changed)).toBe(false);
      }),
    );
  });

  it('normalises spaces and case', () => {
    expect(normaliseUpn(' k2010 0001 2340 ')).toBe('K201000012340');
  });
});

describe('NHS number', () => {
  it.each(['9434765919', '4010232137'])('accepts %s when the check digit is right', (value) => {
    expect(isValidNhsNumber(value)).toBe(true);
  });

  it('refuses a wrong check digit, wrong length and non-digits', () => {
    expect(isValidNhsNumber('9434765918')).toBe(false);
    expect(isValidNhsNumber('943476591')).toBe(false);
    expect(isValidNhsNumber('94347659AB')).toBe(false);
  });

  it('refuses numbers whose check digit would be 10', () => {
    // 000000006x: sum = 6*2 = 12 -> 11 - 1 = 10: no valid check digit exists
    for (let d = 0; d <= 9; d += 1) expect(isValidNhsNumber(`000000006${d}`)).toBe(false);
  });

  it('normalises spaces and dashes', () => {
    expect(normaliseNhsNumber('943 476 5919')).toBe('9434765919');
    expect(normaliseNhsNumber('943-476-5919')).toBe('9434765919');
  });
});

describe('ULN', () => {
  it('accepts ten digits not starting with 0', () => {
    expect(isValidUln('1234567890')).toBe(true);
    expect(isValidUln('0234567890')).toBe(false);
    expect(isValidUln('123456789')).toBe(false);
  });
});

describe('postcode', () => {
  it('normalises valid postcodes and refuses others', () => {
    expect(normalisePostcode('sw1a1aa')).toBe('SW1A 1AA');
    expect(normalisePostcode('M1 1AE')).toBe('M1 1AE');
    expect(normalisePostcode('not a postcode')).toBeNull();
  });
});
