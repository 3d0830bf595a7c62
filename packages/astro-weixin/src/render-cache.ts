import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PostOptions, WeixinArticle, WeixinProcessor } from '@astro-weixin/markdown';
import { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';

/** Bumped when what is stored changes shape. */
const ENTRY_VERSION = 1;

/** The packages whose code decides the HTML: a change in any of them makes every entry stale. */
const RENDERERS = ['@astro-weixin/markdown', 'rehype-weixin', 'remark-weixin-miniprogram'];

interface StoredMessage {
  reason: string;
  line?: number;
  column?: number;
  fatal?: boolean | null | undefined;
  ruleId?: string;
  source?: string;
}

type StoredArticle = Omit<WeixinArticle, 'messages' | 'file'> & { messages: StoredMessage[] };

/**
 * Rendered articles kept between builds in Astro's cache directory, keyed by the post's source and
 * front matter, the rendering options, and the renderer's own code: a rebuild renders only the
 * posts that changed. A damaged entry is rendered again; a cache that cannot be written is skipped.
 */
export async function cachedProcessor(
  create: () => Promise<WeixinProcessor>,
  cacheDir: string | undefined,
  options: unknown,
): Promise<WeixinProcessor> {
  if (!cacheDir) return create();
  // Made on the first post not in the cache: a rebuild with nothing changed never loads the renderer.
  let processor: Promise<WeixinProcessor> | undefined;
  const dir = path.join(cacheDir, 'astro-weixin', `render-v${ENTRY_VERSION}`);
  const salt = `${await rendererFingerprint()}\n${JSON.stringify(options)}`;
  return {
    async process(source, post: PostOptions = {}) {
      const key = createHash('sha256')
        .update(`${salt}\n${post.path ?? ''}\n${JSON.stringify(post.frontmatter ?? null)}\n${source}`)
        .digest('hex');
      const file = path.join(dir, `${key}.json`);
      const cached = await readFile(file, 'utf8')
        .then((text) => revive(JSON.parse(text) as StoredArticle, post.path))
        .catch(() => undefined);
      if (cached) return cached;
      processor ??= create();
      const rendered = await (await processor).process(source, post);
      await store(file, rendered).catch(() => undefined);
      return rendered;
    },
  };
}

async function store(file: string, article: WeixinArticle): Promise<void> {
  const { file: _file, messages, ...rest } = article;
  const stored: StoredArticle = {
    ...rest,
    messages: messages.map((m) => ({
      reason: m.reason,
      ...(m.line ? { line: m.line } : {}),
      ...(m.column ? { column: m.column } : {}),
      fatal: m.fatal,
      ...(m.ruleId ? { ruleId: m.ruleId } : {}),
      ...(m.source ? { source: m.source } : {}),
    })),
  };
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(stored));
  await rename(temporary, file);
}

function revive(stored: StoredArticle, filePath: string | undefined): WeixinArticle {
  const file = new VFile(filePath ? { path: filePath } : {});
  for (const message of stored.messages) {
    const place = message.line ? { line: message.line, column: message.column ?? 1 } : undefined;
    const revived = new VFileMessage(message.reason, {
      ...(place ? { place } : {}),
      ...(message.ruleId ? { ruleId: message.ruleId } : {}),
      ...(message.source ? { source: message.source } : {}),
    });
    revived.fatal = message.fatal;
    if (filePath) revived.file = filePath;
    file.messages.push(revived);
  }
  return { ...stored, messages: file.messages, file };
}

let fingerprint: Promise<string> | undefined;

/**
 * What identifies the renderer packages' built code, once per process: each file's name, size and
 * modification time (a rebuilt or upgraded package changes them), without reading the code itself.
 */
function rendererFingerprint(): Promise<string> {
  fingerprint ??= (async () => {
    const hash = createHash('sha256');
    for (const name of RENDERERS) {
      const dir = path.dirname(fileURLToPath(import.meta.resolve(name)));
      const files = (await readdir(dir, { recursive: true }))
        .filter((entry) => /\.(js|ts)$/.test(entry) && !entry.endsWith('.d.ts'))
        .sort();
      const stats = await Promise.all(files.map((entry) => stat(path.join(dir, entry))));
      files.forEach((entry, index) => {
        hash.update(`${entry} ${stats[index]!.size} ${stats[index]!.mtimeMs}\n`);
      });
    }
    return hash.digest('hex');
  })();
  return fingerprint;
}
