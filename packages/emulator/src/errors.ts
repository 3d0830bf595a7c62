import { randomHex } from './random.js';

/** errmsg texts as the platform writes them (the part before the `rid:` suffix). */
const ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest, could get access_token by getStableAccessToken',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40004: 'invalid media type',
  40005: 'invalid file type',
  40006: 'invalid file size',
  40007: 'invalid media_id',
  40008: 'invalid message type',
  40009: 'invalid image size',
  40013: 'invalid appid',
  40014: 'invalid access_token',
  40097: 'invalid args',
  40125: 'invalid appsecret',
  41001: 'access_token missing',
  41005: 'media data missing',
  42001: 'access_token expired',
  43001: 'require GET method',
  43002: 'require POST method',
  44001: 'empty media data',
  44002: 'empty post data',
  44003: 'empty news data',
  44004: 'empty content',
  45001: 'media size out of limit',
  45002: 'content size out of limit',
  45003: 'title size out of limit',
  45004: 'description size out of limit',
  45008: 'article size out of limit',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
  45028: 'has no masssend quota',
  // Unconfirmed English texts: the code list gives these in Chinese only.
  45065: 'clientmsgid exist',
  45066: 'same clientmsgid retry too fast',
  45067: 'clientmsgid size out of limit',
  45110: 'author size out of limit',
  47001: 'data format error',
  48001: 'api unauthorized',
};

/** A failure answered as the platform does: HTTP 200 with `{errcode, errmsg}`. */
export class ApiError extends Error {
  constructor(
    readonly errcode: number,
    /** Replaces the standard errmsg text (the rid suffix is added anyway). */
    readonly text?: string,
    /** Why, in plain words, for the request log and state (never in the answer, which stays faithful). */
    readonly detail?: string,
    /** More fields of the answer, after errcode and errmsg (45065 names the existing send). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(text ?? ERRMSG[errcode] ?? `error ${errcode}`);
  }
}

/**
 * The newer trace suffix: `rid: 68aeab12-21ea79c4-3a4424f0`. The first group is the time in hex,
 * as in real answers; the rest is random.
 */
function rid(nowMs: number): string {
  const time = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0')
    .slice(-8);
  return `${time}-${randomHex(8)}-${randomHex(8)}`;
}

export function errorBody(
  errcode: number,
  nowMs: number,
  text?: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { errcode, errmsg: `${text ?? ERRMSG[errcode] ?? `error ${errcode}`} rid: ${rid(nowMs)}`, ...extra };
}
