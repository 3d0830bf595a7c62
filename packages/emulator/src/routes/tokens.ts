import { ApiError } from '../errors.js';
import { jsonBody, type Route } from './context.js';

export const tokenRoutes: Record<string, Route> = {
  token: {
    method: 'GET',
    auth: false,
    handler(ctx, env) {
      const q = ctx.query;
      const app = env.tokens.authenticate(q.get('grant_type'), q.get('appid'), q.get('secret'), ctx.ip);
      return env.tokens.classic(app);
    },
  },

  stable_token: {
    method: 'POST',
    auth: false,
    handler(ctx, env) {
      const body = jsonBody(ctx);
      const app = env.tokens.authenticate(body.grant_type, body.appid, body.secret, ctx.ip);
      const force = body.force_refresh;
      if (
        force !== undefined &&
        typeof force !== 'boolean' &&
        !['0', '1', 0, 1, 'true', 'false'].includes(force as string)
      ) {
        throw new ApiError(47001, undefined, 'force_refresh must be a boolean');
      }
      return env.tokens.stable(app, force === true || force === 1 || force === '1' || force === 'true');
    },
  },
};
