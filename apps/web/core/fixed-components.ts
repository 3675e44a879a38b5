import nunjucks from 'nunjucks';

/** At most this many distinct renderings are kept per process; past it, calls render through the macro, uncached. */
export const FIXED_COMPONENTS_LIMIT = 500;

/**
 * `govukFixed("tag", { text: "Overdue", classes: "govuk-tag--red" })` in a template: the same markup as
 * `govukTag({...})` (GOV.UK Frontend's own macro renders it), kept per process for each distinct set of params, so a
 * repeated component costs a lookup instead of a macro call. A GOV.UK macro is a pure function of its params, and one
 * call costs 15-40 us of CPU (it includes its template and imports its helpers' files each time): the caseload's 25
 * status tags, its filter form and the layout's header, skip link and footer were over half of its render.
 *
 * Only for params that hold no person's data: labels of fixed sets (a status tag, the stage filter whose value is one
 * of the stage codes, a button), the service's name, a local authority's name. A person's name, search text, an id,
 * a token or anything typed goes through the macro itself on every render (`govukInput(...)`), never through this cache.
 */
export class FixedComponents {
  private readonly rendered = new Map<string, nunjucks.runtime.SafeString>();
  private readonly macros = new Map<string, nunjucks.Template>();

  constructor(
    private readonly env: nunjucks.Environment,
    private readonly limit = FIXED_COMPONENTS_LIMIT,
  ) {}

  /** The component's markup (markup-safe, as the macro's is). `component` is the folder name: "tag", "skip-link". */
  render(component: string, params: unknown): nunjucks.runtime.SafeString {
    const key = `${component}\u0000${JSON.stringify(params)}`;
    const kept = this.rendered.get(key);
    if (kept) return kept;
    const html = new nunjucks.runtime.SafeString(this.macro(component).render({ params }));
    if (this.rendered.size < this.limit) this.rendered.set(key, html);
    return html;
  }

  /** How many renderings are kept (for tests). */
  get size(): number {
    return this.rendered.size;
  }

  private macro(component: string): nunjucks.Template {
    let template = this.macros.get(component);
    if (!template) {
      if (!/^[a-z]+(-[a-z]+)*$/.test(component)) throw new Error(`govukFixed: no GOV.UK component "${component}"`);
      const name = `govuk${component.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase())}`;
      template = new nunjucks.Template(`{% from "govuk/components/${component}/macro.njk" import ${name} %}{{ ${name}(params) }}`, this.env, `govuk-fixed/${component}`, true);
      this.macros.set(component, template);
    }
    return template;
  }
}
