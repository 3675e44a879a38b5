/**
 * Entry point of the board pack's render child process, forked by the plans' PlanPdfSandbox (the same pipeline as
 * the plan PDF: time and memory limits, no environment); never imported.
 */
import { serveRenders } from '@app/plans/pdf';
import { renderBoardPackPdf } from './board-pack.renderer';

serveRenders(renderBoardPackPdf);
