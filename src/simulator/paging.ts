/**
 * List responses and paging as the management server shapes them: `page` and `pagesize` go together (except
 * `pagesize=-1`, meaning everything), pagesize is capped by `default.page.size` (500), `count` is the number
 * of matches — not the page length — and an empty result is `{}` with neither `count` nor the array.
 */
import { ApiError } from './protocol.js';
import type { CommandContext } from './context.js';
import { integer, param } from './context.js';

export const DEFAULT_PAGE_SIZE = 500;

export interface PageWindow { readonly start: number; readonly size: number }

export function pageWindow(ctx: CommandContext): PageWindow {
  const page = integer(ctx, 'page');
  const pageSize = integer(ctx, 'pagesize');
  const command = ctx.command.toLowerCase();
  if (pageSize === -1 && page === undefined) return { start: 0, size: Number.POSITIVE_INFINITY };
  if (page === undefined && pageSize === undefined) return { start: 0, size: DEFAULT_PAGE_SIZE };
  if (page === undefined || pageSize === undefined) {
    throw new ApiError(431, `Unable to execute API command ${command} due to invalid value. "page" and "pagesize" parameters must be specified together`);
  }
  if (pageSize < 1 || pageSize > DEFAULT_PAGE_SIZE) {
    throw new ApiError(431, `Unable to execute API command ${command} due to invalid value. Page size can't exceed max allowed page size value: ${DEFAULT_PAGE_SIZE}`);
  }
  if (page < 1) throw new ApiError(431, `Unable to execute API command ${command} due to invalid value. Invalid page value: ${param(ctx, 'page')}`);
  return { start: (page - 1) * pageSize, size: pageSize };
}

/** `{count, <listKey>: [...]}` for one page of the matches, or `{}` when nothing matches. */
export function listResponse(ctx: CommandContext, listKey: string, items: readonly Record<string, unknown>[]): Record<string, unknown> {
  const { start, size } = pageWindow(ctx);
  if (items.length === 0) return {};
  const page = items.slice(start, start + size);
  return page.length === 0 ? { count: items.length } : { count: items.length, [listKey]: page };
}
