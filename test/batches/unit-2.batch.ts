// One of the unit batches: test/support/file-batches.js says which spec files it runs and why.
import { runBatch } from '../support/run-batch';

runBatch(__filename);
