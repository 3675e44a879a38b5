// The statutory clock's spec files in one batch, run by each clock-tz project under its zone: test/support/file-batches.js.
import { runBatch } from '../support/run-batch';

runBatch(__filename);
