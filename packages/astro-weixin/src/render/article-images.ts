import path from 'node:path';
import type { WeixinArticle } from '@astro-weixin/markdown';
import { animationOf } from '../images/animation.js';
import { generateCover } from '../images/cover.js';
import { ImageResolveError, locateImage, type ResolveContext } from '../images/resolve.js';
import { type CheckedSource, type ImageSources, sourceInMemory } from '../images/sources.js';
import type { PreparedArticle, PrepareContext, PreparedImage } from './article.js';
import { frontmatterCover, type SelectedPost } from '../select/posts.js';

/** Reads an image for a post, once per distinct image however many posts share it. */
type LoadImage = (src: string, base: ResolveContext) => Promise<CheckedSource>;

/** An image that may become the cover, and how an error about it names where it came from. */
interface CoverCandidate {
  src: string;
  base: ResolveContext;
  where: string;
  line?: number | undefined;
}

/**
 * Reads a post's images and chooses its cover; each failure is reported with the post's line, none
 * thrown. Each distinct image is read and checked once, even when several posts share it.
 */
export async function articleImages(
  post: SelectedPost,
  result: Pick<WeixinArticle, 'assets' | 'title'>,
  context: PrepareContext,
  sources: ImageSources,
): Promise<{ images: PreparedImage[]; cover: PreparedArticle['cover'] | undefined }> {
  const base: ResolveContext = {
    root: context.root,
    publicDir: context.publicDir,
    srcDir: context.srcDir,
    postFile: post.absolutePath,
    remote: context.options.remoteImages,
    rootReal: sources.rootReal,
  };
  const load: LoadImage = (src, from) => {
    const key = /^[a-z]+:/i.test(src) || src.startsWith('/') ? src : path.resolve(path.dirname(from.postFile), src);
    return sources.load(key, () => locateImage(src, from), { src, postFile: from.postFile });
  };
  const images = await bodyImages(post, result.assets, base, load, context);
  const cover = await chooseCover(post, result, images, context, coverCandidate(post, context, base), load);
  return { images, cover };
}

/** The post's images, read and decoded side by side (decoding runs on libvips' own threads). */
async function bodyImages(
  post: SelectedPost,
  assets: WeixinArticle['assets'],
  base: ResolveContext,
  load: LoadImage,
  context: Pick<PrepareContext, 'options' | 'problems'>,
): Promise<PreparedImage[]> {
  const { problems } = context;
  const loaded = await Promise.allSettled(
    assets.map(async (asset) => {
      const source = await load(asset.src, base);
      return { source, kind: await imageKind(post, asset, source, context) };
    }),
  );
  const images: PreparedImage[] = [];
  for (const [index, asset] of assets.entries()) {
    const outcome = loaded[index]!;
    if (outcome.status === 'fulfilled') {
      const { source, kind } = outcome.value;
      images.push({ placeholder: asset.placeholder, src: asset.src, kind, source, hash: source.hash });
      continue;
    }
    const error = outcome.reason as Error;
    const place = { line: asset.position?.start.line, column: asset.position?.start.column };
    problems.error(
      post.file,
      error instanceof ImageResolveError ? error.message : `image \`${asset.src}\`: ${error.message}`,
      place,
    );
  }
  return images;
}

/**
 * How a body image goes up: an animated GIF within `gifMaxBytes` keeps its frames (permanent
 * material); a larger one goes through uploadimg as its first frame, with a warning saying how to shrink it.
 */
async function imageKind(
  post: SelectedPost,
  asset: WeixinArticle['assets'][number],
  source: CheckedSource,
  { options, problems }: Pick<PrepareContext, 'options' | 'problems'>,
): Promise<PreparedImage['kind']> {
  if (asset.kind !== 'image') return asset.kind;
  const animation = await animationOf(source);
  if (!animation) return 'image';
  if (animation.bytes <= options.gifMaxBytes) return 'animated-gif';
  const name = path.basename(asset.src.split(/[?#]/)[0] ?? asset.src);
  problems.warn(
    post.file,
    `animated GIF \`${asset.src}\` is ${sizeOf(animation.bytes)} (${animation.frames} frames), over the ${sizeOf(options.gifMaxBytes)} WeChat keeps animated (option \`gifMaxBytes\`): it is sent as its first frame, still. ` +
      `To keep it moving, make it smaller, e.g. \`gifsicle -b -O3 --lossy=80 --colors 128 --resize-width 480 ${name}\` (it rewrites the file), or keep fewer frames`,
    { line: asset.position?.start.line, column: asset.position?.start.column },
  );
  return 'image';
}

function sizeOf(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
}

/** The cover the author named: in front matter, or else with the `defaultCover` option. */
function coverCandidate(post: SelectedPost, context: PrepareContext, base: ResolveContext): CoverCandidate | undefined {
  const named = frontmatterCover(post);
  if (named) {
    return { src: named.src, base, where: `\`${named.key}\``, line: post.parsed.lines.get(named.key) };
  }
  if (context.options.defaultCover) {
    return {
      src: context.options.defaultCover,
      base: { ...base, postFile: path.join(context.root, 'astro.config.mjs') },
      where: 'the `defaultCover` option',
    };
  }
  return undefined;
}

/** The named cover; without one, the post's first image; without images, one drawn from the title. */
async function chooseCover(
  post: SelectedPost,
  result: Pick<WeixinArticle, 'assets' | 'title'>,
  images: PreparedImage[],
  context: PrepareContext,
  candidate: CoverCandidate | undefined,
  load: LoadImage,
): Promise<PreparedArticle['cover'] | undefined> {
  const { options, problems } = context;
  if (candidate) {
    try {
      const source = await load(candidate.src, candidate.base);
      return { src: candidate.src, source, hash: source.hash };
    } catch (error) {
      problems.error(post.file, `cover from ${candidate.where}: ${(error as Error).message}`, { line: candidate.line });
      return undefined;
    }
  }
  // An animated GIF makes a cover too: the thumb is its first frame.
  const first = images.find((image) => image.kind !== 'miniprogram-card');
  if (first) return { src: first.src, source: first.source, hash: first.hash };
  // A post whose images failed to load has those errors already; no cover is a consequence.
  if (result.assets.some((asset) => asset.kind === 'image')) return undefined;
  if (options.generatedCover) return drawnCover(post, result, options.siteName, problems);
  problems.error(
    post.file,
    'the post has no cover: WeChat needs one. Add `weixin.cover` (or `cover`/`heroImage`) to the front matter, set the `defaultCover` option, or put an image in the post',
    { line: 1 },
  );
  return undefined;
}

/** A cover drawn from the title; a post without a title has that error already and gets none. */
async function drawnCover(
  post: SelectedPost,
  result: Pick<WeixinArticle, 'title'>,
  siteName: string | undefined,
  problems: PrepareContext['problems'],
): Promise<PreparedArticle['cover'] | undefined> {
  const title = (post.settings.title ?? result.title ?? '').trim();
  if (!title) return undefined;
  try {
    const { wide } = await generateCover({ title, siteName: siteName ?? hostOf(post.url) });
    const source = sourceInMemory('drawn from the title', wide.data);
    return { src: 'drawn from the title', source, hash: source.hash };
  } catch (error) {
    problems.error(post.file, `the cover drawn from the title failed: ${(error as Error).message}`, { line: 1 });
    return undefined;
  }
}

function hostOf(url: string | undefined): string | undefined {
  return url && URL.canParse(url) ? new URL(url).hostname : undefined;
}
