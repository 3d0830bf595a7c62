import { flag } from '../article-validation.js';
import { ApiError } from '../errors.js';
import type { MassMessageRecord } from '../store.js';
import {
  appid,
  integer,
  jsonBody,
  nextNumber,
  quota,
  seconds,
  type ApiEnv,
  type CallContext,
  type Route,
} from './context.js';

function sendable(
  ctx: CallContext,
  env: ApiEnv,
  body: Record<string, unknown>,
): { msgtype: string; media_id?: string } {
  const msgtype = body.msgtype;
  if (msgtype === 'text') {
    const content = (body.text as { content?: unknown } | undefined)?.content;
    if (typeof content !== 'string' || content === '') throw new ApiError(44004, undefined, 'text.content is empty');
    return { msgtype };
  }
  if (msgtype !== 'mpnews')
    throw new ApiError(40008, undefined, `msgtype ${JSON.stringify(msgtype)}: the emulator sends mpnews and text`);
  const mediaId = (body.mpnews as { media_id?: unknown } | undefined)?.media_id;
  const app = appid(ctx);
  const known =
    env.store.news.some((n) => n.appid === app && n.media_id === mediaId) ||
    env.store.drafts.some((d) => d.appid === app && d.media_id === mediaId);
  if (typeof mediaId !== 'string' || !known)
    throw new ApiError(
      40007,
      undefined,
      `mpnews.media_id ${JSON.stringify(mediaId)} is not an uploaded graphic message`,
    );
  return { msgtype, media_id: mediaId };
}

const MINUTE = 60_000;
const DAY = 24 * 3600_000;

/**
 * Duplicate-send protection: an id over 64 bytes is 45067; the same id again within a minute of
 * its send is 45066, within 24 hours 45065 with the existing send's ids; later it is a new send.
 */
function checkClientMsgId(ctx: CallContext, env: ApiEnv, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ApiError(47001, undefined, 'clientmsgid must be a string');
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > 64) throw new ApiError(45067, undefined, `clientmsgid is ${bytes} bytes, over the limit of 64`);
  const now = env.clock.now();
  const earlier = env.store.messages.findLast(
    (m) => m.kind === 'sendall' && m.appid === appid(ctx) && m.clientmsgid === value,
  );
  const age = earlier ? now - sentAt(earlier) : Number.POSITIVE_INFINITY;
  if (age < MINUTE)
    throw new ApiError(
      45066,
      undefined,
      `clientmsgid ${value} was used ${Math.round(age / 1000)} s ago; wait a minute`,
    );
  if (earlier && age < DAY)
    throw new ApiError(45065, undefined, `clientmsgid ${value} was already sent as msg_id ${earlier.msg_id}`, {
      msg_id: earlier.msg_id,
      msg_data_id: earlier.msg_data_id,
    });
  return value;
}

/** State files written before sentAt existed only know the second. */
const sentAt = (message: MassMessageRecord) => message.sentAt ?? message.created_at * 1000;

/** SENDING until massSendDelayMs has passed on the emulator clock, then SEND_SUCCESS. */
export function massStatus(message: MassMessageRecord, now: number, delayMs: number): 'SENDING' | 'SEND_SUCCESS' {
  return now - sentAt(message) < delayMs ? 'SENDING' : 'SEND_SUCCESS';
}

export const massRoutes: Record<string, Route> = {
  'message/mass/preview': {
    method: 'POST',
    auth: true,
    handler(ctx, env) {
      const body = jsonBody(ctx);
      const touser = typeof body.touser === 'string' && body.touser ? body.touser : undefined;
      const towxname = typeof body.towxname === 'string' && body.towxname ? body.towxname : undefined;
      if (!touser && !towxname) throw new ApiError(40003, undefined, 'touser (an openid) or towxname is required');
      const message = sendable(ctx, env, body);
      quota(ctx, env, 'message/mass/preview', env.limits.previewPerDay, 45009);
      const msg_id = nextNumber(env, 3_147_480_000);
      env.store.messages.push({
        kind: 'preview',
        appid: appid(ctx),
        msg_id,
        ...message,
        ...(touser ? { touser } : {}),
        ...(towxname ? { towxname } : {}),
        created_at: seconds(env),
      });
      return { errcode: 0, errmsg: 'preview success', msg_id };
    },
  },

  'message/mass/sendall': {
    method: 'POST',
    auth: true,
    handler(ctx, env) {
      const body = jsonBody(ctx);
      const filter = body.filter as { is_to_all?: unknown; tag_id?: unknown } | undefined;
      if (!filter || typeof filter !== 'object')
        throw new ApiError(47001, undefined, 'filter {is_to_all, tag_id} is required');
      const isToAll = filter.is_to_all === true || filter.is_to_all === 1 || filter.is_to_all === 'true';
      if (!isToAll && filter.tag_id === undefined)
        throw new ApiError(47001, undefined, 'filter needs is_to_all: true or a tag_id');
      const message = sendable(ctx, env, body);
      const sendIgnoreReprint = flag(body.send_ignore_reprint, 'send_ignore_reprint');
      const clientmsgid = checkClientMsgId(ctx, env, body.clientmsgid);
      quota(ctx, env, 'message/mass/sendall', env.limits.massSendPerDay, 45028);
      const msg_id = nextNumber(env, 3_147_480_000);
      const msg_data_id = nextNumber(env, 2_247_490_000);
      const tag = typeof filter.tag_id === 'number' ? { tag_id: filter.tag_id } : {};
      env.store.messages.push({
        kind: 'sendall',
        appid: appid(ctx),
        msg_id,
        msg_data_id,
        ...message,
        is_to_all: isToAll,
        ...tag,
        filter: { is_to_all: isToAll, ...tag },
        ...(clientmsgid !== undefined ? { clientmsgid } : {}),
        send_ignore_reprint: sendIgnoreReprint,
        created_at: seconds(env),
        sentAt: env.clock.now(),
      });
      return { errcode: 0, errmsg: 'send job submission success', msg_id, msg_data_id };
    },
  },

  'message/mass/get': {
    method: 'POST',
    auth: true,
    handler(ctx, env) {
      const msgId = integer(jsonBody(ctx).msg_id, 'msg_id');
      const sent = env.store.messages.find((m) => m.kind === 'sendall' && m.appid === appid(ctx) && m.msg_id === msgId);
      if (!sent) throw new ApiError(40097, undefined, `no mass message with msg_id ${msgId}`);
      return { msg_id: msgId, msg_status: massStatus(sent, env.clock.now(), env.limits.massSendDelayMs) };
    },
  },
};
