/**
 * destroy_virtual_machine: works from any state. destroyVirtualMachine refuses a VM that is already Destroyed,
 * so such a VM is expunged with expungeVirtualMachine instead; a VM already Expunging is on its way out (and
 * expungeVirtualMachine would refuse it: it takes only Destroyed VMs), so nothing is sent. Every job is awaited
 * and the final state reported.
 *
 * Which of the two commands is sent is chosen in `prepare`, before the policy decides: the canonical call the
 * policy, the audit and an operator's approval see is the command that is then sent, so a rule on
 * expungeVirtualMachine governs the expunge this tool does too.
 */
import { z } from 'zod';
import type { JsonObject } from '../../cloudstack/api.js';
import { isReadCommand } from '../../cloudstack/catalog.js';
import { withExplicitDefaults } from '../canonical-defaults.js';
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
const EXPUNGE = 'expungeVirtualMachine';

/** The command prepare may choose instead of destroyVirtualMachine, declared so the policy checks rules against it. */
export const DESTROY_ALSO_SENDS = [{ command: EXPUNGE, when: 'expunges a VM that is already Destroyed' }] as const;

/**
 * Part of canonicalization: expunge=true on a VM that is already Destroyed becomes `expungeVirtualMachine {id}`
 * (the arguments, expunge=true among them, stay as the agent gave them). Without expunge the command is
 * destroyVirtualMachine whatever the state, so the VM is only read when expunge=true. A VM that is not found
 * keeps the destroy call: the workflow reports it missing after the policy has decided, as for any other call.
 * The read waits for the policy (prepare-reads.ts): refused whichever command the VM's state makes it (the tool
 * denied), nothing is read; a refusal that differs by command (a rule on expungeVirtualMachine only) needs the read.
 */
export async function prepareDestroyVirtualMachine(context: ToolContext, call: CanonicalCall): Promise<CanonicalCall> {
  if (call.params.expunge !== true) return call;
  const vm = await findVirtualMachine(context, String(call.params.id));
  if (vm?.state !== 'Destroyed') return call;
  return { ...call, command: EXPUNGE, params: withExplicitDefaults(EXPUNGE, { id: call.params.id! }), reads: isReadCommand(EXPUNGE) };
}

/**
 * Sends the canonical call the policy decided on (`call.command` with `call.params`), never a command or parameters
 * rebuilt from the arguments. The VM is read again first, for the result and for what changed since the decision
 * (an approval may have taken minutes): a VM already where the call would take it gets nothing sent, and one whose
 * state no longer fits the decided command gets nothing sent either, with a state_changed error to call again.
 */
export async function runDestroyVirtualMachine(context: ToolContext, _args: Record<string, unknown>, call: CanonicalCall): Promise<ToolOutcome> {
  const id = String(call.params.id);
  const vm = await findVirtualMachine(context, id);
  if (!vm) throw new ToolError('not_found', `Virtual machine ${id} not found (check the id with list_virtual_machines).`, { id });
  const waitOptions = { signal: context.signal, onProgress: context.onProgress };
  if (vm.state === 'Expunging') return objectOutcome({ virtualmachine: vm }, VM_RESULT);

  if (call.command === EXPUNGE) {
    if (vm.state !== 'Destroyed') throw stateChanged(id, `is ${String(vm.state)} now, not Destroyed as when the policy decided on ${EXPUNGE}`, vm);
    const job = await context.api.callAsync(call.command, call.params, waitOptions);
    const expunged = { ...vm, state: 'Expunged' };
    return objectOutcome({ virtualmachine: expunged }, { ...VM_RESULT, jobId: job.jobId, elapsedMs: job.elapsedMs });
  }

  const expunge = call.params.expunge === true;
  if (vm.state === 'Destroyed' && !expunge) return objectOutcome({ virtualmachine: vm }, VM_RESULT);
  // Destroyed since the policy decided on destroyVirtualMachine: the expunge it now needs is another command.
  if (vm.state === 'Destroyed') throw stateChanged(id, `was destroyed after the policy decided on ${call.command}; expunging it is ${EXPUNGE}, which the policy has not decided on`, vm);

  const job = await context.api.callAsync(call.command, call.params, waitOptions);
  const destroyed = job.result.virtualmachine;
  // An expunged VM no longer exists, whatever state the job's last snapshot of it says.
  const final = { ...vm, ...(typeof destroyed === 'object' && destroyed !== null ? destroyed : {}), ...(expunge ? { state: 'Expunged' } : {}) };
  return objectOutcome({ virtualmachine: final }, { ...VM_RESULT, jobId: job.jobId, elapsedMs: job.elapsedMs });
}

function stateChanged(id: string, what: string, vm: JsonObject): ToolError {
  const message = `Virtual machine ${id} ${what}; nothing was sent. Call destroy_virtual_machine again to act on its current state.`;
  return new ToolError('state_changed', message, { id, state: String(vm.state) });
}
