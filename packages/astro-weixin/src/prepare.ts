import { createWeixinProcessor, type WeixinProcessor } from '@astro-weixin/markdown';
import { articleFields } from './article-fields.js';
import { articleImages } from './article-images.js';
import { sha256 } from './hash.js';
import type { ImageSource } from './images/resolve.js';
import type { SelectedPost } from './posts.js';
import { mdxToMarkdown } from './mdx.js';
import type { ResolvedOptions } from './options.js';
import type { ProblemList } from './problems.js';

/** An image the article needs, with its bytes read and hashed; nothing uploaded yet. */
export interface PreparedImage {
  placeholder: string;
  src: string;
  kind: 'image' | 'miniprogram-card';
  source: ImageSource;
  hash: string;
}

/** Everything about one article that can be known without calling the API. */
export interface PreparedArticle {
  post: SelectedPost;
  title: string;
  author?: string;
  digest?: string;
  html: string;
  images: PreparedImage[];
  cover: { src: string; source: ImageSource; hash: string };
  showCoverPic: boolean;
  needOpenComment: boolean;
  onlyFansCanComment: boolean;
  /** Changes whenever anything that would change the published article changes. */
  contentHash: string;
  stats: { htmlCharacters: number; textCharacters: number; bytes: number };
}

export interface PrepareContext {
  root: string;
  publicDir: string;
  srcDir: string;
  options: ResolvedOptions;
  problems: ProblemList;
  onProgress?: (post: SelectedPost, article: PreparedArticle | undefined) => void;
}

/** Renders each post and reads its images; every author mistake is reported, none thrown. */
export async function prepareArticles(posts: SelectedPost[], context: PrepareContext): Promise<PreparedArticle[]> {
  const articles: PreparedArticle[] = [];
  // Image bytes are read once per distinct origin even when several posts share them.
  const cache = new Map<string, Promise<ImageSource>>();
  const processor = createWeixinProcessor({
    miniprogram: {
      appid: context.options.miniprogram.appid,
      targets: context.options.miniprogram.targets,
      allowLongCardTitle: context.options.miniprogram.allowLongCardTitle,
    },
    weixin: context.options.render,
  });
  for (const post of posts) {
    const article = await prepareArticle(post, context, cache, processor);
    context.onProgress?.(post, article);
    if (article) articles.push(article);
  }
  return articles;
}

async function prepareArticle(
  post: SelectedPost,
  context: PrepareContext,
  cache: Map<string, Promise<ImageSource>>,
  processor: WeixinProcessor,
): Promise<PreparedArticle | undefined> {
  const { options, problems } = context;
  const errorsBefore = problems.errors.length;
  let source = post.source;
  if (post.file.endsWith('.mdx')) {
    const converted = mdxToMarkdown(source);
    source = converted.markdown;
    for (const notice of converted.notices) problems.warn(post.file, notice.message, { line: notice.line });
  }
  const result = await processor.process(source, { path: post.absolutePath, frontmatter: post.frontmatter });
  for (const message of result.messages) {
    // The title is checked below, where `weixin.title` is known too.
    if (message.source === '@astro-weixin/markdown' && message.ruleId === 'missing-title') continue;
    const place = { line: message.line ?? undefined, column: message.column ?? undefined };
    if (message.fatal === true) problems.error(post.file, message.reason, place);
    else if (message.fatal === false) problems.warn(post.file, message.reason, place);
  }
  const { title, author, digest } = articleFields(post, result, options, problems);
  const { images, cover } = await articleImages(post, result, context, cache);

  if (problems.errors.length > errorsBefore || !cover || !title) return undefined;
  const showCoverPic = post.settings.show_cover_pic ?? options.showCoverPic;
  const needOpenComment = post.settings.need_open_comment ?? options.openComment;
  const onlyFansCanComment = post.settings.only_fans_can_comment ?? options.onlyFansCanComment;
  const contentHash = sha256(
    JSON.stringify({
      title,
      author,
      digest,
      html: result.html,
      url: post.url,
      images: images.map((image) => [image.placeholder, image.kind, image.hash]),
      cover: cover.hash,
      flags: [showCoverPic, needOpenComment, onlyFansCanComment],
    }),
  );
  const article: PreparedArticle = {
    post,
    title,
    html: result.html,
    images,
    cover,
    showCoverPic,
    needOpenComment,
    onlyFansCanComment,
    contentHash,
    stats: result.stats,
  };
  if (author) article.author = author;
  if (digest) article.digest = digest;
  return article;
}
