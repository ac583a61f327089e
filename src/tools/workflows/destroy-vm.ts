/**
 * destroy_virtual_machine: works from any state. destroyVirtualMachine refuses a VM that is already Destroyed,
 * so such a VM is expunged with expungeVirtualMachine instead; a VM already Expunging is on its way out (and
 * expungeVirtualMachine would refuse it: it takes only Destroyed VMs), so nothing is sent. Every job is awaited
 * and the final state reported.
 */
import { z } from 'zod';
import { objectOutcome } from '../results.js';
import { confirm, flag, uuid, uuidList } from '../schemas.js';
import { ToolError } from '../tool-error.js';
import type { CanonicalCall } from '../canonical.js';
import type { ToolContext, ToolOutcome } from '../types.js';
import { findVirtualMachine } from './get-vm.js';

export const destroyVirtualMachineInput = z.strictObject({
  id: uuid(),
  // CloudStack's default: a destroyed VM is recoverable until the expunge delay; removal at once is asked for explicitly.
  expunge: flag('Remove it and its root volume for good now.').default(false),
  volumeids: uuidList('Data volumes to destroy with it; others are detached and kept.').optional(),
  confirm: confirm(),
});

const VM_RESULT = { title: 'Virtual machine', resource: 'virtualmachine', secretFields: [] } as const;

/** Sends the canonical call the policy decided on (`call.params`), never parameters rebuilt from the arguments. */
export async function runDestroyVirtualMachine(context: ToolContext, _args: Record<string, unknown>, call: CanonicalCall): Promise<ToolOutcome> {
  const id = String(call.params.id);
  const expunge = call.params.expunge === true;
  const vm = await findVirtualMachine(context, id);
  if (!vm) throw new ToolError('not_found', `Virtual machine ${id} not found (check the id with list_virtual_machines).`, { id });
  const waitOptions = { signal: context.signal, onProgress: context.onProgress };

  if (vm.state === 'Expunging' || (vm.state === 'Destroyed' && !expunge)) {
    return objectOutcome({ virtualmachine: vm }, VM_RESULT);
  }
  if (vm.state === 'Destroyed') {
    const job = await context.api.callAsync('expungeVirtualMachine', { id }, waitOptions);
    const expunged = { ...vm, state: 'Expunged' };
    return objectOutcome({ virtualmachine: expunged }, { ...VM_RESULT, jobId: job.jobId, elapsedMs: job.elapsedMs });
  }

  const job = await context.api.callAsync('destroyVirtualMachine', call.params, waitOptions);
  const destroyed = job.result.virtualmachine;
  // An expunged VM no longer exists, whatever state the job's last snapshot of it says.
  const final = { ...vm, ...(typeof destroyed === 'object' && destroyed !== null ? destroyed : {}), ...(expunge ? { state: 'Expunged' } : {}) };
  return objectOutcome({ virtualmachine: final }, { ...VM_RESULT, jobId: job.jobId, elapsedMs: job.elapsedMs });
}
