/**
 * List responses and paging as the management server shapes them: `page` and `pagesize` go together (except
 * `pagesize=-1`, meaning everything), pagesize is capped by `default.page.size` (500), `count` is the number
 * of matches — not the page length — and an empty result is `{}` with neither `count` nor the array.
 */
import { CLOUDSTACK_PAGE_SIZE } from '../cloudstack/catalog.js';
import { ApiError, SERVER_API_EXCEPTION } from './protocol.js';
import type { CommandContext } from './context.js';
import { integer } from './context.js';

export const DEFAULT_PAGE_SIZE = CLOUDSTACK_PAGE_SIZE;

export interface PageWindow { readonly start: number; readonly size: number }

/**
 * The management server's checks and texts (BaseListCmd): `page` and `pagesize` must come together, raised
 * as ServerApiException; a `pagesize` above the maximum, or `page` with `pagesize=-1`, as
 * InvalidParameterValueException. Page sizes below -1 or of 0 are refused here too (CloudStack would run a
 * query with a nonsensical limit).
 */
function pageWindow(ctx: CommandContext): PageWindow {
  const page = integer(ctx, 'page');
  const pageSize = integer(ctx, 'pagesize');
  if (page === undefined && pageSize !== undefined && pageSize !== -1) {
    throw new ApiError(431, '"page" parameter is required when "pagesize" is specified', SERVER_API_EXCEPTION);
  }
  if (pageSize === undefined && page !== undefined) {
    throw new ApiError(431, '"pagesize" parameter is required when "page" is specified', SERVER_API_EXCEPTION);
  }
  if (pageSize !== undefined && pageSize > DEFAULT_PAGE_SIZE) {
    throw new ApiError(431, `Page size can't exceed max allowed page size value: ${DEFAULT_PAGE_SIZE}`);
  }
  if (pageSize === -1 && page !== undefined) throw new ApiError(431, "Can't specify page parameter when pagesize is -1 (Unlimited)");
  if (pageSize === -1) return { start: 0, size: Number.POSITIVE_INFINITY };
  if (page === undefined || pageSize === undefined) return { start: 0, size: DEFAULT_PAGE_SIZE };
  if (pageSize < 1) throw new ApiError(431, `Invalid page size ${pageSize}: use 1 to ${DEFAULT_PAGE_SIZE}, or -1 for all`);
  // BaseListCmd.getStartIndex: a page below 1 starts at the beginning.
  return { start: page > 0 ? (page - 1) * pageSize : 0, size: pageSize };
}

/** `{count, <listKey>: [...]}` for one page of the matches, or `{}` when nothing matches. */
export function listResponse(ctx: CommandContext, listKey: string, items: readonly Record<string, unknown>[]): Record<string, unknown> {
  const { start, size } = pageWindow(ctx);
  if (items.length === 0) return {};
  const page = items.slice(start, start + size);
  return page.length === 0 ? { count: items.length } : { count: items.length, [listKey]: page };
}
