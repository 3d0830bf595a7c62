/**
 * Checks made before uploadnews and draft/add, so a bad article fails here with every problem
 * named rather than one cryptic errcode at a time. Lengths are counted in characters (code
 * points); the defaults are the strictest figures the documentation and the SDKs give.
 */
import { WeixinValidationError, type ArticleProblem } from './errors.js';
import type { DraftArticle, NewsArticle } from './types.js';

export interface ArticleLimits {
  /** Articles per message. */
  articles: number;
  /** Characters. The draft/add page says 32; older pages 64. */
  title: number;
  /** Characters. The draft/add page says 16; older pages and SDKs 8. */
  author: number;
  /** Characters. The draft/add page says 128; older pages and SDKs 120. */
  digest: number;
  /** Content characters ("fewer than 20,000"). */
  contentCharacters: number;
  /**
   * What the character limit counts: the visible text (what the WeChat editor counts; default) or
   * the whole HTML (stricter; a long post with inline styles easily passes 20,000).
   */
  contentCount: 'text' | 'html';
  /** Content bytes of UTF-8 HTML ("under 1 MB"; taken as 1,000,000 to be safe). */
  contentBytes: number;
}

export const DEFAULT_LIMITS: Readonly<ArticleLimits> = Object.freeze({
  articles: 8,
  title: 32,
  author: 8,
  digest: 120,
  contentCharacters: 20_000,
  contentCount: 'text',
  contentBytes: 1_000_000,
});

export interface ValidateOptions {
  kind: 'news' | 'draft';
  limits?: Partial<ArticleLimits>;
}

const FLAGS = ['show_cover_pic', 'need_open_comment', 'only_fans_can_comment'] as const;

export function characters(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** The visible text of HTML, roughly as the editor counts it: tags out, entities as one character. */
export function visibleText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    });
}

/** Every problem in the articles, without throwing. */
export function findArticleProblems(
  articles: readonly (NewsArticle | DraftArticle)[],
  options: ValidateOptions,
): ArticleProblem[] {
  const limits: ArticleLimits = { ...DEFAULT_LIMITS, ...options.limits };
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
    }
    const content = record['content'];
    if (typeof content === 'string' && content !== '') {
      const counted = limits.contentCount === 'html' ? content : visibleText(content);
      const length = characters(counted);
      if (length >= limits.contentCharacters) {
        add(
          'content',
          `is ${length} characters${limits.contentCount === 'html' ? ' of HTML' : ' of text'}, must be fewer than ${limits.contentCharacters}`,
          {
            length,
            limit: limits.contentCharacters,
          },
        );
      }
      const bytes = Buffer.byteLength(content, 'utf8');
      if (bytes >= limits.contentBytes)
        add('content', `is ${bytes} bytes, must be under ${limits.contentBytes}`, {
          length: bytes,
          limit: limits.contentBytes,
        });
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
export function validateArticles(articles: readonly (NewsArticle | DraftArticle)[], options: ValidateOptions): void {
  const problems = findArticleProblems(articles, options);
  if (problems.length > 0)
    throw new WeixinValidationError(problems, options.kind === 'news' ? 'media/uploadnews' : 'draft/add');
}
