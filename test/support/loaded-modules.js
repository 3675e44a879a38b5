/* global require, process */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload, outside the TypeScript build */
// Preloaded (NODE_OPTIONS=--require) into a spawned API or worker by test/tracing.e2e-spec.ts: when the process exits,
// writes the OpenTelemetry modules it loaded (their package names) to LOADED_MODULES_REPORT.<pid>, as JSON
// (per process: the PDF render children inherit NODE_OPTIONS).
const { writeFileSync } = require('node:fs');

const report = process.env.LOADED_MODULES_REPORT;
if (report) {
  process.on('exit', () => {
    const packages = new Set();
    for (const file of Object.keys(require.cache)) {
      const match = /node_modules\/(@opentelemetry\/[^/]+|bullmq-otel)\//.exec(file);
      if (match) packages.add(match[1]);
    }
    writeFileSync(`${report}.${process.pid}`, JSON.stringify([...packages].sort()));
  });
}
