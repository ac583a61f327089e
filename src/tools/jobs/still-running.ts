/**
 * The answer for a job that outlived the call's wait (CLOUDSTACK_MCP_MAX_WAIT): a normal result, not an error —
 * the job is fine, the call only stopped waiting so the client does not give up on it (most give up after 60 s,
 * and then the agent would have no job id and might send the command again). It names the job, what it acts on,
 * what we saw, and the next step.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describeJobLabel, type JobStillRunningError } from '../../cloudstack/job-errors.js';

export const WAIT_FOR_JOB_TOOL = 'wait_for_job';

export interface StillRunning {
  readonly result: CallToolResult;
  /** For the audit's `finish`: the job id and "still running", so the trail shows the job was not lost. */
  readonly error: string;
  readonly jobId: string;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export function stillRunningResult(tool: string, error: JobStillRunningError): StillRunning {
  const { jobId, command, target, elapsedMs, polls, timeoutMs } = error;
  const label = describeJobLabel(jobId, command, target);
  const checks = polls === 1 ? '1 check' : `${polls} checks`;
  const again = tool === WAIT_FOR_JOB_TOOL ? 'Call wait_for_job again' : `Do not call ${tool} again for it: call wait_for_job`;
  const text =
    `${label} is still running in CloudStack after ${seconds(elapsedMs)} (${checks}). This call returns now, before ` +
    `your client's timeout (it waits at most ${seconds(timeoutMs)}, CLOUDSTACK_MCP_MAX_WAIT); the job goes on. ` +
    `${again} with jobid ${jobId} to wait for it and get its result as ${tool === WAIT_FOR_JOB_TOOL ? 'the tool that started it' : tool} ` +
    'returns it, or query_async_job to look at it once.';
  const job = {
    jobid: jobId,
    jobstatus: 0,
    state: 'still_running',
    ...(command ? { command } : {}),
    ...(target?.cmd ? { cmd: target.cmd } : {}),
    ...(target?.instanceType ? { jobinstancetype: target.instanceType } : {}),
    ...(target?.instanceId ? { jobinstanceid: target.instanceId } : {}),
    elapsedms: elapsedMs,
    checks: polls,
  };
  return {
    result: { content: [{ type: 'text', text }], structuredContent: { job, next: { tool: WAIT_FOR_JOB_TOOL, arguments: { jobid: jobId } } } },
    error: `still_running: ${label} still running in CloudStack after ${seconds(elapsedMs)}; the call returned without waiting further`,
    jobId,
  };
}
