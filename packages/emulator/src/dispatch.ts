import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, errorBody } from './errors.js';
import type { Fault, Faults } from './faults.js';
import { JSON_TYPE, MAX_BODY, readBody, send, sendGatewayError, sendJson, sleep } from './http.js';
import { ROUTES, settlePublishes, type ApiEnv, type CallContext } from './routes/index.js';
import type { RequestRecord } from './store.js';

/** What an API call needs from its emulator. */
export interface ApiCore {
  env: ApiEnv;
  faults: Faults;
  /** Writes the state file, if there is one. */
  save(): void;
}

/** What became of a call, before it is answered. */
type Outcome = { answer: unknown } | { error: ApiError } | { gateway: number } | { missing: true };

/** Faults that decide the answer; latency, token-expired and publish-status only change the call. */
const ANSWER_FAULTS = new Set(['drop', 'http', 'busy', 'quota', 'error', 'malformed', 'lost']);

/** One `/cgi-bin/...` call: log it, apply the faults that fire, run the route, answer. */
export async function handleApiCall(
  core: ApiCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  call: string,
): Promise<void> {
  const record: RequestRecord = {
    method: req.method ?? 'GET',
    path: url.pathname,
    call,
    time: core.env.clock.now(),
    errcode: undefined,
  };
  core.env.store.requests.push(record);
  const { body, tooBig } = await readBody(req);
  const fired = core.faults.take(call);
  if (fired.length) record.fault = fired.map((f) => f.kind).join('+');
  const latency = fired.filter((f) => f.kind === 'latency');
  for (const f of latency) if (!f.commitFirst) await sleep(f.ms ?? 0);
  const fault = fired.find((f) => ANSWER_FAULTS.has(f.kind));
  if (fault?.kind === 'drop') {
    req.socket.destroy();
    return;
  }
  const outcome = injected(fault) ?? (await carryOut(core, req, url, call, { body, tooBig, fired, record }));
  if ('answer' in outcome) record.errcode = 0;
  if ('error' in outcome) {
    record.errcode = outcome.error.errcode;
    if (outcome.error.detail) record.detail = outcome.error.detail;
  }
  // commitFirst: the call has taken effect; only the answer waits.
  for (const f of latency) if (f.commitFirst) await sleep(f.ms ?? 0);
  deliver(core, req, res, record, outcome, fault);
}

function injected(fault: Fault | undefined): Outcome | undefined {
  switch (fault?.kind) {
    case 'http':
      return { gateway: fault.status ?? 502 };
    case 'busy':
      return { error: new ApiError(-1, undefined, 'injected fault: busy') };
    case 'quota':
      return { error: new ApiError(45009, undefined, 'injected fault: quota') };
    case 'error':
      return { error: new ApiError(fault.errcode!, fault.errmsg, 'injected fault: error') };
    default:
      return undefined;
  }
}

async function carryOut(
  core: ApiCore,
  req: IncomingMessage,
  url: URL,
  call: string,
  request: { body: Buffer; tooBig: boolean; fired: Fault[]; record: RequestRecord },
): Promise<Outcome> {
  const { env } = core;
  const route = ROUTES[call];
  if (!route) return { missing: true };
  if (request.fired.some((f) => f.kind === 'token-expired')) env.tokens.expire(url.searchParams.get('access_token'));
  try {
    if (req.method !== route.method)
      throw new ApiError(
        route.method === 'POST' ? 43002 : 43001,
        undefined,
        `${req.method} instead of ${route.method}`,
      );
    const token = route.auth ? env.tokens.check(url.searchParams.get('access_token')) : undefined;
    if (token) request.record.appid = token.appid;
    if (request.tooBig) throw new ApiError(45001, undefined, `request body over ${MAX_BODY} bytes`);
    const ctx: CallContext = {
      query: url.searchParams,
      body: request.body,
      contentType: req.headers['content-type'],
      ip: req.socket.remoteAddress ?? '',
      token,
      faults: request.fired,
    };
    settlePublishes(env);
    const answer = await route.handler(ctx, env);
    core.save();
    return { answer };
  } catch (error) {
    if (error instanceof ApiError) return { error };
    throw error;
  }
}

function deliver(
  core: ApiCore,
  req: IncomingMessage,
  res: ServerResponse,
  record: RequestRecord,
  outcome: Outcome,
  fault: Fault | undefined,
): void {
  if ('gateway' in outcome) {
    sendGatewayError(res, outcome.gateway);
    return;
  }
  if ('missing' in outcome) {
    record.detail = 'no such route in the emulator';
    send(res, 404, 'text/plain', `the emulator does not implement ${record.path}\n`);
    return;
  }
  if (fault?.kind === 'lost') {
    req.socket.destroy();
  } else if ('error' in outcome) {
    const { errcode, text, extra } = outcome.error;
    sendJson(res, errorBody(errcode, core.env.clock.now(), text, extra));
  } else if (fault?.kind === 'malformed') {
    // The work is done, but the answer arrives cut off: the client must not trust it blindly.
    const text = JSON.stringify(outcome.answer);
    send(res, 200, JSON_TYPE, text.slice(0, Math.max(1, Math.floor(text.length / 2))));
  } else {
    sendJson(res, outcome.answer);
  }
}
