/**
 * Entry point of the plan PDF render child process (forked by PlanPdfSandbox, never imported): the loop is
 * render-child.ts, shared with the other documents' children. It renders a plan, or a decision notice letter under the
 * same limits.
 */
import { serveRenders } from './render-child';
import { renderNoticeLetterPdf } from './notice-letter.renderer';
import { renderPlanPdf } from './plan-pdf.renderer';
import type { PlanChildInput } from './plan-pdf.sandbox';

serveRenders((input: PlanChildInput) => ('noticeLetter' in input ? renderNoticeLetterPdf(input.noticeLetter) : renderPlanPdf(input)));
