import { charCount, htmlToText } from './content.js';
import { ApiError } from './errors.js';
import type { Limits } from './limits.js';
import type { StoredArticle } from './store.js';

/** Where a thumb_media_id points: temporary media, permanent material, expired, or nothing. */
export type ThumbKind = 'temporary' | 'permanent' | 'expired' | undefined;

export interface ArticleRules {
  /** uploadnews takes temporary thumbs; drafts need permanent ones. */
  target: 'news' | 'draft';
  limits: Limits;
  thumb: (mediaId: string) => ThumbKind;
  /** Whether a media id is this app's permanent image material (an image post's picture). */
  permanentImage: (mediaId: string) => boolean;
}

/** `0`/`1` as a number or a numeric string, as clients send them; anything else is malformed data. */
export function flag(value: unknown, field: string, fallback = 0): number {
  if (value === undefined || value === null) return fallback;
  if (value === 0 || value === 1) return value;
  if (value === '0' || value === '1') return Number(value);
  throw new ApiError(47001, undefined, `${field} must be 0 or 1, got ${JSON.stringify(value)}`);
}

function text(value: unknown, field: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new ApiError(47001, undefined, `${field} must be a string, got ${typeof value}`);
  return value;
}

/** The `articles` array of uploadnews / draft/add: 1 to 8 of them. */
export function articleList(body: Record<string, unknown>, limits: Limits): unknown[] {
  const articles = body.articles;
  if (articles === undefined || articles === null) throw new ApiError(44003, undefined, 'no articles field');
  if (!Array.isArray(articles)) throw new ApiError(47001, undefined, 'articles must be an array');
  if (articles.length === 0 || articles.length > limits.articlesMax) {
    throw new ApiError(45008, undefined, `${articles.length} articles; a message holds 1 to ${limits.articlesMax}`);
  }
  return articles;
}

/**
 * Checks one article in the platform's order (types, required fields, thumb, lengths, content
 * size) and returns it normalised, content not yet filtered. The detail names the field and its
 * length; the answer itself carries only the platform's errmsg.
 */
export function validateArticle(raw: unknown, index: number, rules: ArticleRules): StoredArticle {
  const where = `articles[${index}]`;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new ApiError(47001, undefined, `${where} must be an object`);
  const a = raw as Record<string, unknown>;
  const { limits } = rules;
  const article: StoredArticle = {
    title: text(a.title, `${where}.title`),
    ...(a.author !== undefined && a.author !== null ? { author: text(a.author, `${where}.author`) } : {}),
    digest: text(a.digest, `${where}.digest`),
    content: text(a.content, `${where}.content`),
    ...(a.content_source_url !== undefined && a.content_source_url !== null
      ? { content_source_url: text(a.content_source_url, `${where}.content_source_url`) }
      : {}),
    thumb_media_id: text(a.thumb_media_id, `${where}.thumb_media_id`),
    show_cover_pic: flag(a.show_cover_pic, `${where}.show_cover_pic`),
    need_open_comment: flag(a.need_open_comment, `${where}.need_open_comment`),
    only_fans_can_comment: flag(a.only_fans_can_comment, `${where}.only_fans_can_comment`),
  };
  if (rules.target === 'draft') {
    article.article_type = text(a.article_type, `${where}.article_type`) || 'news';
    if (article.article_type === 'newspic') return validateImagePost(article, a, where, rules);
    if (article.article_type !== 'news')
      throw new ApiError(
        47001,
        undefined,
        `${where}.article_type ${JSON.stringify(article.article_type)}: the emulator supports "news" and "newspic"`,
      );
    if (a.pic_crop_235_1 !== undefined) article.pic_crop_235_1 = text(a.pic_crop_235_1, `${where}.pic_crop_235_1`);
    if (a.pic_crop_1_1 !== undefined) article.pic_crop_1_1 = text(a.pic_crop_1_1, `${where}.pic_crop_1_1`);
  }
  if (article.title.trim() === '') throw new ApiError(44003, undefined, `${where}.title is empty`);
  if (article.content.trim() === '') throw new ApiError(44004, undefined, `${where}.content is empty`);
  const thumb = article.thumb_media_id ? rules.thumb(article.thumb_media_id) : undefined;
  if (!article.thumb_media_id) throw new ApiError(40007, undefined, `${where}.thumb_media_id is missing`);
  if (thumb === undefined)
    throw new ApiError(40007, undefined, `${where}.thumb_media_id ${article.thumb_media_id} is unknown`);
  if (thumb === 'expired')
    throw new ApiError(
      40007,
      undefined,
      `${where}.thumb_media_id ${article.thumb_media_id} expired (temporary media lasts 3 days)`,
    );
  if (rules.target === 'draft' && thumb === 'temporary') {
    throw new ApiError(
      40007,
      undefined,
      `${where}.thumb_media_id is temporary media; drafts need permanent material (material/add_material)`,
    );
  }
  const over = (field: 'title' | 'author' | 'digest', max: number, errcode: number) => {
    const length = charCount(article[field] ?? '');
    if (length > max)
      throw new ApiError(errcode, undefined, `${where}.${field} is ${length} characters, over the limit of ${max}`);
  };
  over('title', limits.titleMaxChars, 45003);
  over('author', limits.authorMaxChars, 45110);
  over('digest', limits.digestMaxChars, 45004);
  const bytes = Buffer.byteLength(article.content, 'utf8');
  // "fewer than 20,000 characters and under 1 MB": the limits themselves are already too many.
  if (bytes >= limits.contentMaxBytes)
    throw new ApiError(45002, undefined, `${where}.content is ${bytes} bytes, must be under ${limits.contentMaxBytes}`);
  const counted = limits.contentCount === 'html' ? charCount(article.content) : charCount(htmlToText(article.content));
  if (counted >= limits.contentMaxChars) {
    throw new ApiError(
      45002,
      undefined,
      `${where}.content is ${counted} ${limits.contentCount === 'html' ? 'HTML' : 'text'} characters, must be fewer than ${limits.contentMaxChars}`,
    );
  }
  return article;
}

/** An empty digest becomes the start of the text: 64 characters for uploadnews, 54 for drafts. */
export function defaultDigest(article: StoredArticle, length: number): string {
  return article.digest || [...htmlToText(article.content)].slice(0, length).join('');
}

/**
 * An image post (newspic, 小绿书): a title, plain text, 1 to 20 pictures of permanent image
 * material, the comment flags; no thumb. Unconfirmed where the sources are thin: the picture limit
 * (20, from wenyan and frago), the text limit and the errcodes for too many pictures and for HTML
 * in the text (45166, "invalid content", which draft/add gives for a text too long).
 */
function validateImagePost(
  article: StoredArticle,
  raw: Record<string, unknown>,
  where: string,
  rules: ArticleRules,
): StoredArticle {
  const { limits } = rules;
  if (article.title.trim() === '') throw new ApiError(44003, undefined, `${where}.title is empty`);
  const title = charCount(article.title);
  if (title > limits.titleMaxChars)
    throw new ApiError(
      45003,
      undefined,
      `${where}.title is ${title} characters, over the limit of ${limits.titleMaxChars}`,
    );
  const list = (raw.image_info as { image_list?: unknown } | undefined)?.image_list;
  if (!Array.isArray(list) || list.length === 0)
    throw new ApiError(
      47001,
      undefined,
      `${where}.image_info.image_list is missing or empty: an image post needs pictures`,
    );
  if (list.length > limits.imagePostPicturesMax)
    throw new ApiError(
      45166,
      undefined,
      `${where}.image_info.image_list has ${list.length} pictures, over the limit of ${limits.imagePostPicturesMax} (unconfirmed)`,
    );
  const ids = list.map((item, i) =>
    text((item as { image_media_id?: unknown })?.image_media_id, `${where}.image_info.image_list[${i}].image_media_id`),
  );
  const unknown = ids.find((id) => !rules.permanentImage(id));
  if (unknown !== undefined)
    throw new ApiError(
      40007,
      undefined,
      `${where}: picture ${JSON.stringify(unknown)} is not permanent image material of this account`,
    );
  if (/<[a-z][^>]*>/i.test(article.content))
    throw new ApiError(
      45166,
      undefined,
      `${where}.content holds HTML; an image post's text is plain (unconfirmed errcode)`,
    );
  const length = charCount(article.content);
  if (length > limits.imagePostTextMaxChars)
    throw new ApiError(
      45166,
      undefined,
      `${where}.content is ${length} characters, over the limit of ${limits.imagePostTextMaxChars} (unconfirmed)`,
    );
  const { thumb_media_id: _thumb, show_cover_pic: _show, ...rest } = article;
  return {
    ...rest,
    thumb_media_id: '',
    show_cover_pic: 0,
    image_info: { image_list: ids.map((id) => ({ image_media_id: id })) },
  };
}
