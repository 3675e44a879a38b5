import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, FieldError } from './domain-error';
import { PROBLEM_CONTENT_TYPE, ProblemDetails, problemType } from './problem-details';

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  412: 'stale_version',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  428: 'precondition_required',
  429: 'too_many_requests',
  503: 'unavailable',
};

/** Errors raised by Fastify itself (body parsing, limits) before a Nest handler runs. */
interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

/** Maps any error to RFC 9457 problem details. Unknown errors are logged with their stack and answered generically. */
export function toProblem(error: unknown, requestId?: string, instance?: string): ProblemDetails {
  if (error instanceof DomainError) {
    // The RFC 9457 members always win: an extension can never overwrite the status or type (a 500 would follow).
    return { ...error.extensions, type: problemType(error.code), title: error.title, status: error.status, detail: error.detail, code: error.code, instance, requestId };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    // Nest re-raises Fastify's own errors (body parsing, size limit) as a plain HttpException carrying only the message.
    if (error.constructor === HttpException && typeof error.getResponse() === 'string') {
      return fastifyProblem({ statusCode: status, message: error.message }, instance, requestId);
    }
    const code = STATUS_CODES[status] ?? 'http_error';
    const response = error.getResponse();
    let detail = error.message;
    let errors: FieldError[] | undefined;
    if (typeof response === 'object' && response !== null) {
      const body = response as { message?: unknown };
      if (Array.isArray(body.message)) {
        errors = body.message.map((message) => ({ field: '', message: String(message) }));
        detail = 'The request is not valid.';
      } else if (typeof body.message === 'string') {
        detail = body.message;
      }
    }
    if (status === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)/.test(detail)) detail = 'No such endpoint.';
    return { type: problemType(code), title: HttpStatus[status]?.toString().replace(/_/g, ' ').toLowerCase().replace(/^\w/, (c) => c.toUpperCase()) ?? 'Error', status, detail, code, instance, requestId, ...(errors ? { errors } : {}) };
  }
  const fastifyError = error as FastifyLikeError;
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return fastifyProblem(fastifyError, instance, requestId);
  }
  return { type: problemType('internal_error'), title: 'Internal server error', status: 500, detail: 'Something went wrong on our side. Quote the request id if you report it.', code: 'internal_error', instance, requestId };
}

function fastifyProblem(error: FastifyLikeError, instance?: string, requestId?: string): ProblemDetails {
  const status = error.statusCode ?? 400;
  const code = fastifyErrorCode(error);
  return { type: problemType(code), title: titleFor(status), status, detail: fastifyDetail(error), code, instance, requestId };
}

function fastifyErrorCode(error: FastifyLikeError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'payload_too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported_media_type';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'malformed_json';
    default:
      if (error.statusCode === 400 && /JSON/i.test(error.message ?? '')) return 'malformed_json';
      if (error.statusCode === 413) return 'payload_too_large';
      if (error.statusCode === 415) return 'unsupported_media_type';
      return STATUS_CODES[error.statusCode ?? 400] ?? 'bad_request';
  }
}

function fastifyDetail(error: FastifyLikeError): string {
  switch (fastifyErrorCode(error)) {
    case 'payload_too_large':
      return 'The request body is larger than the limit (BODY_LIMIT_BYTES, 1 MB by default; 10 MB for attachments).';
    case 'malformed_json':
      return 'The request body is not valid JSON.';
    case 'unsupported_media_type':
      return 'Send the body as application/json.';
    default:
      return error.message ?? 'Bad request.';
  }
}

function titleFor(status: number): string {
  const name = HttpStatus[status];
  return name ? name.toString().replace(/_/g, ' ').toLowerCase().replace(/^\w/, (c) => c.toUpperCase()) : 'Error';
}

export function sendProblem(reply: FastifyReply, problem: ProblemDetails): void {
  const body = Object.fromEntries(Object.entries(problem).filter(([, value]) => value !== undefined));
  void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

/**
 * What of an unexpected error may reach the log: its type, message, stack and database error code. Not the query
 * parameters or the driver's detail line, which carry names and identifiers (statutory-rules.md §8).
 */
export function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const driverError = (error as { driverError?: { code?: string; constraint?: string; table?: string } }).driverError;
  return {
    type: error.constructor.name,
    message: error.message,
    stack: error.stack,
    ...(driverError ? { code: driverError.code, constraint: driverError.constraint, table: driverError.table } : {}),
  };
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = toProblem(exception, String(request.id), request.url?.split('?')[0]);
    if (problem.status >= 500) {
      this.logger.error({ err: loggableError(exception), requestId: request.id }, 'Unhandled error');
    }
    if (problem.status === 429 && !reply.getHeader('retry-after')) void reply.header('retry-after', '60');
    sendProblem(reply, problem);
  }
}
