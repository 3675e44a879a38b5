import { FieldError } from './domain-error';

/** RFC 9457 problem details as every error response carries them. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_TYPE_BASE = 'https://ehcp.example/problems/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemType(code: string): string {
  return `${PROBLEM_TYPE_BASE}${code.replace(/_/g, '-')}`;
}
