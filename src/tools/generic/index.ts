/** The generic pair over every CloudStack command (search_cloudstack_api, call_cloudstack_api). */
import type { ToolDefinition } from '../types.js';

export const GENERIC_TOOLS: readonly ToolDefinition[] = [];
