/**
 * Queue and job names: a contract between the API (producer) and the worker (consumer). Renaming one strands jobs
 * already in Redis, so add new names instead of changing these.
 */
export enum QueueName {
  Reminders = 'reminders',
  Documents = 'documents',
  Maintenance = 'maintenance',
}

// Jobs are added by the contexts that need them (reminders, documents); each must have a handler in the worker.
export enum JobName {}

/** Which queue each job runs on; the worker refuses to start if a job name has no handler. */
export const JOB_QUEUES: Record<JobName, QueueName> = {};

/** Deterministic, versioned job ids (`<kind>-<id>-v<version>`, no ':'), so a retry or a second producer cannot double a job. */
export function jobId(kind: string, id: string, version: number | string): string {
  const safe = (value: string) => value.replace(/:/g, '_');
  return `${safe(kind)}-${safe(id)}-v${safe(String(version))}`;
}
