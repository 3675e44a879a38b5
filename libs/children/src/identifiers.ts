/**
 * Identifier checks (statutory-rules.md §8). Pure functions: they say whether a value is well-formed and its check
 * character is right; they never log the value.
 */

const UPN_CHECK_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/** Unique Pupil Number: check letter + 11 digits + a digit (permanent) or a letter (temporary), DfE modulus 23. */
export function isValidUpn(value: string): boolean {
  if (!/^[A-HJ-NP-RT-Z]\d{11}[0-9A-HJ-NP-RT-Z]$/.test(value)) return false;
  let sum = 0;
  for (let position = 2; position <= 13; position += 1) {
    const char = value[position - 1];
    const digit = /\d/.test(char) ? Number(char) : UPN_CHECK_LETTERS.indexOf(char);
    sum += digit * position;
  }
  return UPN_CHECK_LETTERS[sum % 23] === value[0];
}

/** Unique Learner Number: 10 digits, not starting with 0. */
export function isValidUln(value: string): boolean {
  return /^[1-9]\d{9}$/.test(value);
}

/** NHS number: 10 digits whose last is the modulus 11 check digit of the first nine (weights 10 to 2). */
export function isValidNhsNumber(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  let sum = 0;
  for (let index = 0; index < 9; index += 1) sum += Number(value[index]) * (10 - index);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(value[9]);
}

/** Accepts "943 476 5919" or "943-476-5919" as people write it and stores the ten digits. */
export function normaliseNhsNumber(value: string): string {
  return value.replace(/[\s-]/g, '');
}

export function normaliseUpn(value: string): string {
  return value.replace(/\s/g, '').toUpperCase();
}

/** UK postcode shape (not an address lookup), stored upper-case with one space. */
export function normalisePostcode(value: string): string | null {
  const compact = value.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$/.test(compact)) return null;
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}
