/** Monitoring tools: events, alerts, capacity, and the async jobs behind long operations. */
import { z } from 'zod';
import { defineTools, READ } from './define.js';
import { DATE } from './field-meanings.js';
import { describeJob } from './job-summary.js';
import { BY_NAME, listTool } from './kinds.js';
import { date, flag, nonNegativeInt, oneOf, text, uuid } from './schemas.js';

const EVENT_LEVELS = ['INFO', 'WARN', 'ERROR'] as const;
/** The date filters of events and async jobs, in either of CloudStack's forms (DATE). */
const dateFilter = date(DATE).optional();

export const MONITORING_TOOLS = defineTools('monitoring', [
  listTool({
    name: 'list_events',
    title: 'List events',
    description:
      'Lists CloudStack events (who did what, when: VM.START, VOLUME.CREATE ...), newest first.',
    command: 'listEvents',
    resource: 'event',
    fields: {
      id: BY_NAME,
      type: text('E.g. VM.START.').optional(),
      level: oneOf(EVENT_LEVELS).optional(),
      startdate: dateFilter,
      enddate: dateFilter,
      resourceid: uuid().optional(),
      resourcetype: text('E.g. VirtualMachine.').optional(),
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
      id: BY_NAME,
      name: text().optional(),
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
      zoneid: BY_NAME,
      podid: BY_NAME,
      clusterid: BY_NAME,
      type: nonNegativeInt('0 memory, 1 CPU, 2 storage, 3 allocated storage, 4 public IPs, 5 private IPs ...').optional(),
      fetchlatest: flag('Recompute, not the cached figures.').optional(),
      sortby: oneOf(['usage'] as const, 'Highest usage first.').optional(),
    },
  }),
  listTool({
    name: 'list_async_jobs',
    title: 'List async jobs',
    description:
      'Lists your recent async jobs (deploy, migrate ...) with their status: 0 pending, 1 succeeded, 2 failed.',
    command: 'listAsyncJobs',
    resource: 'asyncjobs',
    localFilters: ['jobstatus', 'jobresulttype'],
    fields: {
      startdate: dateFilter,
      jobstatus: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)], { error: 'must be 0, 1, 2 or 3' })
        .describe('0 pending, 1 succeeded, 2 failed, 3 cancelled; filters the returned page.')
        .optional(),
      jobresulttype: text('object or text. Filters the returned page.').optional(),
    },
  }),
  {
    name: 'query_async_job',
    title: 'Query an async job',
    description:
      'Returns the status (0 pending, 1 succeeded with jobresult, 2 failed) of an async job whose tool stopped waiting; ' +
      'the job runs on in CloudStack.',
    command: 'queryAsyncJobResult',
    input: z.strictObject({ jobid: uuid() }),
    hints: READ,
    result: { kind: 'object', describe: describeJob },
  },
]);
