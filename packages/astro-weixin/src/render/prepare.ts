import type { WeixinArticle, WeixinProcessor } from '@astro-weixin/markdown';
import { ARTICLE_LIMITS } from '@astro-weixin/rules';
import pLimit from 'p-limit';
import { articleFields } from './article-fields.js';
import type { CheckedMember, PrepareContext, PreparedArticle } from './article.js';
import { articleImages } from './article-images.js';
import { checkImagePost, imagePostText } from './image-post.js';
import { sha256 } from '../utils/hash.js';
import { cachedProcessor } from './render-cache.js';
import { type ImageLookup, ImageSources } from '../images/sources.js';
import type { SelectedPost } from '../select/posts.js';
import type { ResolvedOptions } from '../config/options.js';
import { ProblemList } from '../utils/problems.js';

const POSTS_IN_FLIGHT = 4;

/**
 * Renders each post and reads its images; every author mistake is reported, none thrown. `articles`
 * holds the posts without errors; `members` every post, for the checks across posts.
 */
export async function prepareArticles(
  posts: SelectedPost[],
  context: PrepareContext,
): Promise<{ articles: PreparedArticle[]; members: CheckedMember[]; images: ImageLookup[] }> {
  const articles: PreparedArticle[] = [];
  const members: CheckedMember[] = [];
  const sources = await ImageSources.open(context.root, context.cacheDir);
  const processorOptions = {
    miniprogram: {
      appid: context.options.miniprogram.appid,
      targets: context.options.miniprogram.targets,
      allowLongCardTitle: context.options.miniprogram.allowLongCardTitle,
    },
    // The contrast option sets the check's severity; `render.contrast`, when given, is taken as written.
    weixin: { contrast: { asErrors: context.options.contrast?.errors === true }, ...context.options.render },
  };
  // Posts rendered in this run rather than taken from the render cache, for the progress lines.
  const rendered = new Set<string | undefined>();
  const processor = await cachedProcessor(
    async () => {
      const renderer = (await import('@astro-weixin/markdown')).createWeixinProcessor(processorOptions);
      return {
        process: (source, post) => {
          rendered.add(post?.path);
          return renderer.process(source, post);
        },
      };
    },
    context.cacheDir,
    processorOptions,
  );
  // A few posts at a time, so one post's file reads and image decoding overlap another's rendering;
  // each collects its own problems, and they are reported in post order whatever finished first.
  const limit = pLimit(POSTS_IN_FLIGHT);
  const runs = posts.map((post) => {
    const problems = new ProblemList();
    const article = limit(() => prepareArticle(post, { ...context, problems }, sources, processor));
    // Awaited below, in order; this keeps a later post's failure from going unhandled meanwhile.
    article.catch(() => undefined);
    return { post, problems, article };
  });
  for (const run of runs) {
    const article = await run.article;
    context.problems.items.push(...run.problems.items);
    context.onProgress?.(run.post, article, rendered.has(run.post.absolutePath));
    if (article) articles.push(article);
    members.push(article ?? { post: run.post, title: run.post.settings.title ?? run.post.slug, contentHash: '' });
  }
  await sources.save();
  return { articles, members, images: [...sources.lookups.values()] };
}

async function prepareArticle(
  post: SelectedPost,
  context: PrepareContext,
  sources: ImageSources,
  processor: WeixinProcessor,
): Promise<PreparedArticle | undefined> {
  const { options, problems } = context;
  const errorsBefore = problems.errors.length;
  let source = post.source;
  if (post.file.endsWith('.mdx')) {
    const { mdxToMarkdown } = await import('./mdx.js');
    const converted = mdxToMarkdown(source);
    source = converted.markdown;
    for (const notice of converted.notices) problems[notice.severity](post.file, notice.message, notice);
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
  checkBody(post, result, options, problems);
  const { images, cover } = await articleImages(post, result, context, sources);
  const type = post.settings.type ?? 'news';
  const text = type === 'newspic' ? imagePostText(result.html) : undefined;
  if (text !== undefined) {
    const pictures = images.filter((image) => image.kind !== 'miniprogram-card');
    const lines = result.assets.filter((asset) => asset.kind === 'image').map((asset) => asset.position?.start.line);
    checkImagePost(post, pictures, lines, text, context);
  }

  if (problems.errors.length > errorsBefore || !cover || !title) return undefined;
  const showCoverPic = post.settings.show_cover_pic ?? options.showCoverPic;
  const needOpenComment = post.settings.need_open_comment ?? options.openComment;
  const onlyFansCanComment = post.settings.only_fans_can_comment ?? options.onlyFansCanComment;
  const contentHash = sha256(
    JSON.stringify({
      type,
      text,
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
    type,
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
  if (text !== undefined) article.text = text;
  return article;
}

/** The HTML length WeChat's editor is known to count in some accounts (errcode 45002). */
const HTML_WARNING_CHARACTERS = ARTICLE_LIMITS.contentCharacters;

/** An empty article is refused by WeChat after its cover is uploaded; a long HTML may be. */
function checkBody(
  post: SelectedPost,
  result: Pick<WeixinArticle, 'assets' | 'stats'>,
  options: ResolvedOptions,
  problems: ProblemList,
): void {
  // The body's first written line, or the line after the front matter when there is none.
  const blankLines = /^(?:[ \t]*\r?\n)*/.exec(post.parsed.body)![0].split('\n').length - 1;
  const bodyLine = post.parsed.bodyLineOffset + 1 + (post.parsed.body.trim() ? blankLines : 0);
  if (result.stats.textCharacters === 0 && result.assets.length === 0) {
    problems.error(
      post.file,
      'the post has no body: WeChat refuses an empty article; write some text under the front matter',
      {
        line: bodyLine,
      },
    );
  }
  const counts = options.render.limits?.contentCount ?? ARTICLE_LIMITS.contentCount;
  if (counts === 'text' && result.stats.htmlCharacters >= HTML_WARNING_CHARACTERS) {
    problems.warn(
      post.file,
      `the article's HTML is ${result.stats.htmlCharacters} characters (its text ${result.stats.textCharacters}); WeChat counts the text, but if it answers 45002 "content size out of limit", shorten the post or split it`,
      { line: bodyLine },
    );
  }
}
