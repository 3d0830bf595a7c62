import { quotaDay, type EmulatorClock } from '../clock.js';
import { ApiError } from '../errors.js';
import type { Fault } from '../faults.js';
import type { Limits } from '../limits.js';
import type { Store, TokenRecord } from '../store.js';
import type { TokenService } from '../token-service.js';

/** What a handler gets: the request, already read, and the caller's token for protected calls. */
export interface CallContext {
  query: URLSearchParams;
  body: Buffer;
  contentType: string | undefined;
  ip: string;
  token: TokenRecord | undefined;
  /** The faults that fired on this call (handlers act on `publish-status`). */
  faults: Fault[];
}

export interface ApiEnv {
  store: Store;
  clock: EmulatorClock;
  limits: Limits;
  tokens: TokenService;
  /** The origin that issued image URLs point at (the emulator itself, so previews load them). */
  baseUrl(): string;
}

type Handler = (ctx: CallContext, env: ApiEnv) => unknown | Promise<unknown>;

export interface Route {
  method: 'GET' | 'POST';
  /** Needs `access_token` (everything except the token calls). */
  auth: boolean;
  handler: Handler;
}

export const seconds = (env: ApiEnv) => Math.floor(env.clock.now() / 1000);
export const appid = (ctx: CallContext) => ctx.token!.appid;

/** JSON body as the platform reads it: empty is 44002, unparsable or not an object is 47001. */
export function jsonBody(ctx: CallContext): Record<string, unknown> {
  const text = ctx.body.toString('utf8');
  if (text.trim() === '') throw new ApiError(44002, 'empty post data', 'the request body is empty');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ApiError(47001, undefined, `the body is not JSON: ${(error as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new ApiError(47001, undefined, 'the body must be a JSON object');
  return value as Record<string, unknown>;
}

export function integer(value: unknown, field: string): number {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 0)
    throw new ApiError(47001, undefined, `${field} must be a non-negative integer`);
  return number;
}

/** `{offset, count}` of the batchget calls: count 1..20, else 40097. */
export function batchRange(body: Record<string, unknown>): { offset: number; count: number } {
  const offset = integer(body.offset ?? 0, 'offset');
  const count = integer(body.count, 'count');
  if (count < 1 || count > 20) throw new ApiError(40097, undefined, `count ${count}: must be 1 to 20`);
  return { offset, count };
}

export function quota(ctx: CallContext, env: ApiEnv, name: string, max: number, errcode: number): void {
  if (!env.store.take(`${appid(ctx)}|${name}|${quotaDay(env.clock.now())}`, max)) {
    throw new ApiError(errcode, undefined, `${name} is limited to ${max} a day on the emulator`);
  }
}

/** Numeric ids (publish_id, msg_id, msg_data_id): a base plus a counter, unique in one emulator. */
export const nextNumber = (env: ApiEnv, base: number) => base + env.store.nextNumber++;
