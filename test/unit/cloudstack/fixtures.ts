/** Shared setup for the client's nock tests: one fake endpoint, known secrets, a log collector. */
import nock from 'nock';
import { createCloudStackClient, type CloudStackClientConfig } from '../../../src/cloudstack/client.js';
import { computeSignature } from '../../../src/cloudstack/signer.js';
import { createLogger } from '../../../src/logger.js';

export const ORIGIN = 'http://cloudstack.test:8080';
export const API_PATH = '/client/api';
export const API_KEY = 'AKtestKeyWithEnoughLength0123456789';
export const SECRET_KEY = 'SKtestSecretWithEnoughLength9876543210';

export function collectLogs() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => lines.push(line) });
  return { lines, logger, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

export function makeClient(overrides: Partial<CloudStackClientConfig> = {}) {
  return createCloudStackClient({
    apiUrl: `${ORIGIN}${API_PATH}`,
    apiKey: API_KEY,
    secretKey: SECRET_KEY,
    timeoutMs: 2000,
    asyncTimeoutMs: 5000,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    poll: { initialDelayMs: 1, maxDelayMs: 2, factor: 1.5 },
    ...overrides,
  });
}

export function cloudstack() {
  return nock(ORIGIN);
}

/** The parameters of a request as CloudStack reads them (GET query or POST form). */
export function parseForm(form: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(form));
}

export function queryOf(uri: string): Record<string, string> {
  return parseForm(uri.split('?')[1] ?? '');
}

/** What CloudStack's ApiServer.verifyRequest checks: the signature matches every other parameter. */
export function hasValidSignature(params: Record<string, string>): boolean {
  const { signature, ...rest } = params;
  return signature !== undefined && computeSignature(rest, SECRET_KEY) === signature;
}

export function errorBody(command: string, errorcode: number, errortext: string, cserrorcode = 4350) {
  return { [`${command.toLowerCase()}response`]: { uuidList: [], errorcode, cserrorcode, errortext } };
}

/** What Node raises when the peer drops the connection (nock needs a real Error to pass it through). */
export function connectionReset(): Error {
  return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
}
