/**
 * Benchmark 3: waiting for async jobs. For jobs of 1, 5 and 30 s, how late the caller learns that the job
 * ended, and how many queryAsyncJobResult calls that cost, for three poll schedules:
 * - ours: the real thing end to end — start_virtual_machine through an MCP client, the server and the
 *   CloudStack client's poller (DEFAULT_POLL);
 * - cloudmonkey (every 2 s) and cloudstack-go (1 s, 2 s, 3 s ... capped at 15 s): a plain loop with those
 *   sleeps driving the same simulator through the same CloudStack client.
 * Each waiter gets its own simulator, so its request log counts its polls alone, and all run concurrently
 * (the 30 s job is the floor). The simulator records when each job ends (`endsAt`); the delay is the time from
 * then to the answer. An analytic column gives the same figures from the schedule alone (no network).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createCloudStackClient, DEFAULT_POLL, pollDelayMs } from '../../dist/cloudstack/index.js';
import { silentLogger } from '../../dist/logger.js';
import { createServer } from '../../dist/server.js';
import { startSimulator } from '../../dist/simulator/index.js';
import { allowAllGate } from './gates.mjs';
import { median, round, sleep } from './stats.mjs';

const SCHEDULES = {
  'ours (0.4 s ×1.5 ≤ 3 s)': (poll) => pollDelayMs(poll, DEFAULT_POLL),
  'cloudmonkey (2 s)': () => 2_000,
  'cloudstack-go (1 s +1 s ≤ 15 s)': (poll) => Math.min(poll, 15) * 1_000,
};
const OURS = Object.keys(SCHEDULES)[0];
const MAX_POLLS = 200;

/** Polls and delay if each query were answered instantly: the first poll at or after the job's end. */
function analytic(schedule, jobMs) {
  let at = 0;
  for (let poll = 1; poll <= MAX_POLLS; poll++) {
    at += schedule(poll);
    if (at >= jobMs) return { polls: poll, delayMs: at - jobMs };
  }
  throw new Error('schedule never reached the end of the job');
}

function newApi(simulator) {
  return createCloudStackClient({ apiUrl: simulator.url, ...simulator.keys.admin, timeoutMs: 10_000, asyncTimeoutMs: 120_000, logger: silentLogger });
}

const runningVm = (simulator) => simulator.world.vms.find((vm) => vm.state === 'Running').id;

/** Ours: the tool call, end to end. */
async function waitThroughTool(simulator) {
  const server = createServer({ api: newApi(simulator), policy: allowAllGate(), logger: silentLogger, readOnly: false, sessionId: 'bench-jobs' });
  const client = new Client({ name: 'bench', version: '0.0.0' });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  await client.connect(clientSide);
  try {
    const result = await client.callTool({ name: 'start_virtual_machine', arguments: { id: runningVm(simulator) } }, undefined, { timeout: 120_000 });
    const answeredAt = Date.now();
    if (result.isError) throw new Error(`start_virtual_machine failed: ${JSON.stringify(result.content)}`);
    return answeredAt;
  } finally {
    await client.close();
    await server.close();
  }
}

/** Another client's schedule: submit, then sleep-and-query until the job leaves jobstatus 0. */
async function waitWithLoop(simulator, schedule) {
  const api = newApi(simulator);
  const { jobid } = await api.call('startVirtualMachine', { id: runningVm(simulator) });
  for (let poll = 1; poll <= MAX_POLLS; poll++) {
    await sleep(schedule(poll));
    const job = await api.call('queryAsyncJobResult', { jobid });
    if (job.jobstatus !== 0) return Date.now();
  }
  throw new Error(`job ${jobid} did not end within ${MAX_POLLS} polls`);
}

async function measure(jobMs, name) {
  const simulator = await startSimulator({ jobMs });
  try {
    const answeredAt = name === OURS ? await waitThroughTool(simulator) : await waitWithLoop(simulator, SCHEDULES[name]);
    const job = simulator.world.jobs.find((candidate) => candidate.cmd.endsWith('StartVMCmd'));
    const polls = simulator.requests.filter((request) => request.command === 'queryAsyncJobResult' && request.params.jobid === job.jobid).length;
    return { delayMs: answeredAt - job.endsAt, polls };
  } finally {
    await simulator.close();
  }
}

export async function runJobWait({ quick }) {
  const jobLengths = [1_000, 5_000, 30_000];
  const repeats = quick ? 1 : 3;
  const plan = jobLengths.flatMap((jobMs) => Object.keys(SCHEDULES).map((name) => ({ jobMs, name })));
  const measured = await Promise.all(plan.map(({ jobMs, name }) => Promise.all(Array.from({ length: repeats }, () => measure(jobMs, name)))));
  return plan.map(({ jobMs, name }, index) => {
    const runs = measured[index];
    const model = analytic(SCHEDULES[name], jobMs);
    return {
      'job s': jobMs / 1_000,
      schedule: name,
      runs: runs.length,
      'median delay ms': round(median(runs.map((run) => run.delayMs))),
      'median polls': median(runs.map((run) => run.polls)),
      'analytic delay ms': model.delayMs,
      'analytic polls': model.polls,
    };
  });
}
