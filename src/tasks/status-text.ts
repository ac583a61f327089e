/**
 * The words a task's statusMessage carries. While its job runs (submitted, progress), a task's message starts with
 * the job's label (`migrateVirtualMachine job <id> on VirtualMachine <id>`), so whoever reads the record — tasks/get,
 * or tasks/cancel on another process sharing the store — can name the job without anything beyond the SDK's Task.
 * The finished message (the result's first line) does not need to: it is written in the same write as the result and
 * the final status (finishTask, task-records.ts), so no cancel ever reads it on a task still working. A message with
 * no job label therefore means no job was submitted yet, or that one is being sent right now (cancelledText).
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describeJobLabel, type JobTarget } from '../cloudstack/job-errors.js';

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const checks = (polls: number): string => (polls === 1 ? '1 check' : `${polls} checks`);

export function submittedText(jobId: string, command: string): string {
  return `${describeJobLabel(jobId, command, undefined)}: submitted to CloudStack; the task follows it.`;
}

export function progressText(jobId: string, command: string, target: JobTarget | undefined, elapsedMs: number, polls: number): string {
  return `${describeJobLabel(jobId, command, target)}: running in CloudStack after ${seconds(elapsedMs)} (${checks(polls)}).`;
}

const LABEL = /^((?:\S+ )?job ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?: on \S+(?: \S+)?)?):/;

/** The job a status message names (see above), or undefined before a job was submitted. */
export function jobNamedIn(statusMessage: string | undefined): { readonly label: string; readonly jobId: string } | undefined {
  const match = statusMessage ? LABEL.exec(statusMessage) : null;
  return match ? { label: match[1]!, jobId: match[2]! } : undefined;
}

/** tasks/cancel stops our wait, never the CloudStack job (CloudStack has no cancel for most jobs). */
export function cancelledText(statusMessage: string | undefined): string {
  const job = jobNamedIn(statusMessage);
  if (!job) return 'Cancelled before a CloudStack job was submitted for it; if one was sent after all, list_async_jobs shows it.';
  return (
    `Cancelled: this server stopped waiting for ${job.label}. The CloudStack job itself was not cancelled and may still be running: ` +
    `follow it with wait_for_job or query_async_job (jobid ${job.jobId}); do not send the call again.`
  );
}

/** A finished task's message: the first line of the tool's result text (for a failure, CloudStack's error). */
export function finishedText(result: CallToolResult): string {
  const text = result.content.find((part) => part.type === 'text');
  const first = text && 'text' in text ? text.text.split('\n')[0]! : '';
  return first.length > 1000 ? `${first.slice(0, 1000)}…` : first;
}
