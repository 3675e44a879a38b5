/**
 * `@app/plans/pdf`: the PDF pipeline other contexts reuse (the board pack, libs/reporting), light enough for a render
 * child process to import (no Nest modules, entities or database): the sandbox, the child's loop, the tagged document
 * with its embedded fonts, and the long-run breaker.
 */
export { PlanPdfSandbox, PdfRenderError } from './plan-pdf.sandbox';
export type { PlanPdfSandboxOptions, PdfRenderFailureKind } from './plan-pdf.sandbox';
export { serveRenders } from './render-child';
export { loadFonts, openTaggedDocument } from './tagged-document';
export type { RenderedPlan, Struct, TaggedDocument } from './tagged-document';
export { breakLongRuns } from './break-long-runs';
