import type { Element, Root as HastRoot } from 'hast';
import type { Root as MdastRoot, Heading } from 'mdast';
import rehypeRaw from 'rehype-raw';
import rehypeStringify from 'rehype-stringify';
import rehypeWeixin, {
  finalizeHtml,
  type Options as WeixinOptions,
  type WeixinAsset,
  type WeixinReference,
  type WeixinStats,
} from 'rehype-weixin';
import remarkDirective from 'remark-directive';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import remarkWeixinMiniprogram, {
  remarkRestoreDirectives,
  type Options as MiniprogramOptions,
} from 'remark-weixin-miniprogram';
import { unified, type Processor } from 'unified';
import { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import { parseDocument, LineCounter } from 'yaml';

export interface Options {
  /** The source file, so messages read `file:line:column`. */
  path?: string;
  /** remark-weixin-miniprogram options (mode is always `weixin` here). */
  miniprogram?: Omit<MiniprogramOptions, 'mode'>;
  /** rehype-weixin options: theme, css, code, links, limits. */
  weixin?: WeixinOptions;
}

export interface WeixinArticle {
  html: string;
  assets: WeixinAsset[];
  title?: string;
  digest?: string;
  frontmatter: Record<string, unknown>;
  references: WeixinReference[];
  stats: WeixinStats;
  /** Every message from every step, with positions; `fatal: true` marks errors. */
  messages: VFileMessage[];
}

export interface WeixinProcessor {
  process(source: string, options?: { path?: string }): Promise<WeixinArticle>;
}

/**
 * One processor for many posts: plugins (and shiki's highlighter inside rehype-weixin) are set
 * up once. The order matters: directives are claimed before unclaimed ones are restored as text,
 * and raw HTML is parsed before rehype-weixin sanitises it.
 */
export function createWeixinProcessor(options: Omit<Options, 'path'> = {}): WeixinProcessor {
  const processor: Processor<MdastRoot, MdastRoot, HastRoot, HastRoot, string> = unified()
    .use(remarkParse)
    .use(remarkFrontmatter, ['yaml'])
    .use(remarkGfm)
    .use(remarkDirective)
    .use(remarkWeixinMiniprogram, { ...options.miniprogram, mode: 'weixin' })
    .use(remarkRestoreDirectives)
    .use(remarkDropTitle)
    .use(remarkRehype, { allowDangerousHtml: true, footnoteLabel: '注释' })
    .use(rehypeRaw)
    .use(rehypeWeixin, options.weixin)
    .use(rehypeStringify) as never;
  return {
    async process(source, { path } = {}) {
      const file = new VFile({ value: source, ...(path ? { path } : {}) });
      const frontmatter = readFrontmatter(source, file);
      const given = stringField(frontmatter['digest']) ?? stringField(frontmatter['description']);
      // The author's digest rides on the file, so one processor (one highlighter) serves every post.
      if (given)
        file.data.weixin = {
          assets: [],
          references: [],
          digest: given,
          stats: { htmlCharacters: 0, textCharacters: 0, bytes: 0 },
        };
      const tree = processor.parse(file);
      const transformed = await processor.run(tree, file);
      const html = finalizeHtml(processor.stringify(transformed, file));
      const data = file.data.weixin;
      const title = stringField(frontmatter['title']) ?? (file.data as { weixinTitle?: string }).weixinTitle;
      if (!title) {
        file.message('the post has no title: add `title:` to the front matter or start with a `# heading`', {
          place: { line: 1, column: 1 },
          ruleId: 'missing-title',
          source: '@astro-weixin/markdown',
        }).fatal = true;
      }
      return {
        html,
        assets: data?.assets ?? [],
        ...(title ? { title } : {}),
        ...(data?.digest ? { digest: data.digest } : {}),
        frontmatter,
        references: data?.references ?? [],
        stats: data?.stats ?? { htmlCharacters: html.length, textCharacters: 0, bytes: Buffer.byteLength(html) },
        messages: file.messages,
      };
    },
  };
}

/** Markdown with front matter -> WeChat article HTML, its images, title, digest and messages. */
export async function markdownToWeixin(source: string, options: Options = {}): Promise<WeixinArticle> {
  return createWeixinProcessor(options).process(source, options.path ? { path: options.path } : {});
}

/** `file:line:column: severity: reason`, one line each, for terminals and CI logs. */
export function formatMessages(messages: readonly VFileMessage[]): string {
  return messages
    .map(
      (m) =>
        `${m.file || '<input>'}:${m.line ?? 1}:${m.column ?? 1}: ${m.fatal === true ? 'error' : m.fatal === false ? 'warning' : 'info'}: ${m.reason}${m.source ? ` (${m.source}${m.ruleId ? `:${m.ruleId}` : ''})` : ''}`,
    )
    .join('\n');
}

/** WeChat shows the title above the article, so a leading `# title` would show it twice. */
function remarkDropTitle() {
  return (tree: MdastRoot, file: VFile): void => {
    const index = tree.children.findIndex((node) => node.type !== 'yaml' && node.type !== 'html');
    const first = tree.children[index];
    if (first && first.type === 'heading' && (first as Heading).depth === 1) {
      (file.data as { weixinTitle?: string }).weixinTitle = plainText(first);
      tree.children.splice(index, 1);
    }
  };
}

function plainText(node: { value?: string; children?: unknown[] }): string {
  if (typeof node.value === 'string') return node.value;
  return (node.children ?? []).map((child) => plainText(child as { value?: string; children?: unknown[] })).join('');
}

function readFrontmatter(source: string, file: VFile): Record<string, unknown> {
  const match = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(source);
  if (!match) return {};
  const lineCounter = new LineCounter();
  const doc = parseDocument(match[1] ?? '', { lineCounter });
  const error = doc.errors[0];
  if (error) {
    const pos = lineCounter.linePos(error.pos[0]);
    file.message(`front matter is not valid YAML: ${error.message.split('\n')[0]}`, {
      place: { line: pos.line + 1, column: pos.col },
      ruleId: 'invalid-frontmatter',
      source: '@astro-weixin/markdown',
    }).fatal = true;
    return {};
  }
  const value = doc.toJS() as unknown;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

export type { WeixinAsset, WeixinReference, WeixinStats } from 'rehype-weixin';
export type { Element };
