import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, errorBody } from './errors.js';
import type { Faults } from './faults.js';
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

/** One `/cgi-bin/...` call: log it, apply the faults that fire, run the route, answer. */
export async function handleApiCall(
  core: ApiCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  call: string,
): Promise<void> {
  const { env, faults } = core;
  const { clock, store, tokens } = env;
  const record: RequestRecord = {
    method: req.method ?? 'GET',
    path: url.pathname,
    call,
    time: clock.now(),
    errcode: undefined,
  };
  store.requests.push(record);
  const route = ROUTES[call];
  const { body, tooBig } = await readBody(req);
  const fired = faults.take(call);
  if (fired.length) record.fault = fired.map((f) => f.kind).join('+');
  for (const fault of fired) if (fault.kind === 'latency') await sleep(fault.ms ?? 0);
  const fault = fired.find((f) => f.kind !== 'latency' && f.kind !== 'token-expired');
  const answerError = (error: ApiError) => {
    record.errcode = error.errcode;
    if (error.detail) record.detail = error.detail;
    sendJson(res, errorBody(error.errcode, clock.now(), error.text));
  };

  if (fault?.kind === 'drop') {
    req.socket.destroy();
    return;
  }
  if (fault?.kind === 'http') return sendGatewayError(res, fault.status ?? 502);
  if (fault?.kind === 'busy') return answerError(new ApiError(-1, undefined, 'injected fault: busy'));
  if (fault?.kind === 'quota') return answerError(new ApiError(45009, undefined, 'injected fault: quota'));
  if (fault?.kind === 'error') return answerError(new ApiError(fault.errcode!, fault.errmsg, 'injected fault: error'));
  if (!route) {
    record.detail = 'no such route in the emulator';
    send(res, 404, 'text/plain', `the emulator does not implement ${url.pathname}\n`);
    return;
  }
  if (fired.some((f) => f.kind === 'token-expired')) tokens.expire(url.searchParams.get('access_token'));

  let answer: unknown;
  try {
    if (req.method !== route.method)
      throw new ApiError(
        route.method === 'POST' ? 43002 : 43001,
        undefined,
        `${req.method} instead of ${route.method}`,
      );
    const token = route.auth ? tokens.check(url.searchParams.get('access_token')) : undefined;
    if (token) record.appid = token.appid;
    if (tooBig) throw new ApiError(45001, undefined, `request body over ${MAX_BODY} bytes`);
    const ctx: CallContext = {
      query: url.searchParams,
      body,
      contentType: req.headers['content-type'],
      ip: req.socket.remoteAddress ?? '',
      token,
      faults: fired,
    };
    settlePublishes(env);
    answer = await route.handler(ctx, env);
    core.save();
  } catch (error) {
    if (error instanceof ApiError) return answerError(error);
    throw error;
  }
  record.errcode = 0;
  if (fault?.kind === 'malformed') {
    // The work is done, but the answer arrives cut off: the client must not trust it blindly.
    const text = JSON.stringify(answer);
    send(res, 200, JSON_TYPE, text.slice(0, Math.max(1, Math.floor(text.length / 2))));
    return;
  }
  sendJson(res, answer);
}
