/**
 * Error classes. Every field is redacted when the error is made, and `cause` is a sanitized copy
 * (never the raw fetch error, whose properties could carry a URL with the token), so printing an
 * error any way (String, JSON.stringify, util.inspect at any depth) shows no credential.
 */
import { inspect } from 'node:util';

/** A plain Error copy of a low-level failure: name, redacted message and code only. */
export function sanitizeCause(error: unknown, redact: (text: string) => string): Error & { code?: string } {
  const source = error as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown } | undefined;
  const code = errorCode(error);
  const message = innermostMessage(error);
  const copy = new Error(redact(message)) as Error & { code?: string };
  copy.name = typeof source?.name === 'string' ? source.name : 'Error';
  if (code) copy.code = code;
  // The copy's own stack points here and holds only the redacted message.
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}

/** fetch wraps the useful message ('other side closed', 'connect ECONNREFUSED …') in causes under 'fetch failed'. */
function innermostMessage(error: unknown): string {
  let current = error as { message?: unknown; cause?: unknown } | undefined;
  let found = typeof current?.message === 'string' ? current.message : String(error);
  for (let depth = 0; current && depth < 5; depth += 1) {
    if (typeof current.message === 'string' && current.message) found = current.message;
    current = current.cause as typeof current;
  }
  return found;
}

/** The most specific error code in a fetch failure chain (ECONNRESET, UND_ERR_SOCKET, …). */
export function errorCode(error: unknown): string | undefined {
  let current = error as { code?: unknown; cause?: unknown } | undefined;
  let found: string | undefined;
  for (let depth = 0; current && depth < 5; depth += 1) {
    if (typeof current.code === 'string') found = current.code;
    current = current.cause as typeof current;
  }
  return found;
}

export class WeixinError extends Error {
  static {
    // On the prototype, not an own field: the stack header and Object.entries stay clean.
    WeixinError.prototype.name = 'WeixinError';
  }
  /** The API call, named by its path under /cgi-bin/ (`media/uploadnews`). */
  readonly call: string | undefined;
  /** Plain-words advice: what to change. */
  readonly hint: string | undefined;
  /**
   * True when the call creates something (uploadnews, draft/add, freepublish/submit, previews,
   * sendall) and the failure happened after the request was sent: it may have taken effect, so
   * check before running it again.
   */
  readonly maybeCommitted: boolean;

  constructor(
    message: string,
    options: { call?: string; hint?: string; maybeCommitted?: boolean; cause?: Error } = {},
  ) {
    super(message, options.cause ? { cause: options.cause } : undefined);
    this.call = options.call;
    this.hint = options.hint;
    this.maybeCommitted = options.maybeCommitted ?? false;
  }

  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) if (value !== undefined) json[key] = value;
    if (this.cause instanceof Error) {
      const cause = this.cause as Error & { code?: string };
      json['cause'] = { name: cause.name, message: cause.message, ...(cause.code ? { code: cause.code } : {}) };
    }
    return json;
  }

  [inspect.custom](_depth: number, options: object): string {
    const { name: _name, message: _message, ...fields } = this.toJSON();
    return `${this.stack ?? `${this.name}: ${this.message}`} ${inspect(fields, { ...options, depth: 4 })}`;
  }
}

/** WeChat answered with a non-zero errcode. */
export class WeixinApiError extends WeixinError {
  static {
    WeixinApiError.prototype.name = 'WeixinApiError';
  }
  readonly errcode: number;
  /** WeChat's message, with credentials masked. */
  readonly errmsg: string;
  /** The trace id from errmsg's `rid:` or `hint: [...]` suffix; quote it to WeChat support. */
  readonly rid: string | undefined;
  /** For 40164: the address to add to the IP whitelist. */
  readonly ip: string | undefined;
  /** The whole answer, redacted: 45065 carries the msg_id of the send that already went out. */
  readonly answer: Record<string, unknown>;

  constructor(init: {
    errcode: number;
    errmsg: string;
    call: string;
    answer?: Record<string, unknown>;
    hint?: string;
    rid?: string;
    ip?: string;
    maybeCommitted?: boolean;
  }) {
    const suffix = init.maybeCommitted
      ? ' (the request reached WeChat and may have taken effect: check before running it again)'
      : '';
    super(`errcode ${init.errcode}: ${init.errmsg || 'no errmsg'}${suffix}`, init);
    this.errcode = init.errcode;
    this.errmsg = init.errmsg;
    this.rid = init.rid;
    this.ip = init.ip;
    this.answer = init.answer ?? { errcode: init.errcode, errmsg: init.errmsg };
  }
}

export type WeixinHttpErrorKind =
  /** No answer within timeoutMs. */
  | 'timeout'
  /** The connection could not be made: nothing was sent. */
  | 'connect'
  /** The connection dropped after the request was (maybe) sent. */
  | 'network'
  /** An HTTP status other than 2xx with no errcode in the body. */
  | 'status'
  /** The body was not JSON. */
  | 'malformed';

/** The transport failed, or the answer was not a WeChat JSON answer. */
export class WeixinHttpError extends WeixinError {
  static {
    WeixinHttpError.prototype.name = 'WeixinHttpError';
  }
  readonly kind: WeixinHttpErrorKind;
  readonly status: number | undefined;
  /** ECONNRESET, UND_ERR_SOCKET, ECONNREFUSED, … when the failure came with one. */
  readonly code: string | undefined;
  /** The start of the body, redacted, for 'status' and 'malformed'. */
  readonly body: string | undefined;

  constructor(
    message: string,
    init: {
      kind: WeixinHttpErrorKind;
      call: string;
      status?: number;
      code?: string;
      body?: string;
      hint?: string;
      maybeCommitted?: boolean;
      cause?: Error;
    },
  ) {
    const suffix = init.maybeCommitted
      ? ' (the request reached WeChat and may have taken effect: check before running it again)'
      : '';
    super(message + suffix, init);
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.body = init.body;
  }
}

export interface ArticleProblem {
  /** 0-based position in the articles list; -1 for a problem with the list itself. */
  index: number;
  title?: string;
  field: string;
  message: string;
  length?: number;
  limit?: number;
}

/** Articles failed the checks made before sending; lists every problem found. */
export class WeixinValidationError extends WeixinError {
  static {
    WeixinValidationError.prototype.name = 'WeixinValidationError';
  }
  readonly problems: ArticleProblem[];

  constructor(problems: ArticleProblem[], call?: string) {
    const lines = problems.map((p) => `- ${p.message}`);
    super(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in the articles${call ? ` for ${call}` : ''}:\n${lines.join('\n')}`,
      call ? { call } : {},
    );
    this.problems = problems;
  }
}

/** The client was asked for something its options do not allow (sendAll without allowMassSend, no secret). */
export class WeixinConfigError extends WeixinError {
  static {
    WeixinConfigError.prototype.name = 'WeixinConfigError';
  }
}
