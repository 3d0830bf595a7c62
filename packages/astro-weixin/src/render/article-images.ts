import path from 'node:path';
import type { WeixinArticle } from '@astro-weixin/markdown';
import { generateCover } from '../images/cover.js';
import { ImageResolveError, locateImage, type ResolveContext } from '../images/resolve.js';
import { type CheckedSource, type ImageSources, sourceInMemory } from '../images/sources.js';
import type { PreparedArticle, PrepareContext, PreparedImage } from './article.js';
import { frontmatterCover, type SelectedPost } from '../select/posts.js';

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
  const { options, problems } = context;
  const resolveContext: ResolveContext = {
    root: context.root,
    publicDir: context.publicDir,
    srcDir: context.srcDir,
    postFile: post.absolutePath,
    remote: options.remoteImages,
    rootReal: sources.rootReal,
  };
  const load = (src: string, base: ResolveContext): Promise<CheckedSource> => {
    const key = /^[a-z]+:/i.test(src) || src.startsWith('/') ? src : path.resolve(path.dirname(base.postFile), src);
    return sources.load(key, () => locateImage(src, base), { src, postFile: base.postFile });
  };

  // A post's images are read and decoded side by side (decoding runs on libvips' own threads).
  const loaded = await Promise.allSettled(result.assets.map((asset) => load(asset.src, resolveContext)));
  const images: PreparedImage[] = [];
  for (const [index, asset] of result.assets.entries()) {
    const outcome = loaded[index]!;
    if (outcome.status === 'fulfilled') {
      const source = outcome.value;
      images.push({
        placeholder: asset.placeholder,
        src: asset.src,
        kind: asset.kind,
        source,
        hash: source.hash,
      });
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
      cover = { src: candidate.src, source, hash: source.hash };
    } catch (error) {
      problems.error(post.file, `cover from ${candidate.where}: ${(error as Error).message}`, { line: candidate.line });
    }
  } else {
    const first = images.find((image) => image.kind === 'image');
    if (first) cover = { src: first.src, source: first.source, hash: first.hash };
    // A post whose images failed to load has those errors already; no cover is a consequence.
    else if (!result.assets.some((asset) => asset.kind === 'image')) {
      if (options.generatedCover) cover = await drawnCover(post, result, options.siteName, problems);
      else
        problems.error(
          post.file,
          'the post has no cover: WeChat needs one. Add `weixin.cover` (or `cover`/`heroImage`) to the front matter, set the `defaultCover` option, or put an image in the post',
          { line: 1 },
        );
    }
  }

  return { images, cover };
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
