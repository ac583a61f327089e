import { describe, expect, it } from 'vitest';
import { commandSpec, isReadCommand, knownCommands } from '../../../src/cloudstack/catalog.js';
import { classifyFailure } from '../../../src/cloudstack/classify.js';
import { CloudStackApiError, CloudStackJobError, CloudStackTransportError } from '../../../src/cloudstack/errors.js';

const apiError = (code: number, text = 'x') => new CloudStackApiError('listZones', code, code, 9999, text);
const transport = (kind: 'network' | 'timeout' | 'tls' | 'bad_response' | 'aborted', causeCode?: string, status?: number) =>
  new CloudStackTransportError(kind, 'listZones', 'failed', causeCode, status);

describe('classifyFailure', () => {
  it.each([
    ['timeout', transport('timeout'), 'retry'],
    ['ECONNREFUSED', transport('network', 'ECONNREFUSED'), 'retry'],
    ['ECONNRESET', transport('network', 'ECONNRESET'), 'retry'],
    ['EAI_AGAIN', transport('network', 'EAI_AGAIN'), 'retry'],
    ['ENOTFOUND (configuration)', transport('network', 'ENOTFOUND'), 'fail'],
    ['TLS failure', transport('tls', 'DEPTH_ZERO_SELF_SIGNED_CERT'), 'fail'],
    ['aborted', transport('aborted', 'ERR_CANCELED'), 'fail'],
    ['proxy 503 page', transport('bad_response', undefined, 503), 'retry'],
    ['HTML page with 200', transport('bad_response', undefined, 200), 'fail'],
    ['530 internal error', apiError(530), 'retry'],
    ['401 credentials', apiError(401), 'fail'],
    ['431 parameter error', apiError(431), 'fail'],
    ['432 unknown command', apiError(432), 'fail'],
    ['531 permission', apiError(531), 'fail'],
    ['533 insufficient capacity', apiError(533), 'fail'],
    ['534 resource unavailable', apiError(534), 'fail'],
    ['535 allocation error', apiError(535), 'fail'],
    ['537 rule conflict', apiError(537), 'fail'],
    ['a job failure', new CloudStackJobError('j', 'listZones', 530, 'x'), 'fail'],
    ['an unknown error', new Error('boom'), 'fail'],
  ])('a read failing with %s → %s', (_name, error, action) => {
    expect(classifyFailure(error, 'listZones').action).toBe(action);
  });

  it('honours the wait a 429 names', () => {
    const throttled = apiError(429, 'The given user has reached his/her account api limit, please retry after [250] ms.');
    expect(classifyFailure(throttled, 'listVirtualMachines')).toEqual({ action: 'retry_after', delayMs: 250 });
  });

  it('waits CloudStack’s one-second throttling window when a 429 names no wait', () => {
    expect(classifyFailure(apiError(429, 'slow down'), 'listZones')).toEqual({ action: 'retry_after', delayMs: 1000 });
  });

  it.each(['deployVirtualMachine', 'stopVirtualMachine', 'createNetwork', 'someCommandNotInTheCatalog'])(
    'never retries %s, whatever the failure',
    (command) => {
      for (const error of [transport('timeout'), transport('network', 'ECONNRESET'), apiError(530), apiError(429)]) {
        expect(classifyFailure(error, command)).toEqual({ action: 'fail' });
      }
    },
  );

  it('retries queryAsyncJobResult polls (a read)', () => {
    expect(classifyFailure(transport('network', 'ECONNRESET'), 'queryAsyncJobResult').action).toBe('retry');
  });
});

/**
 * Every command that only reads, reviewed name by name (236 of 828). A read may be retried and is allowed under
 * --read-only and under a policy's default allow, so a command that creates, updates, deletes, starts, stops,
 * resets, registers or uploads anything must never be here, whatever method the SDK sends it by. Left out on
 * purpose although the SDK sends them by GET: getUploadParamsFor{Iso,Template,Volume,KubernetesSupportedVersion}
 * (register an object to upload to), getDiagnosticsData (a job that writes an archive to secondary storage),
 * verifyOAuthCodeAndGetUser (redeems a one-time code). A catalog refresh that adds a read fails this test until
 * the name is reviewed and added.
 */
const READS = new Set([
  'cloudianIsEnabled', 'findHostsForMigration', 'findStoragePoolsForMigration', 'getApiLimit', 'getCloudIdentifier',
  'getHypervisorGuestOsNames', 'getKubernetesClusterConfig', 'getPathForVolume', 'getRouterHealthCheckResults',
  'getSolidFireAccountId', 'getSolidFireVolumeAccessGroupIds', 'getSolidFireVolumeSize', 'getUser', 'getUserKeys',
  'getVMPassword', 'getVirtualMachineUserData', 'getVolumeSnapshotDetails', 'getVolumeiScsiName',
  'isAccountAllowedToCreateOfferingsWithTags', 'listASNRanges', 'listASNumbers', 'listAccounts',
  'listAffectedVmsForStorageScopeChange', 'listAffinityGroupTypes', 'listAffinityGroups', 'listAlertTypes',
  'listAlerts', 'listAnnotations', 'listApis', 'listAsyncJobs', 'listAutoScalePolicies', 'listAutoScaleVmGroups',
  'listAutoScaleVmProfiles', 'listBackupOfferings', 'listBackupProviderOfferings', 'listBackupProviders',
  'listBackupRepositories', 'listBackupSchedule', 'listBackups', 'listBaremetalDhcp', 'listBaremetalPxeServers',
  'listBaremetalRct', 'listBgpPeers', 'listBigSwitchBcfDevices', 'listBrocadeVcsDeviceNetworks',
  'listBrocadeVcsDevices', 'listBuckets', 'listCAProviders', 'listCaCertificate', 'listCapabilities', 'listCapacity',
  'listClusterDrsPlan', 'listClusters', 'listClustersMetrics', 'listCniConfiguration', 'listConditions',
  'listConfigurationGroups', 'listConfigurations', 'listCounters', 'listCustomActions', 'listDbMetrics',
  'listDedicatedClusters', 'listDedicatedGuestVlanRanges', 'listDedicatedHosts', 'listDedicatedPods',
  'listDedicatedZones', 'listDeploymentPlanners', 'listDetailOptions', 'listDiskOfferings', 'listDomainChildren',
  'listDomains', 'listEgressFirewallRules', 'listElastistorInterface', 'listElastistorPool', 'listElastistorVolume',
  'listEventTypes', 'listEvents', 'listExtensions', 'listFirewallRules', 'listGlobalLoadBalancerRules',
  'listGpuCards', 'listGpuDevices', 'listGuestNetworkIpv6Prefixes', 'listGuestOsMapping', 'listGuestVlans',
  'listHostHAProviders', 'listHostHAResources', 'listHostTags', 'listHosts', 'listHostsMetrics',
  'listHypervisorCapabilities', 'listHypervisors', 'listImageStoreObjects', 'listImageStores', 'listImportVmTasks',
  'listInfrastructure', 'listInstanceGroups', 'listInternalLoadBalancerElements', 'listInternalLoadBalancerVMs',
  'listIpForwardingRules', 'listIpv4SubnetsForGuestNetwork', 'listIpv4SubnetsForZone', 'listIpv6FirewallRules',
  'listIsoPermissions', 'listIsos', 'listKubernetesClusters', 'listKubernetesSupportedVersions',
  'listLBHealthCheckPolicies', 'listLBStickinessPolicies', 'listLdapConfigurations', 'listLdapUsers',
  'listLoadBalancerRuleInstances', 'listLoadBalancerRules', 'listLoadBalancers', 'listManagementServers',
  'listManagementServersMetrics', 'listNetrisProviders', 'listNetscalerControlCenter',
  'listNetscalerLoadBalancerNetworks', 'listNetscalerLoadBalancers', 'listNetworkACLLists', 'listNetworkACLs',
  'listNetworkDevice', 'listNetworkIsolationMethods', 'listNetworkOfferings', 'listNetworkPermissions',
  'listNetworkProtocols', 'listNetworkServiceProviders', 'listNetworks', 'listNiciraNvpDeviceNetworks',
  'listNiciraNvpDevices', 'listNics', 'listNsxControllers', 'listOauthProvider', 'listObjectStoragePools',
  'listOpenDaylightControllers', 'listOsCategories', 'listOsTypes', 'listOvsElements', 'listPaloAltoFirewallNetworks',
  'listPaloAltoFirewalls', 'listPhysicalNetworks', 'listPods', 'listPortForwardingRules', 'listPortableIpRanges',
  'listPrivateGateways', 'listProjectAccounts', 'listProjectInvitations', 'listProjectRolePermissions',
  'listProjectRoles', 'listProjects', 'listPublicIpAddresses', 'listQuarantinedIps', 'listRegions',
  'listRegisteredServicePackages', 'listRemoteAccessVpns', 'listResourceDetails', 'listResourceIcon',
  'listResourceLimits', 'listRolePermissions', 'listRoles', 'listRouters', 'listRoutingFirewallRules',
  'listSSHKeyPairs', 'listSecondaryStagingStores', 'listSecondaryStorageSelectors', 'listSecurityGroups',
  'listServiceOfferings', 'listSharedFileSystemProviders', 'listSharedFileSystems', 'listSnapshotPolicies',
  'listSnapshots', 'listSslCerts', 'listStaticRoutes', 'listStorageAccessGroups', 'listStorageNetworkIpRange',
  'listStoragePoolObjects', 'listStoragePools', 'listStoragePoolsMetrics', 'listStorageProviders', 'listStorageTags',
  'listSupportedNetworkServices', 'listSwifts', 'listSystemVms', 'listSystemVmsUsageHistory', 'listTags',
  'listTemplateDirectDownloadCertificates', 'listTemplatePermissions', 'listTemplates', 'listTrafficMonitors',
  'listTrafficTypeImplementors', 'listTrafficTypes', 'listUcsBlades', 'listUcsManagers', 'listUcsProfiles',
  'listUnmanagedInstances', 'listUsageRecords', 'listUsageServerMetrics', 'listUsageTypes', 'listUserData',
  'listUserTwoFactorAuthenticatorProviders', 'listUsers', 'listVMSchedule', 'listVMSnapshot', 'listVPCOfferings',
  'listVPCs', 'listVgpuProfiles', 'listVirtualMachines', 'listVirtualMachinesMetrics',
  'listVirtualMachinesUsageHistory', 'listVirtualRouterElements', 'listVlanIpRanges', 'listVmsForImport',
  'listVmwareDcVms', 'listVmwareDcs', 'listVnfAppliances', 'listVnfTemplates', 'listVolumes', 'listVolumesForImport',
  'listVolumesMetrics', 'listVolumesUsageHistory', 'listVpnConnections', 'listVpnCustomerGateways', 'listVpnGateways',
  'listVpnUsers', 'listWebhookDeliveries', 'listWebhooks', 'listZones', 'listZonesMetrics', 'queryAsyncJobResult',
  'quotaBalance', 'quotaIsEnabled', 'quotaStatement', 'quotaSummary', 'quotaTariffList', 'readyForShutdown',
]);

/** The first word of a read's name: a reading verb, or a family whose GET commands only report. */
const READING_FIRST_WORDS = new Set(['list', 'get', 'find', 'query', 'is', 'quota', 'cloudian', 'ready']);
/** Words that mean a command acts; none may be the verb of a read. */
const ACTING_VERBS = /^(add|assign|attach|cancel|change|clean|copy|create|dedicate|delete|deploy|destroy|detach|disable|enable|execute|expunge|import|migrate|move|reboot|recover|register|release|remove|reset|restart|restore|revert|revoke|run|scale|set|start|stop|sync|update|upgrade|upload|verify)/;

describe('reads and state changes', () => {
  it('the reviewed list has 236 reads, each a catalogued GET command', () => {
    expect(READS.size).toBe(236);
    for (const command of READS) expect(commandSpec(command)?.http, command).toBe('GET');
  });

  it.each(knownCommands())('%s is a read exactly when the reviewed list says so', (command) => {
    expect(isReadCommand(command)).toBe(READS.has(command));
  });

  it('every read starts with a reading word, none with an acting verb', () => {
    for (const command of READS) {
      const first = /^[a-z]+/.exec(command)![0];
      expect(READING_FIRST_WORDS.has(first), command).toBe(true);
      expect(ACTING_VERBS.test(command), command).toBe(false);
    }
  });

  it('every POST command changes state (none is taken for a read)', () => {
    const posted = knownCommands().filter((command) => commandSpec(command)!.http === 'POST');
    expect(posted.length).toBe(586);
    expect(posted.filter(isReadCommand)).toEqual([]);
  });

  it.each([
    ['listWidgets', true],
    ['queryWidgetStatus', true],
    ['getUploadParamsForWidget', false],
    ['frobnicateWidget', false],
    ['createWidget', false],
  ])('a command the catalog lacks (%s) reads only by a reading verb: %s', (command, reads) => {
    expect(commandSpec(command)).toBeUndefined();
    expect(isReadCommand(command)).toBe(reads);
  });
});
