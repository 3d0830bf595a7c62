import type { Element, ElementContent, Root } from 'hast';
import { toString as hastToString } from 'hast-util-to-string';
import { bundledLanguages, type BundledLanguage } from 'shiki';
import { visit } from '../utils/visit.js';
import type { VFile } from 'vfile';
import { addStyle } from '../css/style.js';
import { sharedHighlighter } from '../utils/highlighter.js';

export interface CodeOptions {
  /** The shiki theme that colours code. */
  shikiTheme?: string;
  /** Spaces per tab. */
  tabWidth?: number;
  /** Languages written plainly, without colours. */
  plainLanguages?: string[];
}

const NBSP = '\u00a0';
/** Per line: far beyond any real line on a loaded machine, yet a bound for a grammar that backtracks. */
const TOKENIZE_TIME_LIMIT = 20_000;
const ALIASES: Record<string, string> = {
  sh: 'shellscript',
  shell: 'shellscript',
  bash: 'shellscript',
  zsh: 'shellscript',
  js: 'javascript',
  ts: 'typescript',
  py: 'python',
  yml: 'yaml',
  md: 'markdown',
  rs: 'rust',
  golang: 'go',
};

type CodeToken = { content: string; color?: string; fontStyle?: number };
interface CodeBlock {
  pre: Element;
  code: Element;
  lang?: string;
}

/**
 * The WeChat editor collapses newlines and runs of spaces in code, so code is written as
 * coloured spans (shiki, as Astro uses) with `<br>` for newlines and no-break spaces for
 * indentation, inside a block that scrolls sideways rather than wrapping.
 */
export default function rehypeWeixinCode(options: CodeOptions = {}) {
  const theme = options.shikiTheme ?? 'github-light';
  const tab = NBSP.repeat(options.tabWidth ?? 4);
  const plain = new Set(options.plainLanguages ?? ['text', 'txt', 'plain', 'plaintext']);
  return async (tree: Root, file: VFile): Promise<void> => {
    for (const block of findCodeBlocks(tree)) {
      // A carriage return (a CRLF file through another pipeline) would be a raw break inside <code>.
      const source = hastToString(block.code).replace(/\r\n?/g, '\n').replace(/\n$/, '');
      const lang = knownLanguage(block, plain, file);
      let lines: CodeToken[][];
      let background: string | undefined;
      if (lang) {
        const result = (await sharedHighlighter(theme, lang)).codeToTokens(source, {
          lang: lang as BundledLanguage,
          theme,
          // shiki stops colouring a line after 500 ms, so a busy machine gave other HTML for the same post.
          tokenizeTimeLimit: TOKENIZE_TIME_LIMIT,
        });
        lines = result.tokens;
        background = result.bg;
      } else {
        lines = source.split('\n').map((line) => [{ content: line }]);
      }
      block.code.children = codeChildren(lines, tab);
      block.code.properties = { dataWeixinBlockCode: '' };
      // doocs/md found that only a -webkit-box code scrolls sideways in WeChat's mobile view.
      addStyle(block.code, { display: '-webkit-box', 'overflow-x': 'auto', 'white-space': 'nowrap' });
      block.pre.properties = { dataWeixinCode: '', ...(background ? { dataWeixinBackground: background } : {}) };
    }
  };
}

/** Every `<pre><code>` block with its language; inline `<code>` is marked on the way. */
function findCodeBlocks(tree: Root): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  visit(tree, 'element', (node) => {
    if (node.tagName === 'pre') {
      const code = node.children.find(
        (child): child is Element => child.type === 'element' && child.tagName === 'code',
      );
      if (code) {
        const className = ([] as unknown[]).concat(code.properties['className'] ?? []).map(String);
        const lang = className
          .find((name) => name.startsWith('language-'))
          ?.slice(9)
          .toLowerCase();
        blocks.push({ pre: node, code, ...(lang ? { lang } : {}) });
      }
      return 'skip';
    }
    if (node.tagName === 'code') node.properties['dataWeixinInlineCode'] = '';
    return undefined;
  });
  return blocks;
}

/** The shiki language to colour a block with, or undefined for plain text (warning when unknown). */
function knownLanguage(block: CodeBlock, plain: Set<string>, file: VFile): string | undefined {
  const lang = block.lang ? (ALIASES[block.lang] ?? block.lang) : undefined;
  if (!lang || plain.has(lang)) return undefined;
  if (lang in bundledLanguages) return lang;
  file.message(`unknown code language \`${block.lang}\`: the block is shown without colours`, {
    place: block.pre.position,
    ruleId: 'unknown-language',
    source: 'rehype-weixin',
  }).fatal = false;
  return undefined;
}

/** Lines of tokens as coloured spans with `<br>` between lines and no-break spaces for indentation. */
function codeChildren(lines: CodeToken[][], tab: string): ElementContent[] {
  const children: ElementContent[] = [];
  lines.forEach((tokens, index) => {
    if (index > 0) children.push({ type: 'element', tagName: 'br', properties: {}, children: [] });
    for (const token of tokens) {
      const value = token.content.replaceAll('\t', tab).replaceAll(' ', NBSP);
      if (!value) continue;
      const style = [
        token.color ? `color:${token.color}` : '',
        token.fontStyle && token.fontStyle & 1 ? 'font-style:italic' : '',
        token.fontStyle && token.fontStyle & 2 ? 'font-weight:bold' : '',
      ]
        .filter(Boolean)
        .join(';');
      children.push(
        style
          ? { type: 'element', tagName: 'span', properties: { style }, children: [{ type: 'text', value }] }
          : { type: 'text', value },
      );
    }
  });
  return children;
}
