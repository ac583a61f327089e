/** Tools that follow CloudStack jobs started by other calls. */
import type { ToolDefinition } from '../types.js';
import { WAIT_FOR_JOB } from './wait-for-job.js';

export const JOB_TOOLS: readonly ToolDefinition[] = [WAIT_FOR_JOB];
