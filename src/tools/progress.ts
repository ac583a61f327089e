/**
 * Forwards CloudStack job progress to the MCP client as `notifications/progress`, only when the request asked
 * for it with `_meta.progressToken`. `progress` is the poll count, which only grows, as the spec requires.
 */
import type { JobProgress } from '../cloudstack/api.js';
import type { Logger } from '../logger.js';

export type ProgressToken = string | number;
type SendProgress = (notification: {
  method: 'notifications/progress';
  params: { progressToken: ProgressToken; progress: number; message: string };
}) => Promise<void>;

export function progressReporter(token: ProgressToken | undefined, send: SendProgress, logger: Logger): (progress: JobProgress) => void {
  return (progress) => {
    if (token === undefined) return;
    const seconds = (progress.elapsedMs / 1000).toFixed(1);
    const checks = progress.polls === 1 ? '1 check' : `${progress.polls} checks`;
    const message = `job ${progress.jobId} still running in CloudStack after ${seconds} s (${checks})`;
    send({ method: 'notifications/progress', params: { progressToken: token, progress: progress.polls, message } }).catch((error: unknown) =>
      logger.debug('progress not sent', { error: String(error) }),
    );
  };
}
