import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import nunjucks from 'nunjucks';
import { WEB_CONFIG, WebConfig } from '../web-config';
import { formatDate, formatDateTime } from './dates';
import { FixedComponents } from './fixed-components';
import { errorsByField, FieldError } from './form-errors';
import { navigationFor } from './navigation';
import { GOVUK_DIST_DIR, VIEWS_DIR } from './paths';
import { trim } from './template-filters';

/** What every page's template gets besides its own data. */
export interface PageContext {
  /** The <title> and the h1 unless the page sets its own. Unique per page. */
  pageTitle: string;
  errors?: FieldError[];
  values?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * Nunjucks with GOV.UK Frontend's templates ("govuk/components/.../macro.njk") and ours (apps/web/views). Autoescaped.
 * `render` answers the reply with the page, adding what the layout needs: the CSP nonce, the CSRF token, the signed-in
 * person and their navigation, the error summary's items.
 */
@Injectable()
export class Views {
  readonly env: nunjucks.Environment;
  /** `govukFixed(component, params)` in templates: GOV.UK components whose params hold no person's data, kept rendered. */
  readonly fixed: FixedComponents;

  constructor(@Inject(WEB_CONFIG) private readonly config: WebConfig) {
    this.env = new nunjucks.Environment(new nunjucks.FileSystemLoader([VIEWS_DIR, GOVUK_DIST_DIR], { noCache: config.nodeEnv === 'development' }), {
      autoescape: true,
      throwOnUndefined: false,
    });
    rememberTemplateNames(this.env);
    this.fixed = new FixedComponents(this.env);
    this.env.addGlobal('govukFixed', (component: string, params: unknown) => this.fixed.render(component, params));
    // GOV.UK Frontend's templates trim every nested component: nunjucks's own filter is quadratic (template-filters.ts).
    this.env.addFilter('trim', trim);
    this.env.addFilter('govukDate', formatDate);
    this.env.addFilter('dateTime', formatDateTime);
  }

  html(reply: FastifyReply, template: string, context: PageContext): string {
    const request = reply.request;
    const path = request.url.split('?')[0];
    const person = request.session?.person;
    return this.env.render(template, {
      serviceName: this.config.serviceName,
      cspNonce: reply.cspNonce?.script,
      csrfToken: reply.generateCsrf(),
      person,
      navigation: navigationFor(person?.role, path),
      currentPath: path,
      errorList: (context.errors ?? []).map((e) => ({ text: e.text, href: e.href })),
      fieldErrors: errorsByField(context.errors),
      values: {},
      ...context,
    });
  }

  /** Sends the page (200 unless `status`), as HTML that no cache keeps. */
  render(reply: FastifyReply, template: string, context: PageContext, status = 200): FastifyReply {
    const body = this.html(reply, template, context);
    return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
  }
}

type Resolve = (loader: nunjucks.ILoader, parentName: string | null, filename: string) => string;

/**
 * Nunjucks resolves a template's name against each loader on every `include`, `import` and `extends` (GOV.UK
 * Frontend's macros include their template and import their helpers by relative names, so two `path.resolve`s per
 * loader each time: several per cent of a page's CPU). The answer depends only on the names, so it is kept per loader.
 */
function rememberTemplateNames(env: nunjucks.Environment): void {
  const target = env as unknown as { resolveTemplate: Resolve };
  const resolve = target.resolveTemplate.bind(env);
  const known = new WeakMap<nunjucks.ILoader, Map<string, string>>();
  target.resolveTemplate = (loader, parentName, filename) => {
    let names = known.get(loader);
    if (!names) known.set(loader, (names = new Map()));
    const key = `${parentName ?? ''}\u0000${filename}`;
    let name = names.get(key);
    if (name === undefined) names.set(key, (name = resolve(loader, parentName, filename)));
    return name;
  };
}

/** Post/redirect/get: a 303 so the browser GETs the next page and a reload never re-posts. */
export function redirect(reply: FastifyReply, location: string): FastifyReply {
  return reply.code(303).header('location', location).send();
}
