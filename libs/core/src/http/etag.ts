import { PreconditionRequiredError, ValidationFailedError } from '../errors/domain-error';

/** The ETag of a versioned record: its optimistic-lock version, quoted. */
export function etagFor(version: number): string {
  return `"${version}"`;
}

/** Reads the version from an If-Match header; 428 when missing (lost updates are not an option). */
export function versionFromIfMatch(header: string | string[] | undefined): number {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') throw new PreconditionRequiredError();
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(value.trim());
  if (!match) throw new ValidationFailedError([{ field: 'If-Match', message: 'If-Match must be the ETag you last read, e.g. "3"' }]);
  return Number(match[1]);
}

/** The version from an optional If-Match (commands safe to repeat take it when the client sends it; `*` is any). */
export function optionalVersionFromIfMatch(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '' || value.trim() === '*') return undefined;
  return versionFromIfMatch(value);
}
