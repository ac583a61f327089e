/**
 * Fault injection for resilience tests and benchmarks, off by default. Random shares are drawn from the
 * simulator's seed, so a run is reproducible; the `failNext*` counters give exact, order-based control.
 */
import { seededRandom } from './ids.js';

export interface FaultSettings {
  /** Extra delay before every API answer. */
  latencyMs: number;
  /** Share (0..1) of requests answered with a server error instead of being executed. */
  errorRate: number;
  /** `cloudstack`: CloudStack's own 530 JSON error; `proxy`: a raw 503 HTML page as from a load balancer. */
  errorStyle: 'cloudstack' | 'proxy';
  /** Share of requests answered with a malformed body (truncated JSON or an HTML page with status 200). */
  malformedRate: number;
  /** Share of async jobs that fail (jobstatus 2, 530). */
  jobFailureRate: number;
  /** Share of async jobs that never finish. */
  hangingJobRate: number;
  /** The next N requests get a server error, whatever the rates. */
  failNextRequests: number;
  /** The next N jobs fail, whatever the rates. */
  failNextJobs: number;
  /** The server's clock runs this far ahead: signatures expiring sooner are refused with 401. */
  clockSkewMs: number;
}

const NO_FAULTS: Readonly<FaultSettings> = {
  latencyMs: 0, errorRate: 0, errorStyle: 'cloudstack', malformedRate: 0, jobFailureRate: 0,
  hangingJobRate: 0, failNextRequests: 0, failNextJobs: 0, clockSkewMs: 0,
};

export type RequestFault = 'error' | 'malformed-json' | 'malformed-html' | undefined;

export class FaultInjector {
  private current: FaultSettings;
  private readonly random: () => number;

  constructor(seed: number, initial: Partial<FaultSettings> = {}) {
    this.random = seededRandom(seed ^ 0xfa17);
    this.current = { ...NO_FAULTS, ...initial };
  }

  get settings(): Readonly<FaultSettings> {
    return this.current;
  }

  set(settings: Partial<FaultSettings>): void {
    this.current = { ...this.current, ...settings };
  }

  requestFault(): RequestFault {
    if (this.current.failNextRequests > 0) {
      this.current.failNextRequests -= 1;
      return 'error';
    }
    if (this.current.errorRate > 0 && this.random() < this.current.errorRate) return 'error';
    if (this.current.malformedRate > 0 && this.random() < this.current.malformedRate) {
      return this.random() < 0.5 ? 'malformed-json' : 'malformed-html';
    }
    return undefined;
  }

  jobFault(): 'fail' | 'hang' | undefined {
    if (this.current.failNextJobs > 0) {
      this.current.failNextJobs -= 1;
      return 'fail';
    }
    if (this.current.jobFailureRate > 0 && this.random() < this.current.jobFailureRate) return 'fail';
    if (this.current.hangingJobRate > 0 && this.random() < this.current.hangingJobRate) return 'hang';
    return undefined;
  }
}

/** Validates settings arriving over the control API or the CLI: numbers in range, nothing else. */
export function parseFaultSettings(input: unknown): Partial<FaultSettings> {
  if (typeof input !== 'object' || input === null) throw new Error('fault settings must be a JSON object');
  const out: Partial<FaultSettings> = {};
  for (const [name, value] of Object.entries(input)) {
    if (!(name in NO_FAULTS)) throw new Error(`unknown fault setting ${name}`);
    if (name === 'errorStyle') {
      if (value !== 'cloudstack' && value !== 'proxy') throw new Error('errorStyle must be "cloudstack" or "proxy"');
      out.errorStyle = value;
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number`);
    if (name.endsWith('Rate') && value > 1) throw new Error(`${name} must be between 0 and 1`);
    (out as Record<string, number>)[name] = value;
  }
  return out;
}
