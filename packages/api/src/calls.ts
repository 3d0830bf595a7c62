/**
 * The calls this client makes, named by their path under /cgi-bin/, and whether repeating one
 * after an unclear failure (timeout, dropped connection, 5xx, garbled answer, errcode -1) is safe.
 *
 * Safe: token calls, reads, and image/thumb uploads (a repeat at worst stores the same picture
 * twice). Not safe: anything that creates a message, a draft or a publication, or sends to
 * followers — a repeat could make a duplicate, so those fail with `maybeCommitted` instead.
 */
export const CALL_SAFETY = {
  stable_token: true,
  token: true,
  'media/uploadimg': true,
  'media/upload': true,
  'material/add_material': true,
  'draft/get': true,
  'draft/count': true,
  'freepublish/get': true,
  'draft/batchget': true,
  'freepublish/batchget': true,
  'message/mass/get': true,
  'media/uploadnews': false,
  'draft/add': false,
  'draft/update': false,
  'draft/delete': false,
  'freepublish/submit': false,
  'message/mass/preview': false,
  'message/mass/sendall': false,
} as const satisfies Record<string, boolean>;

export type WeixinCall = keyof typeof CALL_SAFETY;

/** True when a call may be repeated after a transient failure. Unknown calls are not safe. */
export function isSafeToRetry(call: string): boolean {
  return (CALL_SAFETY as Record<string, boolean>)[call] === true;
}

/** Calls that fetch the token itself: their 40001 means a wrong secret, not a stale token. */
export function isTokenCall(call: string): boolean {
  return call === 'stable_token' || call === 'token';
}
