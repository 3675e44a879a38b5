/**
 * Queue and job names: a contract between the API (producer) and the worker (consumer). Renaming one strands jobs
 * already in Redis, so add new names instead of changing these.
 */
export enum QueueName {
  Reminders = 'reminders',
  Documents = 'documents',
  Maintenance = 'maintenance',
  /** Emails drained from the outbox: slow transports never hold up reminder delivery. */
  Email = 'email',
  /** The reviews context's daily pass: opening reviews ahead, meetings whose day has come. */
  Reviews = 'reviews',
  /** The managers' reports rendered by the worker: board packs. */
  Reports = 'reports',
}

// Each job must have a handler in the worker (apps/worker refuses to start otherwise).
export enum JobName {
  /** Render the PDF of one plan version. Payload: { planId, versionNumber }. */
  RenderPlanPdf = 'render-plan-pdf',
  /** Render the PDF letter of one decision notice. Payload: { noticeDocumentId }. */
  RenderNoticePdf = 'render-notice-pdf',
  /** Find plan documents (and notice letters) still pending in PostgreSQL and (re-)enqueue their rendering. Payload: {}. */
  SweepPlanDocuments = 'sweep-plan-documents',
  /**
   * Page reminders due within the horizon from PostgreSQL into Redis as delayed jobs, and repair lost ones
   * (idempotent; a job scheduler). Payload: {}.
   */
  SweepReminders = 'sweep-reminders',
  /** Deliver one LA's reminders whose moment has come (a delayed job per LA and moment). Payload: { localAuthorityId }. */
  DeliverReminders = 'deliver-reminders',
  /** Plan reminders for open deadlines that have none at their current revision (daily safety net). Payload: {}. */
  ReconcileReminders = 'reconcile-reminders',
  /** One LA's daily digest to its caseworkers and managers. Payload: { localAuthorityId }. */
  SendDigest = 'send-digest',
  /** Send what is waiting in the email outbox. Payload: {}. */
  DrainEmailOutbox = 'drain-email-outbox',
  /**
   * The reviews' daily pass: open each plan's review REVIEW_OPEN_WEEKS_AHEAD before its last day, count scheduled
   * meetings whose day has come as held, compute the deadlines of plans issued before reviews existed (idempotent;
   * a job scheduler, and once at start). Payload: {}.
   */
  RunReviewsDaily = 'run-reviews-daily',
  /** Cease the plans whose appeal deadline has passed without an appeal (a job scheduler; idempotent). Payload: {}. */
  CloseCeasedPlans = 'close-ceased-plans',
  /** Render one board pack (scorecard, charts, commentary) to PDF. Payload: { boardPackId }. */
  RenderBoardPack = 'render-board-pack',
  /** Find board packs still pending in PostgreSQL and (re-)enqueue their rendering (a job scheduler). Payload: {}. */
  SweepBoardPacks = 'sweep-board-packs',
}

/** Which queue each job runs on. */
export const JOB_QUEUES: Record<JobName, QueueName> = {
  [JobName.RenderPlanPdf]: QueueName.Documents,
  [JobName.SweepPlanDocuments]: QueueName.Documents,
  [JobName.RenderNoticePdf]: QueueName.Documents,
  [JobName.SweepReminders]: QueueName.Reminders,
  [JobName.DeliverReminders]: QueueName.Reminders,
  [JobName.ReconcileReminders]: QueueName.Reminders,
  [JobName.SendDigest]: QueueName.Reminders,
  [JobName.DrainEmailOutbox]: QueueName.Email,
  [JobName.RunReviewsDaily]: QueueName.Reviews,
  [JobName.CloseCeasedPlans]: QueueName.Maintenance,
  [JobName.RenderBoardPack]: QueueName.Reports,
  [JobName.SweepBoardPacks]: QueueName.Reports,
};

export interface RenderBoardPackPayload {
  boardPackId: string;
}

export interface DeliverRemindersPayload {
  localAuthorityId: string;
}

export interface SendDigestPayload {
  localAuthorityId: string;
}

export interface RenderNoticePdfPayload {
  noticeDocumentId: string;
}

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
