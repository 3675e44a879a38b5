// One of the integration batches: test/support/file-batches.js says which spec files it runs and why.
import { runBatch } from '../support/run-batch';

runBatch(__filename);
