/** The `{ offset, count, no_content }` body that draft/batchget and freepublish/batchget share. */
import { WeixinConfigError } from '../errors.js';
import type { ListOptions } from '../types.js';

/** WeChat lists at most 20 items a page. */
const PAGE_MAX = 20;

export function listBody(
  call: string,
  options: ListOptions = {},
): { offset: number; count: number; no_content: 0 | 1 } {
  const offset = options.offset ?? 0;
  const count = options.count ?? PAGE_MAX;
  if (!Number.isInteger(offset) || offset < 0)
    throw new WeixinConfigError(`${call}: offset must be a whole number of at least 0, not ${offset}`, { call });
  if (!Number.isInteger(count) || count < 1 || count > PAGE_MAX)
    throw new WeixinConfigError(`${call}: count must be 1 to ${PAGE_MAX}, not ${count}`, { call });
  return { offset, count, no_content: options.noContent ? 1 : 0 };
}
