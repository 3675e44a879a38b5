import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { TEST_PASSWORD } from '../../support/factories';

/**
 * Debian's build of Chromium's headless shell (package chromium-headless-shell: the same Blink and V8 as Debian's
 * chromium, without the desktop browser's compositing; what Playwright itself runs for headless tests), or
 * CHROMIUM_PATH (read when a browser is launched; `/usr/bin/chromium` runs the full browser). The shell took 180 s and
 * 149 CPU s for the browser batches against the full browser's 326 s and 265 CPU s (docs/testing.md, "Fifth round").
 */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell';
}

/**
 * Debian's Chromium, headless. A missing browser fails the test with the line that installs it: the browser tests
 * are never skipped. The check throws before anything else starts (`Promise.all([launchBrowser(), startStack()])`
 * then never starts a stack it could not close).
 */
export function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium is missing at ${executablePath}; the browser tests need it. Install it with:\napt-get install -y chromium-headless-shell`);
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

/** A fresh browser context (its own cookies) on the web; `javaScriptEnabled: false` for the no-JavaScript runs. */
export async function newPage(browser: Browser, baseURL: string, options: { javaScriptEnabled?: boolean; width?: number } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: options.width ?? 1024, height: 768 },
  });
  const page = await context.newPage();
  return { context, page };
}

/** Signs in through the sign-in page, as a person would; resolves once the home page has loaded. */
export async function signIn(page: Page, email: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/sign-in'), page.getByRole('button', { name: 'Sign in' }).click()]);
}

let axeSource: string | undefined;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * axe-core in the page (evaluated through the DevTools protocol, so the page's CSP is left as it is), checking WCAG
 * 2.2 A and AA. Answers the violations, so `expect(await axe(page)).toEqual([])` shows what failed.
 */
export async function axe(page: Page): Promise<{ id: string; help: string; targets: string[] }[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const options = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } };
  // A string expression: the test's TypeScript has no DOM types, the page has.
  const violations = await page.evaluate<AxeViolation[]>(`axe.run(document, ${JSON.stringify(options)}).then((result) => result.violations)`);
  return violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

/** What every page promises (web-contract.md): lang, a title, a skip link to main#main-content, exactly one h1. */
export async function pageBasics(page: Page): Promise<{ lang: string | null; title: string; skipLink: string | null; mainId: string | null; h1s: string[] }> {
  return {
    lang: await page.locator('html').getAttribute('lang'),
    title: await page.title(),
    skipLink: await page.locator('a.govuk-skip-link').getAttribute('href'),
    mainId: await page.locator('main').getAttribute('id'),
    h1s: (await page.locator('h1').allTextContents()).map((t) => t.trim()),
  };
}

/** Whether the page scrolls sideways at its current width (the 320 CSS px reflow check, WCAG 1.4.10). */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('document.documentElement.scrollWidth > document.documentElement.clientWidth');
}

/** Types an ISO date into a GOV.UK date input (`{name}-day`, `-month`, `-year`). */
export async function fillDate(page: Page, name: string, date: string): Promise<void> {
  const [year, month, day] = date.split('-');
  await page.locator(`#${name}-day`).fill(String(Number(day)));
  await page.locator(`#${name}-month`).fill(String(Number(month)));
  await page.locator(`#${name}-year`).fill(year);
}

/**
 * Presses a form's button and waits for the next page; answers the success banner's text or the error summary's. With
 * neither, it says which page came back instead (a 404 or 500 page), so a failing assertion explains itself.
 */
export async function submitForm(page: Page, button: string): Promise<string> {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: button, exact: true }).click()]);
  const outcome = page.locator('.govuk-notification-banner, .govuk-error-summary').first();
  if ((await outcome.count()) === 0) return `No banner on ${page.url()}: ${await page.locator('main').textContent()}`;
  return (await outcome.textContent()) ?? '';
}
