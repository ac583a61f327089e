/**
 * A hand-made CloudStackApi test double: records every call and answers from a per-command script.
 * Unknown commands fail loudly so no test passes by accident.
 */
import type { AsyncCallOptions, CallOptions, CloudStackApi, JobOutcome, JsonObject, ListPage } from '../../../src/cloudstack/api.js';
import type { CloudStackParams } from '../../../src/cloudstack/params.js';

export interface RecordedCall {
  readonly kind: 'call' | 'list' | 'listAll' | 'callAsync' | 'waitForJob';
  readonly command: string;
  readonly params: CloudStackParams;
}

type Answer = JsonObject | ((params: CloudStackParams, options?: AsyncCallOptions) => JsonObject | Promise<JsonObject>);

export interface FakeApi extends CloudStackApi {
  readonly calls: RecordedCall[];
}

export function fakeApi(answers: Record<string, Answer>): FakeApi {
  const calls: RecordedCall[] = [];
  const answer = async (command: string, params: CloudStackParams, options?: AsyncCallOptions): Promise<JsonObject> => {
    const scripted = answers[command];
    if (!scripted) throw new Error(`fake api: no answer scripted for ${command}`);
    return typeof scripted === 'function' ? scripted(params, options) : scripted;
  };
  return {
    calls,
    async call(command, params = {}, _options?: CallOptions) {
      calls.push({ kind: 'call', command, params });
      return answer(command, params);
    },
    async list(command, params = {}): Promise<ListPage> {
      calls.push({ kind: 'list', command, params });
      const page = await answer(command, params);
      return { count: Number(page.count ?? 0), items: (page.items as JsonObject[] | undefined) ?? [] };
    },
    async listAll(command, params = {}): Promise<ListPage> {
      calls.push({ kind: 'listAll', command, params });
      const page = await answer(command, params);
      return { count: Number(page.count ?? 0), items: (page.items as JsonObject[] | undefined) ?? [] };
    },
    async callAsync(command, params = {}, options?: AsyncCallOptions): Promise<JobOutcome> {
      calls.push({ kind: 'callAsync', command, params });
      const result = await answer(command, params, options);
      return { jobId: 'job-1', accepted: { jobid: 'job-1' }, result, polls: 2, elapsedMs: 1200 };
    },
    async waitForJob(jobId) {
      calls.push({ kind: 'waitForJob', command: jobId, params: {} });
      throw new Error('fake api: waitForJob not scripted');
    },
  };
}
