/**
 * Errors as the GOV.UK error summary and inline messages want them. The API answers bad input with problem details
 * `errors: [{field, message}]`; `problemToErrors` maps each to the form field it names, so the summary links to the
 * field and the message shows beside it.
 */
export interface FieldError {
  /** The form field's name as posted (`summary`, `decidedOn`); the summary links to its element id. */
  field: string;
  /** The element the summary's link goes to (`#decidedOn-day` for a date input). */
  href: string;
  text: string;
}

export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: { field: string; message: string }[];
}

export interface ErrorMapOptions {
  /** API field -> form field, where they differ (`issuedOn` -> `issuedOn`, `items.0.text` -> `needs`). */
  fields?: Record<string, string>;
  /** Form fields that are GOV.UK date inputs: the summary links to their day box. */
  dateFields?: readonly string[];
  /** The field a problem without field errors (a 409, a 422 citing a rule) is shown against. */
  fallbackField: string;
}

export function fieldError(field: string, text: string, dateFields: readonly string[] = []): FieldError {
  return { field, href: `#${dateFields.includes(field) ? `${field}-day` : field}`, text };
}

function isProblem(value: unknown): value is ProblemDetails {
  return typeof value === 'object' && value !== null && ('detail' in value || 'title' in value || 'errors' in value);
}

/** One message per field (the first the API gave), in the order the API named them. */
export function problemToErrors(problem: unknown, options: ErrorMapOptions): FieldError[] {
  const dateFields = options.dateFields ?? [];
  if (!isProblem(problem)) return [fieldError(options.fallbackField, 'Something went wrong. Try again.', dateFields)];
  const errors: FieldError[] = [];
  for (const item of problem.errors ?? []) {
    const apiField = item.field ?? '';
    const field = options.fields?.[apiField] ?? options.fields?.[apiField.split('.')[0]] ?? apiField.split('.')[0];
    if (!field || errors.some((e) => e.field === field)) continue;
    errors.push(fieldError(field, item.message, dateFields));
  }
  if (errors.length === 0) errors.push(fieldError(options.fallbackField, problem.detail ?? problem.title ?? 'Something went wrong. Try again.', dateFields));
  return errors;
}

/** `{decidedOn: 'Enter the date ...'}`: what the govuk macros' `errorMessage` reads per field. */
export function errorsByField(errors: readonly FieldError[] = []): Record<string, { text: string }> {
  return Object.fromEntries(errors.map((e) => [e.field, { text: e.text }]));
}
