import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SignInRequiredError } from './access';
import { FAMILY_ROLE } from './navigation';
import { redirect, Views } from './views';
import { ApiUnavailableError, PageNotFoundError, SessionEndedError } from './web-errors';

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
}

/**
 * Every failure becomes a page without internals: 404 (also for what the person may not see), 403 for a form that
 * failed its CSRF check, 503 when the API cannot be reached, 500 otherwise. Signed out: back to /sign-in.
 */
@Catch()
export class ErrorPagesFilter implements ExceptionFilter {
  private readonly logger = new Logger('web');

  constructor(private readonly views: Views) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    if (reply.sent) return;
    // The family's pages have their own sign-in (an emailed code): send them back there.
    const family = request.url.startsWith('/family') || request.session?.person.role === FAMILY_ROLE;
    if (exception instanceof SignInRequiredError) {
      void redirect(reply, family ? '/family/sign-in' : '/sign-in');
      return;
    }
    if (exception instanceof SessionEndedError) {
      if (request.session) request.session = undefined;
      void redirect(reply, family ? '/family/sign-in?ended=1' : '/sign-in?ended=1');
      return;
    }
    const status = this.statusOf(exception);
    if (status >= 500 && !(exception instanceof ApiUnavailableError)) this.logger.error(`${request.method} ${request.url.split('?')[0]} failed`, exception instanceof Error ? exception.stack : String(exception));
    const page = ErrorPagesFilter.PAGES[status] ?? ErrorPagesFilter.PAGES[status >= 500 ? 500 : 400];
    try {
      void this.views.render(reply, page.template, { pageTitle: page.title }, status);
    } catch (error) {
      // The error page itself failed (e.g. Redis gone while rendering): a plain answer, still without internals.
      this.logger.error('error page failed', error instanceof Error ? error.stack : String(error));
      void reply.code(status).type('text/plain; charset=utf-8').send(page.title);
    }
  }

  private statusOf(exception: unknown): number {
    if (exception instanceof PageNotFoundError) return 404;
    if (exception instanceof ApiUnavailableError) return 503;
    if (exception instanceof HttpException) return exception.getStatus();
    const fastifyError = exception as FastifyLikeError;
    if (fastifyError?.code?.startsWith('FST_CSRF')) return 403;
    if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) return fastifyError.statusCode;
    return 500;
  }

  static readonly PAGES: Record<number, { template: string; title: string }> = {
    400: { template: 'errors/bad-request.njk', title: 'Sorry, there is a problem with your request' },
    403: { template: 'errors/form-expired.njk', title: 'Sorry, this form could not be sent' },
    404: { template: 'errors/not-found.njk', title: 'Page not found' },
    500: { template: 'errors/problem.njk', title: 'Sorry, there is a problem with the service' },
    503: { template: 'errors/unavailable.njk', title: 'Sorry, the service is unavailable' },
  };
}
