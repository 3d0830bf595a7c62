/**
 * One HTTP exchange with WeChat: send, time out, read the body, and turn whatever comes back into
 * a parsed answer or a typed error. WeChat answers errors with HTTP 200 and a JSON errcode, labels
 * JSON `application/json; encoding=utf-8` or `text/plain`, so the body is parsed whatever the
 * content type says.
 */
import type { Dispatcher } from 'undici';
import { WeixinApiError, WeixinHttpError, errorCode, sanitizeCause } from './errors.js';
import { hintFor, parseIp, parseRid } from './hints.js';

export interface Exchange {
  call: string;
  method: 'GET' | 'POST';
  /** The full URL, token included: never logged or put in an error unredacted. */
  url: string;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  timeoutMs: number;
  /** Whether the call may be repeated; decides `maybeCommitted` on failures after sending. */
  safe: boolean;
}

export interface TransportOptions {
  fetch: typeof globalThis.fetch;
  dispatcher?: Dispatcher;
  redact: (text: string) => string;
  now: () => number;
  debug: (message: string) => void;
}

/** Failures raised before the request left this machine: repeating them can duplicate nothing. */
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const SENT_HINT =
  'The request was sent before the failure, so WeChat may have done it: check the draft box or the material list before running it again, or a duplicate may be created.';

export type Answer = Record<string, unknown>;

/** What came back over HTTP, before it is read as an answer. */
interface Received {
  status: number;
  statusText: string;
  contentType: string;
  text: string;
}

export async function exchange(request: Exchange, options: TransportOptions): Promise<Answer> {
  const { call } = request;
  const redact = options.redact;
  const maybe = !request.safe;
  const path = redact(new URL(request.url).pathname);
  const started = options.now();
  options.debug(`${request.method} ${redact(request.url)}`);
  const { status, statusText, contentType, text } = await send(request, options);
  options.debug(`${status} ${path} (${options.now() - started} ms)`);

  const answer = parseAnswer(text);
  const errcode = answer ? Number(answer['errcode'] ?? 0) : 0;
  if (answer && errcode !== 0 && Number.isFinite(errcode)) throw apiError(answer, errcode, request, options);
  const snippet = redact(text.slice(0, 200));
  if (status < 200 || status >= 300) {
    const transient = status >= 500 || status === 429;
    throw new WeixinHttpError(`${call}: HTTP ${status}${statusText ? ` ${statusText}` : ''}`, {
      kind: 'status',
      call,
      status,
      body: snippet,
      maybeCommitted: transient && maybe,
      hint: transient
        ? `WeChat (or a proxy in between) failed with HTTP ${status}; try again later.${maybe ? ` ${SENT_HINT}` : ''}`
        : `HTTP ${status} is not a WeChat answer: check baseUrl (${redact(new URL(request.url).origin)}) and any proxy.`,
    });
  }
  if (!answer) {
    throw new WeixinHttpError(
      `${call}: the answer is not a JSON object (HTTP ${status}${contentType ? `, ${contentType}` : ''})`,
      {
        kind: 'malformed',
        call,
        status,
        body: snippet,
        maybeCommitted: maybe,
        hint: `Something other than WeChat may be answering (a proxy, a captive portal), or the answer was cut short.${maybe ? ` ${SENT_HINT}` : ''}`,
      },
    );
  }
  return answer;
}

/** Sends the request and reads the whole body, within the timeout; a failure becomes a typed error. */
async function send(request: Exchange, options: TransportOptions): Promise<Received> {
  // A plain timer (not AbortSignal.timeout) so a test clock can drive it.
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException(`no answer within ${request.timeoutMs} ms`, 'TimeoutError')),
    request.timeoutMs,
  );
  try {
    const init: RequestInit & { dispatcher?: Dispatcher } = {
      method: request.method,
      headers: request.headers ?? {},
      signal: controller.signal,
      redirect: 'error',
    };
    if (request.body !== undefined) init.body = request.body as BodyInit;
    if (options.dispatcher) init.dispatcher = options.dispatcher;
    const response = await options.fetch(request.url, init as RequestInit);
    return {
      status: response.status,
      statusText: response.statusText,
      contentType: response.headers.get('content-type') ?? '',
      text: new TextDecoder().decode(await response.arrayBuffer()),
    };
  } catch (error) {
    throw transportError(controller.signal.aborted ? controller.signal.reason : error, request, options);
  } finally {
    clearTimeout(timer);
  }
}

/** The body as a JSON object, whatever the content type says; undefined when it is not one. */
function parseAnswer(text: string): Answer | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Answer) : undefined;
}

/** An answer with a non-zero errcode, as an error carrying advice, the trace id and the caller's IP. */
function apiError(answer: Answer, errcode: number, request: Exchange, options: TransportOptions): WeixinApiError {
  const { call } = request;
  const maybe = !request.safe;
  const errmsg = options.redact(String(answer['errmsg'] ?? ''));
  const redacted = redactAnswer(answer, options.redact);
  const hint = hintFor(errcode, { call, errmsg, now: options.now(), answer: redacted });
  const rid = parseRid(errmsg);
  const ip = errcode === 40164 ? parseIp(errmsg) : undefined;
  return new WeixinApiError({
    errcode,
    errmsg,
    call,
    answer: redacted,
    // -1 (system busy) gives no promise that nothing happened.
    maybeCommitted: errcode === -1 && maybe,
    ...(hint ? { hint: errcode === -1 && maybe ? `${hint} ${SENT_HINT}` : hint } : {}),
    ...(rid ? { rid } : {}),
    ...(ip ? { ip } : {}),
  });
}

/** The answer with credentials masked; WeChat's answers are flat JSON, so the text form is safe to mask. */
function redactAnswer(answer: Answer, redact: (text: string) => string): Answer {
  try {
    return JSON.parse(redact(JSON.stringify(answer))) as Answer;
  } catch {
    return { errcode: answer['errcode'], errmsg: redact(String(answer['errmsg'] ?? '')) };
  }
}

function transportError(error: unknown, request: Exchange, options: TransportOptions): WeixinHttpError {
  const { call } = request;
  const code = errorCode(error);
  const cause = sanitizeCause(error, options.redact);
  const name = (error as { name?: string } | undefined)?.name;
  const origin = options.redact(new URL(request.url).origin);
  const maybe = !request.safe;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new WeixinHttpError(`${call}: no answer from ${origin} within ${request.timeoutMs} ms`, {
      kind: 'timeout',
      call,
      cause,
      maybeCommitted: maybe,
      hint: `WeChat did not answer in time; raise timeoutMs for slow networks.${maybe ? ` ${SENT_HINT}` : ''}`,
      ...(code ? { code } : {}),
    });
  }
  if (code && CONNECT_CODES.has(code)) {
    return new WeixinHttpError(`${call}: could not connect to ${origin} (${code})`, {
      kind: 'connect',
      call,
      code,
      cause,
      hint: 'Nothing was sent. Check the network, the baseUrl and the proxy settings.',
    });
  }
  return new WeixinHttpError(
    `${call}: the connection to ${origin} failed${code ? ` (${code})` : ''}: ${cause.message}`,
    {
      kind: 'network',
      call,
      cause,
      maybeCommitted: maybe,
      hint: `The connection dropped.${maybe ? ` ${SENT_HINT}` : ' Safe calls are retried with backoff.'}`,
      ...(code ? { code } : {}),
    },
  );
}

export type RetryClass = 'before-send' | 'after-send' | 'rate-limit' | undefined;

/** How a failure may be retried: always (nothing sent), only for safe calls, after the minute quota, or not at all. */
export function retryClass(error: unknown): RetryClass {
  if (error instanceof WeixinApiError) {
    if (error.errcode === -1) return 'after-send';
    if (error.errcode === 45011) return 'rate-limit';
    return undefined;
  }
  if (error instanceof WeixinHttpError) {
    switch (error.kind) {
      case 'connect':
        return 'before-send';
      case 'timeout':
      case 'network':
      case 'malformed':
        return 'after-send';
      case 'status':
        return error.status !== undefined && (error.status >= 500 || error.status === 429) ? 'after-send' : undefined;
    }
  }
  return undefined;
}
