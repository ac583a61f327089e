/** Monitoring tools: events, alerts, capacity, and the async jobs behind long operations. */
import { z } from 'zod';
import { defineTools, READ } from './define.js';
import { describeJob } from './job-summary.js';
import { listTool } from './kinds.js';
import { date, flag, nonNegativeInt, oneOf, text, uuid } from './schemas.js';

const EVENT_LEVELS = ['INFO', 'WARN', 'ERROR'] as const;

export const MONITORING_TOOLS = defineTools('monitoring', [
  listTool({
    name: 'list_events',
    title: 'List events',
    description:
      'Lists CloudStack events (who did what, when: VM.START, VOLUME.CREATE ...), newest first. Filter by level, type ' +
      'and dates.',
    command: 'listEvents',
    resource: 'event',
    fields: {
      id: uuid('Only this event.').optional(),
      type: text('Event type, e.g. VM.START.').optional(),
      level: oneOf(EVENT_LEVELS, 'INFO, WARN or ERROR.').optional(),
      startdate: date('Events from this date (yyyy-MM-dd or yyyy-MM-dd HH:mm:ss).').optional(),
      enddate: date('Events up to this date.').optional(),
      resourceid: uuid('Only events about this resource.').optional(),
      resourcetype: text('Type of that resource, e.g. VirtualMachine.').optional(),
    },
  }),
  listTool({
    name: 'list_alerts',
    title: 'List alerts',
    description: 'Lists system alerts raised by the management server (host down, capacity thresholds ...). Admin only.',
    command: 'listAlerts',
    resource: 'alert',
    owner: false,
    fields: {
      id: uuid('Only this alert.').optional(),
      name: text('Alert name.').optional(),
      type: text('Alert type number, as CloudStack reports it.').optional(),
    },
  }),
  listTool({
    name: 'list_capacity',
    title: 'List capacity',
    description:
      'Lists used and total capacity (CPU, memory, storage, IPs ...) per zone, pod or cluster, to see where there is room. Admin only.',
    command: 'listCapacity',
    resource: 'capacity',
    owner: false,
    fields: {
      zoneid: uuid('Only this zone.').optional(),
      podid: uuid('Only this pod.').optional(),
      clusterid: uuid('Only this cluster.').optional(),
      type: nonNegativeInt('Capacity type: 0 memory, 1 CPU, 2 storage, 3 allocated storage, 4 public IPs, 5 private IPs ...').optional(),
      fetchlatest: flag('Recompute instead of using the cached figures.').optional(),
      sortby: oneOf(['usage'] as const, 'Sort by usage, highest first.').optional(),
    },
  }),
  listTool({
    name: 'list_async_jobs',
    title: 'List async jobs',
    description:
      'Lists your recent asynchronous jobs (deploy, migrate ...) with their status: 0 pending, 1 succeeded, 2 failed. ' +
      'Follow one with query_async_job.',
    command: 'listAsyncJobs',
    resource: 'asyncjobs',
    localFilters: ['jobstatus', 'jobresulttype'],
    fields: {
      startdate: date('Jobs started from this date.').optional(),
      jobstatus: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)], { error: 'must be 0, 1, 2 or 3' })
        .describe('Keep only jobs in this status (0 pending, 1 succeeded, 2 failed, 3 cancelled); applied to the returned page.')
        .optional(),
      jobresulttype: text('Keep only jobs with this result type (object, text); applied to the returned page.').optional(),
    },
  }),
  {
    name: 'query_async_job',
    title: 'Query an async job',
    description:
      'Returns the status and result of one async job: use it when a tool\'s wait timed out or was cancelled (the job ' +
      'keeps running in CloudStack). jobstatus 0 pending, 1 succeeded (jobresult holds the object), 2 failed.',
    command: 'queryAsyncJobResult',
    input: z.strictObject({ jobid: uuid('The job id, as reported by the tool that started it.') }),
    hints: READ,
    result: { kind: 'object', describe: describeJob },
  },
]);
