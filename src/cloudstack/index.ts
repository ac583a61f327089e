/** The CloudStack client's public surface: the client factory, its contract, and the errors it throws. */
export { createCloudStackClient, listItems, listPages, PAGE_SIZE, DEFAULT_MAX_ITEMS } from './client.js';
export type { CloudStackClientConfig } from './client.js';
export type {
  AsyncCallOptions,
  CallOptions,
  CloudStackApi,
  JobOutcome,
  JobProgress,
  JsonObject,
  ListPage,
} from './api.js';
export {
  CloudStackApiError,
  CloudStackError,
  CloudStackJobError,
  CloudStackTransportError,
  JobAbortedError,
  JobCancelledError,
  JobTimeoutError,
  isCloudStackError,
  retryAfterMs,
} from './errors.js';
export type { CloudStackErrorCode, TransportFailure } from './errors.js';
export { classifyFailure, type FailureVerdict } from './classify.js';
export { DEFAULT_POLL, pollDelayMs, type PollSchedule } from './jobs.js';
export { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
export { catalogSource, commandFamilies, commandSpec, isReadCommand, knownCommands } from './catalog.js';
export type { CommandSpec, ParamType } from './catalog.js';
export type { CloudStackParams } from './params.js';
