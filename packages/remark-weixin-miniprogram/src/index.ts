export { default } from './plugin.js';
export { remarkRestoreDirectives } from './restore.js';
export type { Options, MiniprogramTarget } from './options.js';
