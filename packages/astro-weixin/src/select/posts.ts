import path from 'node:path';
import type { DecodedSource } from '@astro-weixin/markdown';
import { type CheckInputs, DEFAULT_INCLUDE, findPostFiles, POST_EXTENSIONS, readPostFile } from './post-files.js';
import { stampFile } from '../utils/file-stamp.js';
import { parseSource, type ParsedSource } from './frontmatter.js';
import { type PostSettings, postSettingsSchema } from '../config/schema.js';
import type { PostInfo, ResolvedOptions } from '../config/options.js';
import type { ProblemList } from '../utils/problems.js';
import type { Logger } from '../utils/logger.js';
import { type ContentEntry, ContentStoreError, contentStorePath, readContentStore } from './content-layer.js';
import { postAddress } from './post-address.js';

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

const MARKDOWN_FILE = new RegExp(`\\.(${POST_EXTENSIONS.join('|')})$`, 'i');

export interface SelectContext {
  root: string;
  options: ResolvedOptions;
  site?: string | undefined;
  /** Astro's cacheDir, where the content layer's data store is. */
  cacheDir?: string | undefined;
  logger?: Pick<Logger, 'warn'>;
  /** Records what was read, for the checks snapshot. */
  inputs?: CheckInputs;
  /** Receives each post seen but not selected, with the reason, so the log can account for every post. */
  leftOut?: LeftOutPost[];
}

/** A post Astro sees that does not go to WeChat, and why. */
export interface LeftOutPost {
  file: string;
  reason: LeftOutReason;
}

export type LeftOutReason =
  | 'no `weixin:`'
  | '`weixin: false`'
  | '`draft: true`'
  | 'the `filter` option'
  | 'invalid front matter'
  | 'not UTF-8';

/** A file or a content-layer entry that may be a post, before its front matter is judged. */
interface Candidate {
  file: string;
  absolutePath: string;
  source: string;
  parsed: ParsedSource;
  /** From the content layer: the collection and id Astro gave the entry. */
  entry?: { collection: string; id: string };
  /** Why the file's bytes are not UTF-8; `source` then holds them as the encoding they look like. */
  notUtf8?: Extract<DecodedSource, { ok: false }>;
}

/** Every candidate post, from the collections Astro loaded, or from `include` globs when set. */
async function findCandidates(context: SelectContext): Promise<Candidate[]> {
  const { inputs } = context;
  // Each file's stamp is taken before it is read: one changed meanwhile is read again next build.
  const read = (file: string) => (inputs ? inputs.read(file) : readPostFile(file));
  if (!context.options.include && context.cacheDir) {
    if (inputs) inputs.store = await stampFile(contentStorePath(context.cacheDir));
    try {
      const entries = await readContentStore(context.cacheDir);
      // A site without content collections keeps its posts in files only.
      if (entries && entries.length > 0) {
        const found = await Promise.all(entries.map((entry) => fromEntry(context.root, entry, read)));
        return found.filter((candidate) => candidate !== undefined);
      }
    } catch (error) {
      if (!(error instanceof ContentStoreError)) throw error;
      // The warning must be given again next build, so this run is not kept.
      if (inputs) inputs.reusable = false;
      context.logger?.warn(
        `Astro's content layer could not be read (${error.message}); looking for posts with the include globs instead (${DEFAULT_INCLUDE.join(', ')}). Set \`include\` to choose the files yourself.`,
      );
    }
  }
  const files = await findPostFiles(context.root, context.options.include);
  if (inputs) inputs.globbed = files;
  return Promise.all(files.map(async (absolutePath) => fromFile(context.root, absolutePath, await read(absolutePath))));
}

function fromFile(root: string, absolutePath: string, decoded: DecodedSource): Candidate {
  const file = path.relative(root, absolutePath).split(path.sep).join('/');
  const source = decoded.ok ? decoded.text : decoded.guessedText;
  return { file, absolutePath, source, parsed: parseSource(source), ...(decoded.ok ? {} : { notUtf8: decoded }) };
}

/**
 * A Markdown entry is read from its file, whose raw front matter keeps `weixin:` (a schema may strip
 * it) and whose lines messages point at. Other entries (`file()`, remote loaders) bring their data.
 */
async function fromEntry(
  root: string,
  entry: ContentEntry,
  read: (file: string) => Promise<DecodedSource>,
): Promise<Candidate | undefined> {
  const identity = { collection: entry.collection, id: entry.id };
  if (entry.filePath && MARKDOWN_FILE.test(entry.filePath)) {
    const absolutePath = path.resolve(root, entry.filePath);
    let decoded: DecodedSource;
    try {
      decoded = await read(absolutePath);
    } catch {
      // A store from an earlier build (the CLI) may list a post deleted since.
      return undefined;
    }
    return { ...fromFile(root, absolutePath, decoded), entry: identity };
  }
  const file = entry.filePath ? `${entry.filePath}#${entry.id}` : `${entry.collection}/${entry.id}`;
  const source = entry.body ?? (typeof entry.data['body'] === 'string' ? entry.data['body'] : '');
  return {
    file,
    absolutePath: path.resolve(root, entry.filePath ?? path.join(entry.collection, entry.id)),
    source,
    parsed: { frontmatter: entry.data, lines: new Map(), body: source, bodyLineOffset: 0 },
    entry: identity,
  };
}

/** Reads every candidate and keeps those the author selected for WeChat. */
export async function selectPosts(context: SelectContext, problems: ProblemList): Promise<SelectedPost[]> {
  const { options, site } = context;
  const posts: SelectedPost[] = [];
  const leaveOut = (file: string, reason: LeftOutReason) => context.leftOut?.push({ file, reason });
  for (const { file, absolutePath, source, parsed, entry, notUtf8 } of await findCandidates(context)) {
    // Only a problem when the post may be meant for WeChat; others are Astro's business.
    const meantForWeixin = /^weixin\s*:/m.test(source);
    if (notUtf8) {
      const place = { line: notUtf8.line, column: notUtf8.column };
      if (meantForWeixin) problems.error(file, notUtf8.reason, place);
      else problems.warn(file, `${notUtf8.reason} (It has no \`weixin:\`, so only the site shows it garbled.)`, place);
      leaveOut(file, 'not UTF-8');
      continue;
    }
    if (parsed.yamlError) {
      if (meantForWeixin)
        problems.error(file, `front matter is not valid YAML: ${parsed.yamlError.message}`, {
          line: parsed.yamlError.line,
          column: parsed.yamlError.column,
        });
      leaveOut(file, 'invalid front matter');
      continue;
    }
    const { frontmatter } = parsed;
    const selection = frontmatter['weixin'];
    if (selection === undefined || selection === null) {
      leaveOut(file, 'no `weixin:`');
      continue;
    }
    if (selection === false) {
      leaveOut(file, '`weixin: false`');
      continue;
    }
    if (frontmatter['draft'] === true) {
      leaveOut(file, '`draft: true`');
      continue;
    }
    const settings = selection === true ? {} : readSettings(selection, file, parsed, problems);
    const { collection, slug } = entry ? { collection: entry.collection, slug: entry.id } : identify(file, frontmatter);
    const info: PostInfo = { file, collection, slug, frontmatter };
    if (options.filter) {
      const kept = options.filter(info);
      // Asked again of a snapshot: the function may decide by more than the post.
      context.inputs?.filtered.push({ info, kept });
      if (!kept) {
        leaveOut(file, 'the `filter` option');
        continue;
      }
    }
    const post: SelectedPost = { ...info, absolutePath, source, parsed, settings };
    const date = toDate(frontmatter['pubDate'] ?? frontmatter['date'] ?? frontmatter['publishDate']);
    if (date) post.date = date;
    const url = checkedAddress(settings, info, options.postUrl, site, parsed, problems);
    if (url) post.url = url;
    posts.push(post);
  }
  return posts;
}

/**
 * The `weixin:` settings; each wrong key is reported with its line, and the valid ones are kept so
 * the post still goes through every other check.
 */
function readSettings(selection: unknown, file: string, parsed: ParsedSource, problems: ProblemList): PostSettings {
  const result = postSettingsSchema.safeParse(selection);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const key = issue.path.length > 0 ? `weixin.${issue.path.join('.')}` : 'weixin';
    const detail =
      issue.code === 'unrecognized_keys'
        ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `\`${k}\``).join(', ')} (allowed: ${Object.keys(postSettingsSchema.shape).join(', ')})`
        : issue.message;
    // An unknown key is reported at its own line, not at `weixin:`.
    const own = issue.code === 'unrecognized_keys' ? parsed.lines.get(`weixin.${issue.keys[0]}`) : undefined;
    problems.error(file, `\`${key}\`: ${detail}`, { line: own ?? parsed.lines.get(key) ?? parsed.lines.get('weixin') });
  }
  if (!selection || typeof selection !== 'object') return {};
  const kept: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(postSettingsSchema.shape)) {
    const value = (selection as Record<string, unknown>)[key];
    if (value !== undefined && field.safeParse(value).success) kept[key] = value;
  }
  return kept as PostSettings;
}

/** content_source_url must be an absolute http(s) address: WeChat links "read the original" to it. */
function checkedAddress(
  settings: PostSettings,
  info: PostInfo,
  pattern: ResolvedOptions['postUrl'],
  site: string | undefined,
  parsed: ParsedSource,
  problems: ProblemList,
): string | undefined {
  if (settings.content_source_url !== undefined) {
    const given = settings.content_source_url;
    if (isWebAddress(given)) return given;
    problems.error(
      info.file,
      `\`weixin.content_source_url\` is "${given}", not an absolute http(s) address: write it as https://…`,
      { line: parsed.lines.get('weixin.content_source_url') },
    );
    return undefined;
  }
  const address = postAddress(info, pattern, site);
  if (address === undefined || isWebAddress(address)) return address;
  problems.error(
    info.file,
    `the post's address "${address}" (from the \`postUrl\` option) is not an absolute http(s) address: make \`postUrl\` give a path on the site or an https://… address`,
    { line: 1 },
  );
  return undefined;
}

function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
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

function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === 'string' || typeof value === 'number') {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  return undefined;
}
