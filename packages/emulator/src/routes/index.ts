import type { Route } from './context.js';
import { draftRoutes } from './drafts.js';
import { massRoutes } from './mass.js';
import { mediaRoutes } from './media.js';
import { publishRoutes } from './publish.js';
import { tokenRoutes } from './tokens.js';

export { settlePublishes } from './publish.js';
export type { ApiEnv, CallContext } from './context.js';

/** Every API call the emulator answers, by name as in the request log (`media/uploadnews`). */
export const ROUTES: Record<string, Route> = {
  ...tokenRoutes,
  ...mediaRoutes,
  ...draftRoutes,
  ...publishRoutes,
  ...massRoutes,
};
