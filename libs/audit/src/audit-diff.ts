import { FieldChanges } from './entities/audit-event.entity';

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value === undefined ? null : value;
}

/** The fields whose values differ between two snapshots, with before and after (JSON-comparable values). */
export function diffFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null, fields?: readonly string[]): FieldChanges {
  const keys = fields ?? [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const changes: FieldChanges = {};
  for (const key of keys) {
    const from = normalise(before?.[key]);
    const to = normalise(after?.[key]);
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { before: from, after: to };
  }
  return changes;
}
