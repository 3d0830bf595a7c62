import { sha256 } from '../utils/hash.js';
import type { PreparedArticle } from '../render/article.js';
import type { ProblemList } from '../utils/problems.js';

/** What grouping needs of an article; posts with problems are grouped too, to check their batches. */
type BatchMember = Pick<PreparedArticle, 'post' | 'title' | 'contentHash'>;

/** One graphic message: 1 to 8 articles, the first shown big. */
export interface Batch<A extends BatchMember = PreparedArticle> {
  /** The author's batch name, or a generated one for posts that did not name one. */
  name: string;
  articles: A[];
  /** Same articles in the same order with the same content: same hash, so nothing to do. */
  hash: string;
}

/**
 * Groups articles into messages. Posts that name a `weixin.batch` go together (more than the
 * limit is an author mistake); the rest fill messages in order. Inside a message, `weixin.order`
 * comes first, then the newest post, then the title. An image post is a message of its own.
 */
export function planBatches<A extends BatchMember>(
  articles: A[],
  options: { articlesPerMessage: number; target: 'news' | 'draft' },
  problems: ProblemList,
): Batch<A>[] {
  const named = new Map<string, A[]>();
  const unnamed: A[] = [];
  const batches: Batch<A>[] = [];
  for (const article of articles) {
    // An image post is a draft of its own: draft/add takes it alone.
    if (article.post.settings.type === 'newspic') {
      batches.push(makeBatch(article.post.slug, [article], options.target));
      continue;
    }
    const name = article.post.settings.batch;
    if (name === undefined) unnamed.push(article);
    else named.set(name, [...(named.get(name) ?? []), article]);
  }
  for (const [name, members] of named) {
    if (members.length > options.articlesPerMessage) {
      for (const article of members) {
        problems.error(
          article.post.file,
          `batch "${name}" has ${members.length} posts, but one message holds at most ${options.articlesPerMessage}: split the batch`,
          { line: article.post.parsed.lines.get('weixin.batch') },
        );
      }
      continue;
    }
    batches.push(makeBatch(name, sortArticles(members), options.target));
  }
  const ordered = sortArticles(unnamed);
  for (let start = 0; start < ordered.length; start += options.articlesPerMessage) {
    const chunk = ordered.slice(start, start + options.articlesPerMessage);
    // Named after its first post so the name stays put when later posts are added.
    batches.push(makeBatch(chunk[0]!.post.slug, chunk, options.target));
  }
  return batches;
}

function sortArticles<A extends BatchMember>(articles: A[]): A[] {
  return [...articles].sort((a, b) => {
    const orderA = a.post.settings.order ?? Number.POSITIVE_INFINITY;
    const orderB = b.post.settings.order ?? Number.POSITIVE_INFINITY;
    if (orderA !== orderB) return orderA - orderB;
    const dateA = a.post.date?.getTime() ?? 0;
    const dateB = b.post.date?.getTime() ?? 0;
    if (dateA !== dateB) return dateB - dateA;
    return a.title.localeCompare(b.title) || a.post.file.localeCompare(b.post.file);
  });
}

function makeBatch<A extends BatchMember>(name: string, articles: A[], target: string): Batch<A> {
  return {
    name,
    articles,
    hash: sha256(JSON.stringify([target, ...articles.map((a) => [a.post.file, a.contentHash])])),
  };
}
