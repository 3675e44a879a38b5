/**
 * Queue and job names: a contract between the API (producer) and the worker (consumer). Renaming one strands jobs
 * already in Redis, so add new names instead of changing these.
 */
export enum QueueName {
  Reminders = 'reminders',
  Documents = 'documents',
  Maintenance = 'maintenance',
}

// Each job must have a handler in the worker (apps/worker refuses to start otherwise).
export enum JobName {
  /** Render the PDF of one plan version. Payload: { planId, versionNumber }. */
  RenderPlanPdf = 'render-plan-pdf',
  /** Find plan documents still pending in PostgreSQL and (re-)enqueue their rendering. Payload: {}. */
  SweepPlanDocuments = 'sweep-plan-documents',
  /** Write the reminders that open deadlines call for today (idempotent). Payload: {}. */
  SweepReminders = 'sweep-reminders',
}

/** Which queue each job runs on. */
export const JOB_QUEUES: Record<JobName, QueueName> = {
  [JobName.RenderPlanPdf]: QueueName.Documents,
  [JobName.SweepPlanDocuments]: QueueName.Documents,
  [JobName.SweepReminders]: QueueName.Reminders,
};

export interface RenderPlanPdfPayload {
  planId: string;
  versionNumber: number;
}

/** Declares which job names a processor handles, so the worker's start-up check can see them. */
export const HANDLES_JOBS = 'worker:handlesJobs';
export const HandlesJobs = (...names: JobName[]) => (target: object) => Reflect.defineMetadata(HANDLES_JOBS, names, target);

/** Deterministic, versioned job ids (`<kind>-<id>-v<version>`, no ':'), so a retry or a second producer cannot double a job. */
export function jobId(kind: string, id: string, version: number | string): string {
  const safe = (value: string) => value.replace(/:/g, '_');
  return `${safe(kind)}-${safe(id)}-v${safe(String(version))}`;
}
