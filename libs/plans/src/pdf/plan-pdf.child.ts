/**
 * Entry point of the plan PDF render child process (forked by PlanPdfSandbox, never imported): the loop is
 * render-child.ts, shared with the other documents' children.
 */
import { serveRenders } from './render-child';
import { renderPlanPdf } from './plan-pdf.renderer';

serveRenders(renderPlanPdf);
