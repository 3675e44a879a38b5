/**
 * CSV as RFC 4180 (CRLF, fields with a comma, quote or line break quoted, quotes doubled). A text field starting with
 * =, +, -, @, tab or carriage return is prefixed with an apostrophe so that a spreadsheet never runs it as a formula
 * (names and teams are typed by people). Numbers are written as they are.
 */
export type CsvValue = string | number | boolean | null | undefined;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
