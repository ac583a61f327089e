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

describe('reads and state changes', () => {
  it.each(knownCommands())('%s: the verb rule agrees with the catalog’s HTTP method (GET = read, retryable)', (command) => {
    expect(isReadCommand(command) ? 'GET' : 'POST').toBe(commandSpec(command)?.http);
  });
});
