/** queryAsyncJobResult and listAsyncJobs: a caller sees its own jobs; the root admin sees all with listall. */
import { isRootAdmin, param, visible } from '../context.js';
import { jobView } from '../jobs.js';
import { listResponse } from '../paging.js';
import { invalidId } from '../protocol.js';
import { javaClass, syncCommand, type CommandTable } from './registry.js';

export function registerJobCommands(table: CommandTable): void {
  syncCommand(table, 'queryAsyncJobResult', javaClass('user', 'job', 'QueryAsyncJobResultCmd'), (ctx) => {
    const jobId = param(ctx, 'jobid') ?? '';
    const job = ctx.world.jobs.find((j) => j.jobid === jobId && (isRootAdmin(ctx.caller) || j.accountid === ctx.caller.id));
    if (!job) throw invalidId(ctx.command, 'jobid', jobId);
    return jobView(ctx.world, job);
  });
  syncCommand(table, 'listAsyncJobs', javaClass('user', 'job', 'ListAsyncJobsCmd'), (ctx) => {
    const since = param(ctx, 'startdate');
    const jobs = visible(ctx, ctx.world.jobs.map((job) => ({ ...job, id: job.jobid })))
      .filter((job) => since === undefined || job.created.getTime() >= Date.parse(since.replace(' ', 'T') + (since.length > 10 ? 'Z' : 'T00:00:00Z')))
      .filter((job) => param(ctx, 'resourceid') === undefined || job.jobinstanceid === param(ctx, 'resourceid'))
      .reverse();
    return listResponse(ctx, 'asyncjobs', jobs.map((job) => jobView(ctx.world, job)));
  });
}
