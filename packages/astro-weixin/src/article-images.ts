import path from 'node:path';
import sharp from 'sharp';
import type { WeixinArticle } from '@astro-weixin/markdown';
import { sha256 } from './hash.js';
import { DecodedImages } from './images/cache.js';
import { generateCover } from './images/cover.js';
import { ImageResolveError, type ImageSource, type ResolveContext, resolveImage } from './images/resolve.js';
import type { PreparedArticle, PrepareContext, PreparedImage } from './prepare.js';
import { frontmatterCover, type SelectedPost } from './posts.js';

/**
 * Reads a post's images and chooses its cover; each failure is reported with the post's line, none
 * thrown. Image bytes are read once per distinct origin even when several posts share them.
 */
export async function articleImages(
  post: SelectedPost,
  result: Pick<WeixinArticle, 'assets' | 'title'>,
  context: PrepareContext,
  cache: Map<string, Promise<ImageSource>>,
): Promise<{ images: PreparedImage[]; cover: PreparedArticle['cover'] | undefined }> {
  const { options, problems } = context;
  const verdicts = new DecodedImages(context.cacheDir);
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
      pending = resolveImage(src, base).then((source) => decoded(source, context.root, verdicts));
      cache.set(key, pending);
    }
    return pending;
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
        hash: sha256(source.data),
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
      cover = { src: candidate.src, source, hash: sha256(source.data) };
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
    return {
      src: 'drawn from the title',
      source: { origin: 'drawn from the title', data: wide.data },
      hash: sha256(wide.data),
    };
  } catch (error) {
    problems.error(post.file, `the cover drawn from the title failed: ${(error as Error).message}`, { line: 1 });
    return undefined;
  }
}

function hostOf(url: string | undefined): string | undefined {
  return url && URL.canParse(url) ? new URL(url).hostname : undefined;
}

/**
 * Decodes every pixel, so a truncated or corrupt file is named here, with its post and line, rather
 * than failing in Astro's image step or half-way through the uploads.
 */
async function decoded(source: ImageSource, root: string, verdicts: DecodedImages): Promise<ImageSource> {
  const hash = sha256(source.data);
  if (await verdicts.known(hash)) return source;
  try {
    const { format } = await sharp(source.data, { animated: false, failOn: 'truncated' }).metadata();
    // A JPG or PNG that ends where its format says it ends is whole; anything else is decoded to the last pixel.
    if (!endsWhole(source.data, format)) await sharp(source.data, { animated: false, failOn: 'truncated' }).stats();
    await verdicts.remember(hash);
  } catch (error) {
    const name = path.isAbsolute(source.origin) ? path.relative(root, source.origin) : source.origin;
    throw new ImageResolveError(
      `image ${name} cannot be decoded, it is corrupt or not an image (${(error as Error).message.split('\n')[0]})`,
    );
  }
  return source;
}

/** Whether a JPG ends with its end-of-image marker, or a PNG with its IEND chunk: the cheap sign that nothing was cut off. */
function endsWhole(data: Uint8Array, format: string | undefined): boolean {
  const tail = (length: number) => Buffer.from(data.buffer, data.byteOffset + data.byteLength - length, length);
  if (data.byteLength < 12) return false;
  if (format === 'jpeg') return tail(2).equals(JPEG_END);
  if (format === 'png') return tail(12).subarray(4, 8).equals(PNG_END);
  return false;
}

const JPEG_END = Buffer.from([0xff, 0xd9]);
const PNG_END = Buffer.from('IEND', 'latin1');
