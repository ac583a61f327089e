import { describe, expect, test } from 'vitest';
import { commandSpec } from '../../../src/cloudstack/catalog.js';
import { CHANGE_IDEMPOTENT, CREATE, defineTools, DISRUPT, DISRUPT_IDEMPOTENT, READ } from '../../../src/tools/define.js';
import { FILTER_MEANINGS } from '../../../src/tools/field-meanings.js';
import { actionHints, actionTool, BY_NAME, catalogField, createTool, deleteTool, getTool, listTool } from '../../../src/tools/kinds.js';
import { inputJsonSchema } from '../../../src/tools/tool-list.js';
import { FAMILY_TOOLS } from '../../../src/tools/families/index.js';

const UUID = '6a1f3a52-0f1e-4e44-9a8b-0c1d2e3f4a5b';
const keys = (declaration: { input: { shape: Record<string, unknown> } }) => Object.keys(declaration.input.shape).sort();

describe('listTool', () => {
  const tool = listTool({
    name: 'list_vpcs', title: 'List VPCs', description: 'Lists VPCs.', command: 'listVPCs', resource: 'vpc',
    fields: { id: 'Only this VPC.', zoneid: 'Only this zone.' },
  });

  test('is read-only, paged, owner-scoped where the command is, with fields; the description is the declaration\'s', () => {
    expect(tool.hints).toEqual(READ);
    expect(keys(tool)).toEqual(['account', 'domainid', 'fields', 'id', 'keyword', 'listall', 'page', 'pagesize', 'zoneid']);
    expect(tool.description).toBe('Lists VPCs.');
    expect(tool.result).toEqual({ kind: 'list', resource: 'vpc' });
    expect(tool.toolOnlyArgs).toEqual(['fields']);
  });

  test('a BY_NAME field is typed by the catalog and described by the field dictionary, or not at all', () => {
    const vpcs = listTool({
      name: 'list_vpcs', title: 'List VPCs', description: 'Lists VPCs.', command: 'listVPCs', resource: 'vpc',
      fields: { name: BY_NAME, zoneid: BY_NAME },
    });
    const listed = inputJsonSchema(defineTools('network', [vpcs])[0]!).properties as Record<string, { description?: string; format?: string }>;
    expect(listed.name).toEqual({ type: 'string', description: FILTER_MEANINGS.name });
    expect(listed.zoneid).toEqual({ type: 'string', format: 'uuid' });
    expect(vpcs.input.safeParse({ zoneid: 'zone-1' }).success).toBe(false);
    expect(vpcs.input.safeParse({ name: '' }).success).toBe(false);
  });

  test('leaves out paging and owner fields the command does not have', () => {
    const pods = listTool({ name: 'list_pods', title: 'Pods', description: 'Lists pods.', command: 'listPods', resource: 'pod' });
    expect(keys(pods)).toEqual(['fields', 'keyword', 'page', 'pagesize']);
  });

  test('ids are UUIDs from the catalog type and name; fields must be a non-empty array', () => {
    expect(tool.input.safeParse({ id: 'not-a-uuid' }).success).toBe(false);
    expect(tool.input.safeParse({ id: UUID, fields: ['id', 'name'] }).success).toBe(true);
    expect(tool.input.safeParse({ fields: [] }).success).toBe(false);
    expect(tool.input.safeParse({ cidr: '10.0.0.0/8' }).success).toBe(false);
  });

  test('refuses a command that writes, a field the command lacks, an unknown command', () => {
    expect(() => listTool({ name: 'list_x', title: 'x', description: 'x', command: 'createVPC', resource: 'vpc' })).toThrow(/changes state/);
    expect(() => listTool({ name: 'list_x', title: 'x', description: 'x', command: 'listVPCs', resource: 'vpc', fields: { hostid: 'h' } })).toThrow(
      /listVPCs has no parameter hostid/,
    );
    expect(() => listTool({ name: 'list_x', title: 'x', description: 'x', command: 'listNothing', resource: 'vpc' })).toThrow(/not in the catalog/);
  });
});

describe('getTool', () => {
  const tool = getTool({ name: 'get_vpc', title: 'Get a VPC', description: 'One VPC by id.', command: 'listVPCs', resource: 'vpc', listTool: 'list_vpcs' });

  test('is read-only, takes a required id and fields, and runs its own lookup', () => {
    expect(tool.hints).toEqual(READ);
    expect(keys(tool)).toEqual(['fields', 'id']);
    expect(tool.input.safeParse({}).success).toBe(false);
    expect(tool.input.safeParse({ id: UUID }).success).toBe(true);
    expect(tool.run).toBeTypeOf('function');
    expect(tool.result).toEqual({ kind: 'object', resource: 'vpc' });
  });
});

describe('actionTool', () => {
  test('hints follow disruptive × idempotent, each spelled out', () => {
    expect(actionHints(false, true)).toEqual(CHANGE_IDEMPOTENT);
    expect(actionHints(false, false)).toEqual({ ...CHANGE_IDEMPOTENT, idempotentHint: false });
    expect(actionHints(true, true)).toEqual(DISRUPT_IDEMPOTENT);
    expect(actionHints(true, false)).toEqual(DISRUPT);
  });

  test('a disruptive action accepts confirm (not sent); a harmless one does not', () => {
    const revert = actionTool({
      name: 'revert', title: 'Revert', description: 'Reverts.', command: 'revertToVMSnapshot', resource: 'virtualmachine',
      fields: { vmsnapshotid: 'The snapshot.' }, disruptive: true, idempotent: true,
    });
    expect(keys(revert)).toEqual(['confirm', 'vmsnapshotid']);
    expect(revert.toolOnlyArgs).toEqual(['confirm']);
    const recover = actionTool({
      name: 'recover', title: 'Recover', description: 'Recovers.', command: 'recoverVirtualMachine', resource: 'virtualmachine',
      fields: { id: 'The VM.' }, disruptive: false, idempotent: true,
    });
    expect(keys(recover)).toEqual(['id']);
    expect(recover.toolOnlyArgs).toBeUndefined();
  });

  test('refuses a command that only reads, and a required parameter the tool does not take', () => {
    expect(() => actionTool({ name: 'a', title: 'a', description: 'a', command: 'listVPCs', disruptive: false, idempotent: true })).toThrow(/only reads/);
    expect(() => actionTool({ name: 'a', title: 'a', description: 'a', command: 'attachIso', fields: { id: 'ISO' }, disruptive: false, idempotent: true })).toThrow(
      /attachIso requires virtualmachineid/,
    );
  });
});

describe('createTool', () => {
  test('is a non-idempotent write with the owner fields of its command; required follows the catalog', () => {
    const tool = createTool({
      name: 'create_vm_snapshot', title: 'Snapshot', description: 'Snapshots.', command: 'createVMSnapshot', resource: 'vmsnapshot',
      fields: { virtualmachineid: 'The VM.', name: 'Name.' },
    });
    expect(tool.hints).toEqual(CREATE);
    expect(keys(tool)).toEqual(['name', 'virtualmachineid']);
    expect(tool.input.safeParse({ name: 'x' }).success).toBe(false);
    expect(tool.input.safeParse({ virtualmachineid: UUID }).success).toBe(true);
    const vpc = createTool({
      name: 'create_vpc', title: 'VPC', description: 'VPC.', command: 'createVPC', resource: 'vpc',
      fields: { name: 'n', displaytext: 'd', cidr: 'c', vpcofferingid: 'o', zoneid: 'z' },
    });
    expect(keys(vpc)).toEqual(['account', 'cidr', 'displaytext', 'domainid', 'name', 'vpcofferingid', 'zoneid']);
  });

  test('refuses a catalog-required parameter declared optional', () => {
    expect(() =>
      createTool({
        name: 'c', title: 'c', description: 'c', command: 'createVMSnapshot', resource: 'vmsnapshot',
        fields: { virtualmachineid: catalogField('createVMSnapshot', 'name', 'x') },
      }),
    ).toThrow(/virtualmachineid is required by createVMSnapshot but optional here/);
  });
});

describe('deleteTool', () => {
  test('is destructive and idempotent, accepts confirm, and answers the flat {success}', () => {
    const tool = deleteTool({ name: 'delete_vpc', title: 'Delete', description: 'Deletes.', command: 'deleteVPC', fields: { id: 'The VPC.' } });
    expect(tool.hints).toEqual(DISRUPT_IDEMPOTENT);
    expect(keys(tool)).toEqual(['confirm', 'id']);
    expect(tool.result).toEqual({ kind: 'object' });
    expect(tool.input.safeParse({ id: UUID, confirm: true }).success).toBe(true);
  });
});

describe('catalogField', () => {
  test('types follow the catalog: boolean, integer, list of ids, map', () => {
    expect(catalogField('listIsos', 'bootable', 'b').safeParse('yes').success).toBe(false);
    expect(catalogField('createVPC', 'publicmtu', 'm').safeParse(1.5).success).toBe(false);
    expect(catalogField('assignToLoadBalancerRule', 'virtualmachineids', 'v').safeParse([UUID, UUID]).success).toBe(true);
    expect(catalogField('assignToLoadBalancerRule', 'virtualmachineids', 'v').safeParse(['nope']).success).toBe(false);
    expect(catalogField('createTags', 'tags', 't').safeParse([{ key: 'env', value: 'prod' }]).success).toBe(true);
    expect(() => catalogField('createTags', 'nope', 't')).toThrow(/createTags has no parameter nope/);
  });
});

describe('the family tools', () => {
  test('each one\'s kind agrees with its name and the catalog', () => {
    for (const tool of FAMILY_TOOLS) {
      const spec = commandSpec(tool.command)!;
      expect(tool.async, tool.name).toBe(spec.async);
      if (/^list_/.test(tool.name)) expect(tool.hints, tool.name).toEqual(READ);
      if (/^delete_/.test(tool.name)) expect(tool.hints, tool.name).toEqual(DISRUPT_IDEMPOTENT);
      if (/^create_vpc|^create_port|^create_load|^create_egress|^create_vm_snapshot|^create_template|^register_/.test(tool.name)) {
        expect(tool.hints, tool.name).toEqual(CREATE);
      }
      if (tool.hints.destructiveHint) expect(Object.keys(tool.input.shape), tool.name).toContain('confirm');
    }
  });

  test('register_ssh_key_pair takes a public key, and nothing returns a private key', () => {
    const register = FAMILY_TOOLS.find((tool) => tool.name === 'register_ssh_key_pair')!;
    expect(Object.keys(register.input.shape).sort()).toEqual(['account', 'domainid', 'name', 'publickey']);
    expect(FAMILY_TOOLS.flatMap((tool) => tool.secretFields)).toEqual([]);
  });
});
