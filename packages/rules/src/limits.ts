/**
 * WeChat's limits, as the documentation and the mature SDKs give them. Where sources disagree
 * (see the comments) the strictest figure is the default; every consumer lets it be configured.
 */

/** Field and content limits of one article, counted in characters (code points) unless named bytes. */
export interface ArticleLimits {
  /** Articles in one graphic message. */
  articles: number;
  /** The draft/add page says 32; older pages 64. */
  title: number;
  /** The draft/add page says 16; older pages and SDKs 8. */
  author: number;
  /** The draft/add page says 128; older pages and SDKs 120. */
  digest: number;
  /** Content must have fewer characters than this ("fewer than 20,000"). */
  contentCharacters: number;
  /** What `contentCharacters` counts; see ContentCount. */
  contentCount: ContentCount;
  /** UTF-8 bytes of the content HTML must stay under this ("under 1 MB", taken as 1,000,000). */
  contentBytes: number;
}

/**
 * What the 20,000-character limit counts. Unconfirmed: the editor counts the visible text (the
 * default); one peer counts the HTML, which refuses long posts with inline styles. `both` checks each.
 */
export type ContentCount = 'text' | 'html' | 'both';

export const ARTICLE_LIMITS: Readonly<ArticleLimits> = Object.freeze({
  articles: 8,
  title: 32,
  author: 8,
  digest: 120,
  contentCharacters: 20_000,
  contentCount: 'text',
  contentBytes: 1_000_000,
});

/** When no digest is sent, WeChat takes the start of the text: 54 characters for drafts, 64 for uploadnews. */
export const DERIVED_DIGEST_LENGTH = Object.freeze({ draft: 54, news: 64 });

/** A mini-program card shows at most 35 characters of its title. */
export const CARD_TITLE_MAX = 35;

/** A mini-program card's image is shown at 1080x864. */
export const CARD_IMAGE_SIZE = Object.freeze({ width: 1080, height: 864 });

/** media/uploadimg takes JPG or PNG under 1 MB. */
export const BODY_IMAGE_MAX_BYTES = 1024 * 1024 - 1;

/** Thumbs (covers) are JPG of at most 64 KB. */
export const THUMB_MAX_BYTES = 64 * 1024;

/** Temporary media (media/upload, uploadnews' thumbs) expires after 3 days. */
export const TEMPORARY_MEDIA_LIFETIME_MS = 3 * 24 * 3600 * 1000;

/** sendall's clientmsgid is at most 64 bytes; a repeat within 24 hours is refused with 45065. */
export const CLIENTMSGID_MAX_BYTES = 64;
export const CLIENTMSGID_WINDOW_MS = 24 * 3600 * 1000;

/**
 * Permanent image material (add_material type=image), the upload that keeps a GIF animated. Its pages
 * give 2 MB or 10 MB (unconfirmed which holds now): the strict one is the default.
 */
export const ANIMATED_GIF_MAX_BYTES = 2 * 1024 * 1024;

/**
 * Image posts (newspic, 小绿书) in the draft box: at most 20 pictures (wenyan and frago give 20). draft/add
 * answers 45166 when the text is too long; no source gives the length, so the text limit is taken as
 * 45,166 characters (unconfirmed; the code may be all the number means).
 */
export const IMAGE_POST_LIMITS = Object.freeze({ pictures: 20, textCharacters: 45_166 });
