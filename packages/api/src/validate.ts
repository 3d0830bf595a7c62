/**
 * Checks made before uploadnews and draft/add, so a bad article fails here with every problem
 * named rather than one cryptic errcode at a time. Lengths are counted in characters (code
 * points); the defaults are the strictest figures the documentation and the SDKs give.
 */
import {
  ARTICLE_LIMITS,
  type ArticleLimits,
  characters,
  contentOverLimits,
  hiddenCharacters,
  IMAGE_POST_LIMITS,
  measureContent,
} from '@astro-weixin/rules';
import { WeixinValidationError, type ArticleProblem } from './errors.js';
import type { DraftArticle, ImagePostArticle, NewsArticle } from './types.js';

type AnyArticle = NewsArticle | DraftArticle | ImagePostArticle;

export interface ValidateOptions {
  kind: 'news' | 'draft';
  limits?: Partial<ArticleLimits>;
}

const FLAGS = ['show_cover_pic', 'need_open_comment', 'only_fans_can_comment'] as const;

/** Every problem in the articles, without throwing. */
export function findArticleProblems(articles: readonly AnyArticle[], options: ValidateOptions): ArticleProblem[] {
  const limits: ArticleLimits = { ...ARTICLE_LIMITS, ...options.limits };
  const problems: ArticleProblem[] = [];
  if (!Array.isArray(articles)) {
    return [{ index: -1, field: 'articles', message: 'articles must be an array of 1 to 8 articles' }];
  }
  if (articles.length === 0 || articles.length > limits.articles) {
    problems.push({
      index: -1,
      field: 'articles',
      length: articles.length,
      limit: limits.articles,
      message: `a graphic message holds 1 to ${limits.articles} articles, not ${articles.length}`,
    });
  }
  articles.forEach((article, index) => {
    const record = (article ?? {}) as unknown as Record<string, unknown>;
    const title = typeof record['title'] === 'string' ? (record['title'] as string) : undefined;
    const label = `article ${index + 1}${title ? ` "${title}"` : ''}`;
    const add = (field: string, message: string, extra: { length?: number; limit?: number } = {}) =>
      problems.push({
        index,
        ...(title !== undefined ? { title } : {}),
        field,
        message: `${label}: ${field} ${message}`,
        ...extra,
      });

    const isNewspic = options.kind === 'draft' && record['article_type'] === 'newspic';
    const required = isNewspic ? ['title', 'content'] : ['title', 'content', 'thumb_media_id'];
    for (const field of required) {
      const value = record[field];
      if (typeof value !== 'string' || value.trim() === '')
        add(field, value === undefined ? 'is missing' : 'must be a non-empty string');
    }
    for (const field of ['author', 'digest', 'content_source_url', 'thumb_media_id', 'article_type'] as const) {
      const value = record[field];
      if (value !== undefined && value !== null && typeof value !== 'string')
        add(field, `must be a string, not ${typeof value}`);
    }
    for (const field of ['title', 'author', 'digest'] as const) {
      const value = record[field];
      if (typeof value !== 'string') continue;
      const length = characters(value);
      if (length > limits[field])
        add(field, `is ${length} characters, over the limit of ${limits[field]}`, { length, limit: limits[field] });
      const hidden = hiddenCharacters(value);
      if (hidden.length > 0)
        add(field, `holds ${hidden.map((found) => `${found.label} at column ${found.column}`).join(', ')}: remove it`);
    }
    const content = record['content'];
    if (isNewspic) {
      for (const { field, message, ...extra } of imagePostProblems(record)) add(field, message, extra);
    } else if (typeof content === 'string' && content !== '') {
      for (const over of contentOverLimits(measureContent(content), limits)) {
        add('content', over.message, { length: over.length, limit: over.limit });
      }
    }
    for (const field of FLAGS) {
      const value = record[field];
      if (value === undefined) continue;
      if (!(value === 0 || value === 1 || value === '0' || value === '1'))
        add(field, `must be 0 or 1 (a number or "0"/"1"), not ${JSON.stringify(value)}`);
    }
  });
  return problems;
}

/** Throws a WeixinValidationError listing every problem found. */
export function validateArticles(articles: readonly AnyArticle[], options: ValidateOptions): void {
  const problems = findArticleProblems(articles, options);
  if (problems.length > 0)
    throw new WeixinValidationError(problems, options.kind === 'news' ? 'media/uploadnews' : 'draft/add');
}

/** An image post's pictures (1 to 20 permanent image ids) and its plain text. */
function imagePostProblems(
  record: Record<string, unknown>,
): { field: string; message: string; length?: number; limit?: number }[] {
  const problems: { field: string; message: string; length?: number; limit?: number }[] = [];
  const list = (record['image_info'] as { image_list?: unknown } | undefined)?.image_list;
  const limit = IMAGE_POST_LIMITS.pictures;
  if (!Array.isArray(list) || list.length === 0) {
    problems.push({ field: 'image_info', message: 'needs image_list with 1 to 20 pictures (image_media_id)' });
  } else {
    if (list.length > limit)
      problems.push({
        field: 'image_info',
        message: `has ${list.length} pictures, over the limit of ${limit}`,
        length: list.length,
        limit,
      });
    if (list.some((item) => typeof (item as { image_media_id?: unknown })?.image_media_id !== 'string'))
      problems.push({ field: 'image_info', message: 'each picture needs an image_media_id string' });
  }
  const content = record['content'];
  if (typeof content === 'string') {
    if (/<[a-z][^>]*>/i.test(content)) problems.push({ field: 'content', message: 'must be plain text, not HTML' });
    const length = characters(content);
    const max = IMAGE_POST_LIMITS.textCharacters;
    if (length > max)
      problems.push({
        field: 'content',
        message: `is ${length} characters, over the limit of ${max}`,
        length,
        limit: max,
      });
  }
  return problems;
}
