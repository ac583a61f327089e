import { describe, expect, it } from 'vitest';
import { cancelledText, finishedText, jobNamedIn, progressText, submittedText } from '../../../src/tasks/status-text.js';

const JOB = '0f9d2c7e-1111-4222-8333-944445555666';
const VM = '7a7a7a7a-1111-4222-8333-944445555666';

describe('task status messages', () => {
  it('name the job first, so any process can tell which job a task follows', () => {
    expect(jobNamedIn(submittedText(JOB, 'migrateVirtualMachine'))).toEqual({ label: `migrateVirtualMachine job ${JOB}`, jobId: JOB });
    const progress = progressText(JOB, 'migrateVirtualMachine', { instanceType: 'VirtualMachine', instanceId: VM }, 61_234, 23);
    expect(progress).toBe(`migrateVirtualMachine job ${JOB} on VirtualMachine ${VM}: running in CloudStack after 61.2 s (23 checks).`);
    expect(jobNamedIn(progress)).toEqual({ label: `migrateVirtualMachine job ${JOB} on VirtualMachine ${VM}`, jobId: JOB });
    expect(jobNamedIn(progressText(JOB, '', undefined, 400, 1))).toEqual({ label: `job ${JOB}`, jobId: JOB });
    expect(jobNamedIn(undefined)).toBeUndefined();
    expect(jobNamedIn('[POLICY DENIED] no')).toBeUndefined();
  });

  it('a cancel says the job may go on and how to follow it', () => {
    const text = cancelledText(progressText(JOB, 'migrateVirtualMachine', undefined, 5_000, 4));
    expect(text).toBe(
      `Cancelled: this server stopped waiting for migrateVirtualMachine job ${JOB}. The CloudStack job itself was not cancelled and may still be running: ` +
        `follow it with wait_for_job or query_async_job (jobid ${JOB}); do not send the call again.`,
    );
    expect(cancelledText(undefined)).toMatch(/before a CloudStack job was submitted/);
  });

  it('a finished task’s message is the first line of the result text', () => {
    expect(finishedText({ content: [{ type: 'text', text: 'first\nsecond' }] })).toBe('first');
    expect(finishedText({ content: [] })).toBe('');
  });
});
