// Markdown through rehype-weixin as the tests need it: the syntax a post may use, then the HTML.
import rehypeRaw from 'rehype-raw';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import type { VFile } from 'vfile';
import rehypeWeixin, { type Options } from '../../src/index.js';
import { finalizeHtml } from '../../src/passes/limits.js';

/** The syntax read besides CommonMark; all of it unless turned off. `html`: raw HTML kept and parsed. */
export interface Syntax {
  gfm?: boolean;
  math?: boolean;
  html?: boolean;
}

/**
 * `markdown` (or a file holding it) rendered by rehype-weixin with `options`: the article HTML as
 * it is sent, and the file with its messages and data.
 */
export async function renderMarkdown(
  markdown: string | VFile,
  options: Options = {},
  { gfm = true, math = true, html = true }: Syntax = {},
): Promise<{ html: string; file: VFile }> {
  const file = await unified()
    .use(remarkParse)
    .use(gfm ? [remarkGfm] : [])
    .use(math ? [remarkMath] : [])
    .use(remarkRehype, { allowDangerousHtml: html })
    .use(html ? [rehypeRaw] : [])
    .use(rehypeWeixin, options)
    .use(rehypeStringify)
    .process(markdown);
  return { html: finalizeHtml(String(file)), file };
}
