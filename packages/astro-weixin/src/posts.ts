import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { z } from 'astro/zod';
import { parseSource, type ParsedSource } from './frontmatter.js';
import type { PostInfo, ResolvedOptions } from './options.js';
import type { ProblemList } from './problems.js';

/** Per-post settings an author may put under `weixin:` in front matter. */
const postSettingsSchema = z
  .object({
    title: z.string().optional(),
    author: z.string().optional(),
    digest: z.string().optional(),
    cover: z.string().optional(),
    content_source_url: z.string().optional(),
    show_cover_pic: z.boolean().optional(),
    need_open_comment: z.boolean().optional(),
    only_fans_can_comment: z.boolean().optional(),
    /** Posts with the same batch name go out together in one graphic message. */
    batch: z.string().optional(),
    /** Lower numbers come first inside a message; the first article is the big one. */
    order: z.number().optional(),
    /** Deliver this post again although it was published or sent before (once it changed). */
    republish: z.boolean().optional(),
  })
  .strict();

type PostSettings = z.infer<typeof postSettingsSchema>;

export interface SelectedPost extends PostInfo {
  /** Absolute path of the source file. */
  absolutePath: string;
  source: string;
  parsed: ParsedSource;
  settings: PostSettings;
  /** The post's address on the site, for "read the original". */
  url?: string;
  date?: Date;
}

const COVER_KEYS = ['cover', 'image', 'heroImage', 'coverImage'] as const;

/** Reads every candidate file and keeps those the author selected for WeChat. */
export async function selectPosts(
  root: string,
  options: ResolvedOptions,
  site: string | undefined,
  problems: ProblemList,
): Promise<SelectedPost[]> {
  const files = (await glob(options.include, { cwd: root, absolute: true, ignore: ['**/node_modules/**'] })).sort();
  const posts: SelectedPost[] = [];
  for (const absolutePath of files) {
    const file = path.relative(root, absolutePath).split(path.sep).join('/');
    const source = await readFile(absolutePath, 'utf8');
    const parsed = parseSource(source);
    if (parsed.yamlError) {
      // Only a problem when the post may be meant for WeChat; others are Astro's business.
      if (/^weixin\s*:/m.test(source))
        problems.error(file, `front matter is not valid YAML: ${parsed.yamlError.message}`, {
          line: parsed.yamlError.line,
          column: parsed.yamlError.column,
        });
      continue;
    }
    const { frontmatter } = parsed;
    const selection = frontmatter['weixin'];
    if (selection === undefined || selection === false || selection === null) continue;
    if (frontmatter['draft'] === true) continue;
    let settings: PostSettings = {};
    if (selection !== true) {
      const result = postSettingsSchema.safeParse(selection);
      if (!result.success) {
        for (const issue of result.error.issues) {
          const key = issue.path.length > 0 ? `weixin.${issue.path.join('.')}` : 'weixin';
          const detail =
            issue.code === 'unrecognized_keys'
              ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `\`${k}\``).join(', ')} (allowed: ${Object.keys(postSettingsSchema.shape).join(', ')})`
              : issue.message;
          problems.error(file, `\`${key}\`: ${detail}`, { line: parsed.lines.get(key) ?? parsed.lines.get('weixin') });
        }
        continue;
      }
      settings = result.data;
    }
    const { collection, slug } = identify(file, frontmatter);
    const info: PostInfo = { file, collection, slug, frontmatter };
    if (options.filter && !options.filter(info)) continue;
    const post: SelectedPost = { ...info, absolutePath, source, parsed, settings };
    const date = toDate(frontmatter['pubDate'] ?? frontmatter['date'] ?? frontmatter['publishDate']);
    if (date) post.date = date;
    const url = settings.content_source_url ?? postAddress(info, options.postUrl, site);
    if (url) post.url = url;
    posts.push(post);
  }
  return posts;
}

/** The cover an author named in front matter, with the key it came from (for messages). */
export function frontmatterCover(post: SelectedPost): { src: string; key: string } | undefined {
  if (post.settings.cover) return { src: post.settings.cover, key: 'weixin.cover' };
  for (const key of COVER_KEYS) {
    const value = post.frontmatter[key];
    if (typeof value === 'string' && value) return { src: value, key };
    // Astro's `image()` schema helpers and some templates nest the path: { src, alt }.
    if (value && typeof value === 'object' && typeof (value as { src?: unknown }).src === 'string') {
      return { src: (value as { src: string }).src, key };
    }
  }
  return undefined;
}

/** Collection and slug the way Astro's glob loader derives them from the path. */
function identify(file: string, frontmatter: Record<string, unknown>): { collection: string; slug: string } {
  const parts = file.split('/');
  const contentIndex = parts.indexOf('content');
  const inContent = contentIndex >= 0 && parts.length > contentIndex + 2;
  const collection = inContent ? parts[contentIndex + 1]! : path.posix.basename(path.posix.dirname(file));
  const rest = inContent ? parts.slice(contentIndex + 2) : parts.slice(-1);
  const explicit = frontmatter['slug'];
  if (typeof explicit === 'string' && explicit) return { collection, slug: explicit };
  const withoutExt = rest
    .join('/')
    .replace(/\.(md|mdx|markdown)$/i, '')
    .replace(/\/index$/i, '');
  const slug = withoutExt
    .split('/')
    .map((segment) =>
      segment
        .toLowerCase()
        .trim()
        .replace(/[\s_]+/g, '-')
        .replace(/[^\p{L}\p{N}-]/gu, ''),
    )
    .join('/');
  return { collection, slug };
}

/** The post's address as the `postUrl` option gives it: a path under the site's base, or a full URL. */
export function postPathname(info: PostInfo, pattern: ResolvedOptions['postUrl']): string {
  return typeof pattern === 'function'
    ? pattern(info)
    : pattern.replaceAll('{collection}', info.collection).replaceAll('{slug}', info.slug);
}

function postAddress(
  info: PostInfo,
  pattern: ResolvedOptions['postUrl'],
  site: string | undefined,
): string | undefined {
  const pathname = postPathname(info, pattern);
  if (/^https?:\/\//.test(pathname)) return pathname;
  if (!site) return undefined;
  // `site` already carries Astro's `base`; resolve relative to it so the base is kept.
  return new URL(pathname.replace(/^\//, ''), site.endsWith('/') ? site : `${site}/`).href;
}

function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === 'string' || typeof value === 'number') {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  return undefined;
}
