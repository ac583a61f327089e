/** Read-only discovery lists of the families: affinity groups, projects and OS types. */
import { matching, ownerFields, param, visible, type CommandContext } from '../context.js';
import { listResponse } from '../paging.js';
import { csDate, type Json } from '../protocol.js';
import { tagsOf, withTags } from '../tags.js';
import type { AffinityGroup, Project } from '../world/types-families.js';
import { javaClass, syncCommand, type CommandTable } from './registry.js';

function groupView(ctx: CommandContext, group: AffinityGroup): Json {
  // AffinityGroupResponse spells the member list `virtualmachineIds`.
  return { id: group.id, name: group.name, description: group.description, type: group.type, virtualmachineIds: group.virtualmachineids, ...ownerFields(ctx.world, group) };
}

function projectView(ctx: CommandContext, project: Project): Json {
  const { account, domainid, domain } = ownerFields(ctx.world, project);
  // The simulator's projects own no resources yet, so their resource counts are all zero.
  return {
    id: project.id, name: project.name, displaytext: project.displaytext, state: project.state, domainid, domain, owner: [{ account }],
    created: csDate(project.created), vmtotal: 0, vmrunning: 0, vmstopped: 0, volumetotal: 0, tags: tagsOf(ctx.world, 'Project', project.id),
  };
}

export function registerDiscovery(table: CommandTable): void {
  syncCommand(table, 'listAffinityGroups', javaClass('user', 'affinitygroup', 'ListAffinityGroupsCmd'), (ctx) => {
    const vmId = param(ctx, 'virtualmachineid');
    return listResponse(ctx, 'affinitygroup', matching(ctx, visible(ctx, ctx.world.affinityGroups), { id: (g) => g.id, name: (g) => g.name, type: (g) => g.type })
      .filter((g) => vmId === undefined || g.virtualmachineids.includes(vmId)).map((g) => groupView(ctx, g)));
  });
  syncCommand(table, 'listProjects', javaClass('user', 'project', 'ListProjectsCmd'), (ctx) =>
    listResponse(ctx, 'project', matching(ctx, withTags(ctx, 'Project', visible(ctx, ctx.world.projects)), {
      id: (p) => p.id, name: (p) => p.name, state: (p) => p.state, displaytext: (p) => p.displaytext,
    }).map((p) => projectView(ctx, p))),
  );
  syncCommand(table, 'listOsTypes', javaClass('user', 'guest', 'ListGuestOsCmd'), (ctx) =>
    listResponse(ctx, 'ostype', matching(ctx, ctx.world.osTypes, { id: (o) => o.id, oscategoryid: (o) => o.oscategoryid, description: (o) => o.description })
      .map((o) => ({ id: o.id, name: o.name, description: o.description, oscategoryid: o.oscategoryid, oscategoryname: o.oscategoryname, isuserdefined: false, fordisplay: true }))),
  );
}
