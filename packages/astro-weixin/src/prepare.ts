import path from 'node:path';
import { createWeixinProcessor, type WeixinProcessor } from '@astro-weixin/markdown';
import { frontmatterCover, type SelectedPost } from './posts.js';
import { resolveImage, ImageResolveError, type ResolveContext, type ImageSource } from './images/resolve.js';
import { sha256 } from './hash.js';
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
  const line = (key: string) => ({ line: post.parsed.lines.get(key) });

  const title = (post.settings.title ?? result.title ?? '').trim();
  if (!title)
    problems.error(post.file, 'the post has no title: add `title:` to the front matter (or `weixin.title`)', {
      line: 1,
    });
  else if ([...title].length > options.limits.title) {
    const key = post.settings.title ? 'weixin.title' : 'title';
    problems.error(
      post.file,
      `the title is ${[...title].length} characters, over WeChat's ${options.limits.title}: set a shorter \`weixin.title\``,
      line(key),
    );
  }

  const authorValue = post.settings.author ?? stringField(post.frontmatter['author']) ?? options.author;
  const author = authorValue?.trim() || undefined;
  if (author && [...author].length > options.limits.author) {
    const key = post.settings.author ? 'weixin.author' : 'author';
    problems.error(
      post.file,
      `the author "${author}" is ${[...author].length} characters, over WeChat's ${options.limits.author}: set a shorter \`weixin.author\``,
      line(key),
    );
  }

  let digest = (post.settings.digest ?? result.digest)?.trim() || undefined;
  if (digest && [...digest].length > options.limits.digest) {
    if (post.settings.digest) {
      problems.error(
        post.file,
        `\`weixin.digest\` is ${[...digest].length} characters, over WeChat's ${options.limits.digest}`,
        line('weixin.digest'),
      );
    } else {
      // A digest we derived (or took from `description`) is cut to fit rather than failing the build.
      digest = `${[...digest].slice(0, options.limits.digest - 1).join('')}…`;
    }
  }

  const resolveContext: ResolveContext = {
    root: context.root,
    publicDir: context.publicDir,
    srcDir: context.srcDir,
    postFile: post.absolutePath,
    remote: options.remoteImages,
  };
  const load = (src: string, base: ResolveContext): Promise<ImageSource> => {
    const key = /^[a-z]+:/i.test(src) || src.startsWith('/') ? src : path.resolve(path.dirname(base.postFile), src);
    let pending = cache.get(key);
    if (!pending) {
      pending = resolveImage(src, base);
      cache.set(key, pending);
    }
    return pending;
  };

  const images: PreparedImage[] = [];
  for (const asset of result.assets) {
    try {
      const source = await load(asset.src, resolveContext);
      images.push({
        placeholder: asset.placeholder,
        src: asset.src,
        kind: asset.kind,
        source,
        hash: sha256(source.data),
      });
    } catch (error) {
      const place = { line: asset.position?.start.line, column: asset.position?.start.column };
      problems.error(
        post.file,
        error instanceof ImageResolveError ? error.message : `image \`${asset.src}\`: ${(error as Error).message}`,
        place,
      );
    }
  }

  let cover: PreparedArticle['cover'] | undefined;
  const named = frontmatterCover(post);
  const coverCandidates: { src: string; base: ResolveContext; where: string; line?: number }[] = [];
  if (named)
    coverCandidates.push({
      src: named.src,
      base: resolveContext,
      where: `\`${named.key}\``,
      line: post.parsed.lines.get(named.key),
    });
  else if (options.defaultCover) {
    coverCandidates.push({
      src: options.defaultCover,
      base: { ...resolveContext, postFile: path.join(context.root, 'astro.config.mjs') },
      where: 'the `defaultCover` option',
    });
  }
  if (coverCandidates.length > 0) {
    const candidate = coverCandidates[0]!;
    try {
      const source = await load(candidate.src, candidate.base);
      cover = { src: candidate.src, source, hash: sha256(source.data) };
    } catch (error) {
      problems.error(post.file, `cover from ${candidate.where}: ${(error as Error).message}`, { line: candidate.line });
    }
  } else {
    const first = images.find((image) => image.kind === 'image');
    if (first) cover = { src: first.src, source: first.source, hash: first.hash };
    // A post whose images failed to load has those errors already; no cover is a consequence.
    else if (!result.assets.some((asset) => asset.kind === 'image'))
      problems.error(
        post.file,
        'the post has no cover: WeChat needs one. Add `weixin.cover` (or `cover`/`heroImage`) to the front matter, set the `defaultCover` option, or put an image in the post',
        { line: 1 },
      );
  }

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

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
