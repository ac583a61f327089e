/**
 * wait_for_job: the follow-up of a call that returned while its job was still running. Waits up to another
 * CLOUDSTACK_MCP_MAX_WAIT (polling queryAsyncJobResult only: a read) and answers as the tool that started the job
 * would have — the job record's `cmd` names the command, the registry the tool that sends it — or again with the
 * still-running result. A failed job is that tool's failure (job_failed, CloudStack's code and text).
 *
 * Secret fields (a deployed VM's password) are not returned here: a job id is all it takes to call this tool,
 * from any session, and a secret reaches the agent only from the call that creates it.
 */
import { z } from 'zod';
import type { JsonObject } from '../../cloudstack/api.js';
import { defineTools, READ } from '../define.js';
import { isObject, objectOutcome } from '../results.js';
import { uuid } from '../schemas.js';
import type { ToolContext, ToolDefinition, ToolOutcome } from '../types.js';
import { commandForJobClass } from './job-command.js';
import { WAIT_FOR_JOB_TOOL } from './still-running.js';

/** The curated tool that sends `command` (a workflow's own command included); the generic tool is never chosen. */
async function toolSending(command: string | undefined): Promise<ToolDefinition | undefined> {
  if (!command) return undefined;
  // Loaded when called: all.ts lists this tool, so a static import would be a cycle evaluated half-way.
  const { TOOLS } = await import('../all.js');
  return TOOLS.find((tool) => tool.command === command && tool.canonicalize === undefined && tool.result.kind === 'object');
}

/** The one object a job result holds (`{virtualmachine: {...}}`), for a command no tool of ours sends. */
function soleObjectKey(result: JsonObject): string | undefined {
  const keys = Object.keys(result).filter((key) => isObject(result[key]));
  return keys.length === 1 ? keys[0] : undefined;
}

async function runWaitForJob(context: ToolContext, args: Record<string, unknown>): Promise<ToolOutcome> {
  const jobId = String(args.jobid);
  const job = await context.api.waitForJob(jobId, { signal: context.signal, onProgress: context.onProgress });
  const command = commandForJobClass(job.target?.cmd);
  const tool = await toolSending(command);
  const shape = tool?.result.kind === 'object' ? tool.result : undefined;
  const resource = shape ? shape.resource : soleObjectKey(job.result);
  const outcome = objectOutcome(job.result, {
    title: tool?.title ?? command ?? 'Async job',
    ...(resource ? { resource } : {}),
    ...(shape?.describe ? { describe: shape.describe } : {}),
    jobId: job.jobId,
    elapsedMs: job.elapsedMs,
    secretFields: [],
  });
  const origin = tool ? `Result as ${tool.name} returns it (job of ${command}).` : command ? `Job of ${command}.` : '';
  const secrets = tool && tool.secretFields.length > 0 ? ` Secret fields (${tool.secretFields.join(', ')}) are returned only by the call that creates them.` : '';
  return { ...outcome, text: `${outcome.text}${origin || secrets ? `\n${origin}${secrets}` : ''}` };
}

export const WAIT_FOR_JOB: ToolDefinition = defineTools('monitoring', [
  {
    name: WAIT_FOR_JOB_TOOL,
    title: 'Wait for an async job',
    description:
      'Waits for an async job that a call returned while it was still running, and returns its result as the tool that started ' +
      'it would have (the migrated VM, the new volume), or its CloudStack error. If the job is still running after the wait ' +
      'limit, says so again: call it again with the same jobid. Only reads the job; never sends the command again.',
    command: 'queryAsyncJobResult',
    input: z.strictObject({ jobid: uuid('The job id, from the still-running result (job.jobid) or list_async_jobs.') }),
    hints: READ,
    result: { kind: 'object' },
    run: runWaitForJob,
  },
])[0]!;
