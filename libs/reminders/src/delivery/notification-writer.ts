import { EntityManager } from 'typeorm';
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

export interface WrittenNotification extends NewNotification {
  id: string;
}

const COLUMNS = ['local_authority_id', 'recipient_user_id', 'recipient_organisation_id', 'kind', 'subject_type', 'subject_id', 'deadline_id', 'deadline_kind', 'due_on', 'escalated', 'dedupe_key'];

/**
 * One multi-row INSERT per thousand messages, ON CONFLICT on the dedupe key: a message that exists is kept, and only
 * the ones written now come back (so their emails are queued once too).
 */
export async function insertNotifications(manager: EntityManager, batch: NewNotification[]): Promise<WrittenNotification[]> {
  const written: WrittenNotification[] = [];
  for (let start = 0; start < batch.length; start += 1000) {
    const chunk = batch.slice(start, start + 1000);
    const values: unknown[] = [];
    const tuples = chunk.map((n, i) => {
      values.push(n.localAuthorityId, n.recipientUserId, n.recipientOrganisationId, n.kind, n.subjectType, n.subjectId, n.deadlineId, n.deadlineKind, n.dueOn, n.escalated, n.dedupeKey);
      return `(${COLUMNS.map((_, j) => `$${i * COLUMNS.length + j + 1}`).join(', ')})`;
    });
    const inserted: { id: string; dedupe_key: string }[] = await manager.query(
      `INSERT INTO notifications (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT (dedupe_key) DO NOTHING RETURNING id, dedupe_key`,
      values,
    );
    const byKey = new Map(chunk.map((n) => [n.dedupeKey, n]));
    for (const row of inserted) written.push({ ...byKey.get(row.dedupe_key)!, id: row.id });
  }
  return written;
}
