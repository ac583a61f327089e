/**
 * The text of query_async_job: what an agent needs to decide its next step — whether the job is still running,
 * what it produced, or CloudStack's error — rather than the first few fields of the job record.
 */
import type { JsonObject } from '../cloudstack/api.js';
import { describeObject, isObject } from './results.js';
import { viewFor } from './views.js';

/** Long enough for any CloudStack error text, short enough to keep the summary a paragraph. */
const MAX_ERROR_TEXT = 500;

export function describeJob(job: JsonObject): string {
  const cmd = typeof job.cmd === 'string' ? job.cmd.split('.').at(-1) : undefined;
  const head = `Async job ${String(job.jobid ?? '')}${cmd ? ` (${cmd})` : ''}`;
  const result = isObject(job.jobresult) ? job.jobresult : {};
  switch (job.jobstatus) {
    case 0:
      return `${head}: still running in CloudStack (jobstatus 0); query it again later.`;
    case 1:
      return `${head}: succeeded (jobstatus 1).${producedObject(result)}`;
    case 2: {
      const errorText = String(result.errortext ?? 'no error text').slice(0, MAX_ERROR_TEXT);
      return `${head}: failed (jobstatus 2) with CloudStack error ${String(result.errorcode ?? job.jobresultcode ?? '?')}: ${errorText}`;
    }
    case 3:
      return `${head}: cancelled (jobstatus 3).`;
    default:
      return `${head}: jobstatus ${String(job.jobstatus)}.`;
  }
}

/** `jobresult` holds the object under its CloudStack name, e.g. `{virtualmachine: {...}}`. */
function producedObject(result: JsonObject): string {
  const entry = Object.entries(result).find(([, value]) => isObject(value));
  if (!entry) return '';
  return ` Result: ${describeObject(entry[1] as JsonObject, viewFor(entry[0]))}`;
}
