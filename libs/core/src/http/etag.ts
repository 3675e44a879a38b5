import { PreconditionRequiredError, ValidationFailedError } from '../errors/domain-error';

/** The ETag of a versioned record: its optimistic-lock version, quoted. */
export function etagFor(version: number): string {
  return `"${version}"`;
}

/** Sets a versioned record's ETag on the answer and returns the record: every answer that can be edited carries one. */
export function withEtag<T extends { version: number }>(reply: { header(name: string, value: string): unknown }, record: T): T {
  void reply.header('etag', etagFor(record.version));
  return record;
}

const VERSION = /^(?:W\/)?"(\d{1,9})"$/;

/**
 * The one reading of If-Match (RFC 9110 13.1.1), shared by every endpoint: absent (or empty), `*` (whatever version
 * is current), or the quoted version of an ETag, weak or not. Anything else is a 400 naming the header.
 */
export function parseIfMatch(header: string | string[] | undefined): number | '*' | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (value === undefined || value === '') return undefined;
  if (value === '*') return '*';
  const match = VERSION.exec(value);
  if (!match) throw new ValidationFailedError([{ field: 'If-Match', message: 'If-Match must be the ETag you last read, e.g. "3", or *' }]);
  return Number(match[1]);
}

/**
 * The version an edit requires (PUT a plan section, PATCH a child or an organisation): 428 when If-Match is absent
 * (lost updates are not an option), 400 for `*`, which says "any version" where these edits need the one you read.
 */
export function versionFromIfMatch(header: string | string[] | undefined): number {
  const parsed = parseIfMatch(header);
  if (parsed === undefined) throw new PreconditionRequiredError();
  if (parsed === '*') throw new ValidationFailedError([{ field: 'If-Match', message: 'This change needs the ETag you last read, e.g. "3": * (any version) could overwrite a change you have not seen' }]);
  return parsed;
}

/** The version of an optional If-Match (commands safe to repeat: steps of an assessment, a review, an appeal, a cease): absent and `*` mean any. */
export function optionalVersionFromIfMatch(header: string | string[] | undefined): number | undefined {
  const parsed = parseIfMatch(header);
  return parsed === '*' ? undefined : parsed;
}
