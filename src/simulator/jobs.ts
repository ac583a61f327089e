/**
 * Async jobs without timers: a job records when it ends, and every request first settles the jobs whose time
 * has come (applying their effects). Nothing lingers after close, and a test's clock (`now`) drives it all.
 * jobMs = 0 means a job finishes on the next request, e.g. the first queryAsyncJobResult.
 */
import type { CommandContext } from './context.js';
import type { AsyncEntry, AsyncWork } from './commands/registry.js';
import { ApiError, csDate, withoutNulls, type Json } from './protocol.js';
import type { AsyncJob, World } from './world/types.js';

export type JobFault = 'fail' | 'hang' | undefined;

export function submitJob(ctx: CommandContext, entry: AsyncEntry, work: AsyncWork, durationMs: number, fault: JobFault): AsyncJob {
  const job: AsyncJob = {
    jobid: ctx.nextId(), cmd: entry.javaClass, accountid: ctx.caller.id, userid: ctx.caller.userid, domainid: ctx.caller.domainid,
    jobinstancetype: work.instanceType, jobinstanceid: work.instanceId, created: ctx.now,
    endsAt: fault === 'hang' ? Number.POSITIVE_INFINITY : ctx.now.getTime() + durationMs, jobstatus: 0, jobresultcode: 0,
  };
  if (fault === 'fail') {
    job.finish = () => {
      throw new ApiError(530, 'Job failed due to an internal error (fault injected by the simulator)');
    };
  } else {
    try {
      job.finish = work.begin();
    } catch (error) {
      job.finish = () => {
        throw error;
      };
    }
  }
  ctx.world.jobs.push(job);
  return job;
}

/** Completes every job whose end has passed: success → jobstatus 1, an ApiError → jobstatus 2 with its code. */
export function settleJobs(world: World, now: Date): void {
  for (const job of world.jobs) {
    if (job.jobstatus !== 0 || job.endsAt > now.getTime() || !job.finish) continue;
    const finish = job.finish;
    job.finish = undefined;
    job.completed = now;
    try {
      job.jobresult = finish();
      job.jobstatus = 1;
    } catch (error) {
      const failure = error instanceof ApiError ? error : new ApiError(530, 'Internal error executing the job');
      job.jobstatus = 2;
      job.jobresultcode = failure.code;
      job.jobresult = { errorcode: failure.code, errortext: failure.text };
    }
  }
}

export function jobView(world: World, job: AsyncJob): Json {
  const account = world.accounts.find((a) => a.id === job.accountid);
  const domain = world.domains.find((d) => d.id === job.domainid);
  return withoutNulls({
    jobid: job.jobid, cmd: job.cmd, account: account?.name, accountid: job.accountid, userid: job.userid,
    domainid: job.domainid, domainpath: domain?.path, jobstatus: job.jobstatus, jobprocstatus: 0,
    jobresultcode: job.jobresultcode, jobresulttype: 'object', jobresult: job.jobresult,
    jobinstancetype: job.jobinstancetype, jobinstanceid: job.jobinstanceid,
    created: csDate(job.created), completed: job.completed ? csDate(job.completed) : undefined,
  });
}
