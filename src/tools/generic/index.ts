/** The generic pair over every CloudStack command (search_cloudstack_api, call_cloudstack_api). */
import type { ToolDefinition } from '../types.js';
import { CALL_TOOL } from './call.js';
import { SEARCH_TOOL } from './search.js';

export const GENERIC_TOOLS: readonly ToolDefinition[] = [SEARCH_TOOL, CALL_TOOL];
