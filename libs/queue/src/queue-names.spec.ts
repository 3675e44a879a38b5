import { JOB_QUEUES, jobId, JobName } from './queue-names';

describe('queue names', () => {
  it('gives every job a queue', () => {
    for (const name of Object.values(JobName)) expect(JOB_QUEUES[name]).toBeDefined();
  });

  it('makes deterministic, versioned job ids without colons', () => {
    expect(jobId('reminder', 'abc:def', 3)).toBe('reminder-abc_def-v3');
    expect(jobId('reminder', 'abc', 3)).toBe(jobId('reminder', 'abc', 3));
  });
});
