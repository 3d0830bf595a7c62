import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PostOptions, WeixinArticle, WeixinProcessor } from '@astro-weixin/markdown';
import { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';
import { codeFingerprint, RENDERER_PACKAGES } from '../utils/code-fingerprint.js';
import { writeFileAtomic } from '../utils/atomic-write.js';

/** Bumped when what is stored changes shape. */
const ENTRY_VERSION = 1;

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
  // A change in the renderers' code makes every entry stale.
  const salt = `${await codeFingerprint(RENDERER_PACKAGES)}\n${JSON.stringify(options)}`;
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
  await writeFileAtomic(file, JSON.stringify(stored));
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
