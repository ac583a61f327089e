/** The operator's everyday families beyond the first 47 tools: discovery, undo and clean-up, new resource families. */
import type { ToolDefinition } from '../types.js';

export const FAMILY_TOOLS: readonly ToolDefinition[] = [];
