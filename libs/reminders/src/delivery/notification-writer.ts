import { NotificationKind } from '../entities/notification.entity';

/** An inbox message about to be written. `dedupeKey` names the event and the recipient: a message is written once. */
export interface NewNotification {
  localAuthorityId: string;
  recipientUserId: string | null;
  recipientOrganisationId: string | null;
  kind: NotificationKind;
  subjectType: string;
  subjectId: string;
  deadlineId: string | null;
  deadlineKind: string | null;
  dueOn: string | null;
  escalated: boolean;
  dedupeKey: string;
}

/** The email that repeats a message, keyed by the message's dedupe key (its id does not exist until it is written). */
export interface MessageEmail {
  dedupeKey: string;
  to: string;
  subject: string;
  body: string;
}

/** SQL of common table expressions and their parameters, numbered from the `firstParam` they were made with. */
export interface SqlFragment {
  sql: string;
  params: unknown[];
}

const COLUMNS = [
  ['local_authority_id', 'uuid'],
  ['recipient_user_id', 'uuid'],
  ['recipient_organisation_id', 'uuid'],
  ['kind', 'text'],
  ['subject_type', 'text'],
  ['subject_id', 'uuid'],
  ['deadline_id', 'uuid'],
  ['deadline_kind', 'text'],
  ['due_on', 'date'],
  ['escalated', 'boolean'],
  ['dedupe_key', 'text'],
] as const;

const columnValues = (n: NewNotification): unknown[] => [
  n.localAuthorityId,
  n.recipientUserId,
  n.recipientOrganisationId,
  n.kind,
  n.subjectType,
  n.subjectId,
  n.deadlineId,
  n.deadlineKind,
  n.dueOn,
  n.escalated,
  n.dedupeKey,
];

/**
 * Two common table expressions that write a batch of messages and their emails set-based, whatever its size: `messages`
 * inserts every message from one array per column (`unnest`), ON CONFLICT on the dedupe key (a message that exists is
 * kept, and only those written now come back), and `emails` inserts the outbox rows of exactly those, joined on the
 * dedupe key, so an email is queued once with its message. A fixed number of parameters (15), so PostgreSQL parses
 * and plans the same short statement for 1 message or 5,000.
 */
export function messageWrites(messages: readonly NewNotification[], emails: readonly MessageEmail[], firstParam = 1): SqlFragment {
  const columns: unknown[][] = COLUMNS.map(() => []);
  const seen = new Set<string>();
  for (const message of messages) {
    // One message per key in one statement (a later duplicate would only meet the conflict anyway).
    if (seen.has(message.dedupeKey)) continue;
    seen.add(message.dedupeKey);
    columnValues(message).forEach((value, i) => columns[i].push(value));
  }
  const emailColumns: unknown[][] = [[], [], [], []];
  const emailed = new Set<string>();
  for (const email of emails) {
    if (!seen.has(email.dedupeKey) || emailed.has(email.dedupeKey)) continue;
    emailed.add(email.dedupeKey);
    [email.dedupeKey, email.to, email.subject, email.body].forEach((value, i) => emailColumns[i].push(value));
  }
  const p = (i: number) => `$${firstParam + i}`;
  const unnestMessages = COLUMNS.map(([, type], i) => `${p(i)}::${type}[]`).join(', ');
  const e = COLUMNS.length;
  const sql = `messages AS (
       INSERT INTO notifications (${COLUMNS.map(([name]) => name).join(', ')})
       SELECT * FROM unnest(${unnestMessages})
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id, local_authority_id, dedupe_key, recipient_user_id, recipient_organisation_id),
     emails AS (
       INSERT INTO email_outbox (local_authority_id, notification_id, to_address, subject, body)
       SELECT m.local_authority_id, m.id, e.to_address, e.subject, e.body
         FROM messages m JOIN unnest(${p(e)}::text[], ${p(e + 1)}::text[], ${p(e + 2)}::text[], ${p(e + 3)}::text[]) AS e(dedupe_key, to_address, subject, body) ON e.dedupe_key = m.dedupe_key
       ON CONFLICT (notification_id) DO NOTHING
       RETURNING id)`;
  return { sql, params: [...columns, ...emailColumns] };
}

export interface WriteCounts {
  /** Messages written now (those whose dedupe key already existed are not). */
  messages: number;
  emails: number;
}
