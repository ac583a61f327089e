/**
 * CloudStack's response envelope: `{"<command lower case>response": {...}}` for successes and errors alike,
 * the HTTP status equal to `errorcode`, and `cserrorcode` naming the Java exception class family.
 */
import { formatExpires } from '../cloudstack/signer.js';

export type Json = Record<string, unknown>;

/**
 * `cserrorcode`: CloudStack's CSExceptionErrorCode number of the Java exception behind each `errorcode`
 * (4250 CloudRuntimeException, 4325 InsufficientCapacityException, 4350 InvalidParameterValueException,
 * 4360 NetworkRuleConflictException, 4365 PermissionDeniedException, 4370 ResourceAllocationException,
 * 4375 ResourceInUseException, 4380 ResourceUnavailableException; 9999 a ServerApiException on its own).
 */
const CS_ERROR_CODES: Readonly<Record<number, number>> = {
  401: 9999,
  405: 9999,
  430: 4350,
  431: 4350,
  432: 9999,
  530: 4250,
  531: 4365,
  532: 4370,
  533: 4325,
  534: 4380,
  536: 4375,
  537: 4360,
};

/** ServerApiException's own number, for errors CloudStack raises as a ServerApiException rather than from an exception. */
export const SERVER_API_EXCEPTION = 9999;

/** An error CloudStack would answer with: the code is both `errorcode` and the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly text: string,
    /** When the exception behind it is not the one usual for `code` (see CS_ERROR_CODES). */
    readonly csErrorCode?: number,
  ) {
    super(text);
    this.name = 'ApiError';
  }
}

export const AUTH_FAILED = 'unable to verify user credentials and/or request signature';
export const NOT_AVAILABLE = 'The given command does not exist or it is not available for the user';

export function authError(): ApiError {
  return new ApiError(401, AUTH_FAILED);
}

export function responseKey(command: string): string {
  return `${command.toLowerCase()}response`;
}

export function errorBody(command: string, error: ApiError): Json {
  return {
    [responseKey(command || 'error')]: {
      uuidList: [],
      errorcode: error.code,
      cserrorcode: error.csErrorCode ?? CS_ERROR_CODES[error.code] ?? SERVER_API_EXCEPTION,
      errortext: error.text,
    },
  };
}

/** `2026-11-24T16:35:11+0000`: how CloudStack formats every date in a response. */
export function csDate(date: Date): string {
  return formatExpires(date);
}

/** CloudStack's serializer drops null fields; undefined ones never reach JSON anyway. */
export function withoutNulls<T extends Json>(object: T): T {
  const out: Json = {};
  for (const [key, value] of Object.entries(object)) if (value !== null && value !== undefined) out[key] = value;
  return out as T;
}

export function missingParameter(command: string, name: string): ApiError {
  return new ApiError(431, `Unable to execute API command ${command.toLowerCase()} due to missing parameter ${name}`);
}

/** The text CloudStack gives both for a malformed id and for an id no entity has. */
export function invalidId(command: string, name: string, value: string): ApiError {
  return new ApiError(
    431,
    `Unable to execute API command ${command.toLowerCase()} due to invalid value. Invalid parameter ${name} value=${value} ` +
      'due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.',
  );
}

export function invalidInteger(command: string, name: string, value: string): ApiError {
  return new ApiError(
    431,
    `Unable to execute API command ${command.toLowerCase()} due to invalid value ${value} for parameter ${name}`,
  );
}
