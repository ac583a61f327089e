/**
 * The rules a setting's text is read with (zod, over the raw text of an environment variable or a flag).
 * A rule never sees a missing value for a setting with a default: the default's own text is parsed instead, so a
 * default is written once, in the form an operator would write it.
 */
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';

export const bool = () => z.enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' }).transform((value) => ['true', '1', 'yes'].includes(value));

const DURATION_UNITS_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
/** Below this a bare number is far more likely seconds written without a unit than milliseconds meant. */
const SMALLEST_BARE_TIMEOUT_MS = 1_000;

/**
 * A duration: `30s`, `2m`, `500ms`, `1h`, or a bare number of milliseconds. A bare number below 1000 is refused
 * with the unit to add: `CLOUDSTACK_TIMEOUT=30` means 30 seconds in other CloudStack tools, and 30 ms here would
 * time out every request.
 */
export const duration = (smallestBareMs = SMALLEST_BARE_TIMEOUT_MS) =>
  z
    .string()
    .transform((value, context) => {
      const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(value);
      if (!match) {
        context.addIssue({ code: 'custom', message: 'must be a duration such as 30s, 2m or 500ms (a bare number is milliseconds)' });
        return z.NEVER;
      }
      const amount = Number(match[1]);
      const unit = match[2]?.toLowerCase() as keyof typeof DURATION_UNITS_MS | undefined;
      if (unit === undefined && amount < smallestBareMs) {
        context.addIssue({
          code: 'custom',
          message: `is ${amount} without a unit, which would mean ${amount} ms: write ${amount}s for seconds (or ${amount}ms if milliseconds are meant)`,
        });
        return z.NEVER;
      }
      return Math.round(amount * DURATION_UNITS_MS[unit ?? 'ms']);
    })
    .refine((value) => value > 0, 'must be greater than 0');

export const positiveCount = (what: string, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number of ${what}`)
    .transform(Number)
    .refine((value) => value > 0 && value <= max, `must be between 1 and ${max}`);

export const port = () =>
  z
    .string()
    .regex(/^\d+$/, 'must be a port number 0-65535')
    .transform(Number)
    .refine((value) => value <= 65535, 'must be a port number 0-65535');

export function isReadableFile(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The audit log is appended to: its directory must exist and, if the file exists, it must be writable. */
function isAppendablePath(path: string): boolean {
  try {
    accessSync(existsSync(path) ? path : dirname(resolve(path)), constants.W_OK);
    return !existsSync(path) || !statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export const readableFile = () => z.string().min(1, 'must not be empty').refine(isReadableFile, 'must name a readable file');

export const appendableFile = () => z.string().min(1).refine(isAppendablePath, 'must name a file we can append to (its directory must exist)');

/** A CA file that holds no PEM certificate (a DER file, a key, the wrong file) would fail every request later. */
function holdsPemCertificate(path: string): boolean {
  try {
    return readFileSync(path, 'latin1').includes('-----BEGIN CERTIFICATE-----');
  } catch {
    return false;
  }
}

export const caFile = () =>
  readableFile().refine(
    holdsPemCertificate,
    'must be a PEM file with at least one certificate (-----BEGIN CERTIFICATE-----); convert a DER file with openssl x509 -inform der',
  );

export const httpUrl = () =>
  z.string().refine((value) => {
    try {
      return /^https?:$/.test(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'must be an http(s) URL such as https://cloud.example.com/client/api');

export const nonEmpty = () => z.string().min(1, 'must not be empty');
