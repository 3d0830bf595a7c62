export { default, remarkRestoreDirectives } from './plugin.js';
export { default as remarkWeixinMiniprogram } from './plugin.js';
export {
  describeDirective,
  type MiniprogramSpec,
  type Form,
  type Problem,
  type DirectiveLike,
} from './describe.js';
export { weixinClaim, webClaim, type HastClaim } from './to-hast.js';
export { directiveSource } from './restore.js';
export type { Options, MiniprogramTarget } from './options.js';
