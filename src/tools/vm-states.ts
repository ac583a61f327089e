/** CloudStack's VirtualMachine.State values, shared by the user VM and system VM filters. */
export const VM_STATES = ['Starting', 'Running', 'Stopping', 'Stopped', 'Destroyed', 'Expunging', 'Migrating', 'Error', 'Unknown', 'Shutdown'] as const;
