import { flag } from '../articles.js';
import { ApiError } from '../errors.js';
import { appid, jsonBody, nextNumber, quota, seconds, type ApiEnv, type CallContext, type Route } from './context.js';

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
      flag(body.send_ignore_reprint, 'send_ignore_reprint');
      quota(ctx, env, 'message/mass/sendall', env.limits.massSendPerDay, 45028);
      const msg_id = nextNumber(env, 3_147_480_000);
      const msg_data_id = nextNumber(env, 2_247_490_000);
      env.store.messages.push({
        kind: 'sendall',
        appid: appid(ctx),
        msg_id,
        msg_data_id,
        ...message,
        is_to_all: isToAll,
        ...(typeof filter.tag_id === 'number' ? { tag_id: filter.tag_id } : {}),
        created_at: seconds(env),
      });
      return { errcode: 0, errmsg: 'send job submission success', msg_id, msg_data_id };
    },
  },
};
