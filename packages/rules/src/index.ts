/**
 * WeChat's rules in one place, for the renderer, the client and the integration alike, so an
 * article that passes one passes the others. (The emulator keeps its own copy on purpose: it checks
 * the client.)
 */
export {
  ANIMATED_GIF_MAX_BYTES,
  ARTICLE_LIMITS,
  BODY_IMAGE_MAX_BYTES,
  CARD_IMAGE_SIZE,
  CARD_TITLE_MAX,
  CLIENTMSGID_MAX_BYTES,
  CLIENTMSGID_WINDOW_MS,
  DERIVED_DIGEST_LENGTH,
  IMAGE_POST_LIMITS,
  TEMPORARY_MEDIA_LIFETIME_MS,
  THUMB_MAX_BYTES,
  type ArticleLimits,
  type ContentCount,
} from './limits.js';
export {
  characters,
  contentOverLimits,
  measureContent,
  visibleText,
  type ContentMeasure,
  type ContentOverLimit,
} from './text.js';
export { hiddenCharacters, type HiddenCharacter } from './controls.js';
export { escapeHtml } from './escape.js';
export { APPID_PATTERN, isAppid } from './ids.js';
