/**
 * An injected `fetch` that records every request the client makes, then either answers it from
 * a function (canned JSON, a Response, or a thrown network error) or passes it on to a real server.
 */

export interface Sent {
  method: string;
  url: URL;
  /** Path under /cgi-bin/ (`media/uploadnews`). */
  call: string;
  query: Record<string, string>;
  headers: Headers;
  body: Uint8Array;
  json?: Record<string, unknown>;
  form?: FormData;
  signal?: AbortSignal;
}

/** JSON to answer with, a whole Response, or undefined to pass the request on. */
type Reply = Record<string, unknown> | Response | undefined;
type Answer = (sent: Sent) => Reply | Promise<Reply>;

async function record(input: string | URL | Request, init: RequestInit = {}): Promise<Sent> {
  const url = new URL(String(input));
  const headers = new Headers(init.headers);
  const body =
    typeof init.body === 'string'
      ? new TextEncoder().encode(init.body)
      : new Uint8Array((init.body as Uint8Array) ?? []);
  const type = headers.get('content-type') ?? '';
  const sent: Sent = {
    method: init.method ?? 'GET',
    url,
    call: url.pathname.replace(/^\/cgi-bin\//, ''),
    query: Object.fromEntries(url.searchParams),
    headers,
    body,
    ...(init.signal ? { signal: init.signal } : {}),
  };
  if (type.startsWith('application/json')) sent.json = JSON.parse(new TextDecoder().decode(body));
  if (type.startsWith('multipart/form-data'))
    sent.form = await new Response(body as BodyInit, { headers: { 'content-type': type } }).formData();
  return sent;
}

function json(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), {
    ...init,
    headers: { 'content-type': 'application/json; encoding=utf-8', ...init.headers },
  });
}

/** What a dropped connection looks like from Node's fetch. */
export function dropped(detail = 'other side closed'): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(detail), { code: 'UND_ERR_SOCKET' }) });
}

/** A reply that never comes: settles only when the client's timeout aborts the request. */
export function hang(sent: Sent): Promise<never> {
  return new Promise((_resolve, reject) => {
    sent.signal?.addEventListener('abort', () => reject(sent.signal?.reason));
  });
}

export function recorder(answer: Answer = () => undefined) {
  const requests: Sent[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const sent = await record(input, init);
    requests.push(sent);
    const reply = await answer(sent);
    if (reply instanceof Response) return reply;
    if (reply !== undefined) return json(reply);
    return globalThis.fetch(input, init);
  }) as typeof globalThis.fetch;
  return { fetch, requests, calls: (call: string) => requests.filter((r) => r.call === call) };
}

export const TOKEN = 'TOKEN-canned-0123456789abcdef';

/** Canned answers for a client that needs no server: a token, then `answers[call]` or `{}`. */
export function canned(answers: Record<string, Reply | Answer> = {}) {
  return recorder((sent) => {
    const reply = answers[sent.call];
    if (typeof reply === 'function') return reply(sent);
    if (reply !== undefined) return reply;
    if (sent.call === 'stable_token' || sent.call === 'token') return { access_token: TOKEN, expires_in: 7200 };
    return { errcode: 0, errmsg: 'ok' };
  });
}
