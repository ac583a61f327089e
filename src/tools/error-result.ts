/**
 * The one place a failure becomes a tool result (and where a job still running at the call's wait limit becomes
 * the normal still-running result instead). CloudStack errors keep their stable code and CloudStack's
 * text (already scrubbed by the client); our own ToolErrors keep theirs; anything else is a bug, logged and
 * answered with a generic message so no internal detail or secret leaks to the client.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isCloudStackError } from '../cloudstack/errors.js';
import { isJobStillRunning } from '../cloudstack/job-errors.js';
import type { Logger } from '../logger.js';
import { redact, scrubText } from '../redact.js';
import { stillRunningResult } from './jobs/still-running.js';
import { ToolError } from './tool-error.js';

export interface FailureSummary {
  readonly result: CallToolResult;
  /** For the audit's `finish`: code and text, never secrets. */
  readonly error: string;
  readonly jobId?: string;
}

export function failureResult(tool: string, error: unknown, logger: Logger): FailureSummary {
  // A job that outlived the call's wait is not a failure: the agent gets the job and how to follow it.
  if (isJobStillRunning(error)) {
    logger.info('job still running when the call returned', { tool, jobId: error.jobId, elapsedMs: error.elapsedMs });
    return stillRunningResult(tool, error);
  }
  if (isCloudStackError(error) || error instanceof ToolError) {
    const details = redact(error.toJSON());
    const jobId = typeof details.jobId === 'string' ? details.jobId : undefined;
    const message = scrubText(error.message);
    logger.warn('tool failed', { tool, error: details });
    return {
      result: errorResult(`${tool} failed [${error.code}]: ${message}`, { error: { ...details, message } }),
      error: `${error.code}: ${message}`,
      ...(jobId ? { jobId } : {}),
    };
  }
  logger.error('tool crashed', { tool, error: scrubText(error instanceof Error ? (error.stack ?? error.message) : String(error)) });
  return {
    result: errorResult(`${tool} failed: internal error in the MCP server (logged). Try again, or report it to the operator.`, {
      error: { code: 'internal_error', message: 'internal error in the MCP server' },
    }),
    error: 'internal_error',
  };
}

export function errorResult(text: string, structured: Record<string, unknown>): CallToolResult {
  return { isError: true, content: [{ type: 'text', text }], structuredContent: structured };
}
