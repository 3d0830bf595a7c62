import type { Root as HastRoot } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import rehypeStringify from 'rehype-stringify';
import rehypeWeixin, { finalizeHtml } from 'rehype-weixin';
import remarkDirective from 'remark-directive';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkRehype from 'remark-rehype';
import remarkWeixinMiniprogram, { remarkRestoreDirectives } from 'remark-weixin-miniprogram';
import { type Processor, unified } from 'unified';
import { VFile } from 'vfile';
import { toArticle } from './article.js';
import { remarkContainers } from './containers.js';
import { remarkForeignSyntax } from './foreign-syntax.js';
import { remarkAuthorDigest } from './digest.js';
import { remarkBoundNesting } from './depth.js';
import { remarkCurrencyDollars } from './dollars.js';
import { rehypeRawWhenNeeded } from './raw.js';
import { remarkFrontmatterData } from './frontmatter.js';
import { normalizeLineEndings } from './line-endings.js';
import { remarkParseGated } from './parse.js';
import { articleTitle, remarkTakeTitleHeading } from './title.js';
import type { ProcessorOptions, WeixinProcessor } from './types.js';

/**
 * One processor for many posts: plugins (and shiki's highlighter inside rehype-weixin) are set
 * up once. The order matters: directives are claimed before unclaimed ones are restored as text,
 * and raw HTML is parsed before rehype-weixin sanitises it.
 */
export function createWeixinProcessor(options: ProcessorOptions = {}): WeixinProcessor {
  const processor: Processor<MdastRoot, MdastRoot, HastRoot, HastRoot, string> = unified()
    .use(remarkParseGated)
    .use(remarkBoundNesting)
    .use(remarkFrontmatter, ['yaml'])
    .use(remarkFrontmatterData)
    .use(remarkAuthorDigest)
    .use(remarkGfm)
    .use(remarkMath)
    .use(remarkCurrencyDollars)
    .use(remarkDirective)
    .use(remarkWeixinMiniprogram, { ...options.miniprogram, mode: 'weixin' })
    .use(remarkContainers)
    .use(remarkRestoreDirectives)
    .use(remarkForeignSyntax)
    .use(remarkTakeTitleHeading)
    .use(remarkRehype, { allowDangerousHtml: true, footnoteLabel: '注释' })
    .use(rehypeRawWhenNeeded)
    .use(rehypeWeixin, options.weixin)
    .use(rehypeStringify) as never;
  return {
    async process(source, { path, frontmatter } = {}) {
      const file = new VFile({ value: normalizeLineEndings(source), ...(path ? { path } : {}) });
      if (frontmatter) file.data.matter = frontmatter;
      const tree = await processor.run(processor.parse(file), file);
      // The limits pass, last on the final tree, has serialised it already.
      const html = file.data.weixin?.html ?? finalizeHtml(processor.stringify(tree, file));
      return toArticle(file, html, articleTitle(file));
    },
  };
}
