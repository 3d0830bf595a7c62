import type { Image, Paragraph, Parent, PhrasingContent, Root, Text } from 'mdast';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { positionIn } from './points.js';

type Position = NonNullable<Text['position']>;

/** What a piece of another tool's syntax becomes: nodes in its place, and a word to the author if any. */
interface Rewrite {
  nodes: PhrasingContent[];
  warning?: { reason: string; ruleId: string };
}

const SOURCE = '@astro-weixin/markdown';
const IMAGE_FILE = /\.(?:png|jpe?g|gif|webp|avif|svg|bmp|tiff?|heic)(?:[?#].*)?$/i;

/**
 * Obsidian's `![[embed]]` and `[[wikilink|text]]`, Hexo's `{% tag %}`, Hugo's `{{< shortcode >}}`
 * and Typora's `[TOC]`, as a post written for those tools has them. Markdown reads them as plain
 * text, so they would reach readers as raw syntax.
 */
const FOREIGN =
  /!\[\[([^\]\n]+)\]\]|\[\[([^\]\n]+)\]\]|\{%-?[ \t]*(\w+)([^%\n]*?)-?%\}|\{\{[<%][ \t]*(\/?[\w./-]+)([^}\n]*?)[>%]\}\}|\[TOC\]/gi;

/**
 * Other tools' syntax, made into what it means where WeChat can show it, or taken out with a
 * warning at its line that says what to write instead; never left as raw text without a word.
 * Images are kept as images: an Obsidian image embed, Hexo's `asset_img` and `img`, Hugo's
 * `figure`. `==highlight==` and `> [!note]` callouts are rehype-weixin's (marks and callouts).
 */
export function remarkForeignSyntax() {
  return (tree: Root, file: VFile): void => {
    const source = String(file.value);
    if (!/\[\[|\{%|\{\{[<%]|\[toc\]/i.test(source)) return;
    const touched = new Set<Paragraph>();
    visit(tree, 'text', (node, index, parent) => {
      if (!parent || index === undefined) return undefined;
      const replaced = rewriteText(node, file);
      if (!replaced) return undefined;
      parent.children.splice(index, 1, ...(replaced as never[]));
      if (parent.type === 'paragraph') touched.add(parent);
      return [SKIP, index + replaced.length];
    });
    if (touched.size > 0) removeEmptyParagraphs(tree, touched);
  };
}

/** The text with each piece of foreign syntax rewritten, or undefined when it has none. */
function rewriteText(node: Text, file: VFile): PhrasingContent[] | undefined {
  const value = node.value;
  const result: PhrasingContent[] = [];
  let last = 0;
  for (const match of value.matchAll(FOREIGN)) {
    const rewrite = rewriteMatch(match);
    const place = placeOf(node, value, match.index);
    if (rewrite.warning) {
      file.message(rewrite.warning.reason, {
        ...(place ? { place } : {}),
        ruleId: rewrite.warning.ruleId,
        source: SOURCE,
      });
    }
    if (match.index > last) result.push({ type: 'text', value: value.slice(last, match.index) });
    const end = placeOf(node, value, match.index + match[0].length);
    // An image's place is where its asset is reported (not found, too large…).
    for (const made of rewrite.nodes)
      if (made.type === 'image' && place && end) made.position = positionIn(file, place, end);
    result.push(...rewrite.nodes);
    last = match.index + match[0].length;
  }
  if (last === 0) return undefined;
  if (last < value.length) result.push({ type: 'text', value: value.slice(last) });
  return result;
}

function rewriteMatch(match: RegExpMatchArray): Rewrite {
  const [whole, embed, wikilink, hexoName, hexoArgs, hugoName, hugoArgs] = match;
  if (embed !== undefined) return obsidianEmbed(embed, whole);
  // `[[1]]` is a citation in many posts, not a link to a note named 1.
  if (wikilink !== undefined)
    return /^[\d\s,–-]+$/.test(wikilink) ? { nodes: [{ type: 'text', value: whole }] } : obsidianLink(wikilink, whole);
  if (hexoName !== undefined) return hexoTag(hexoName, hexoArgs ?? '', whole);
  if (hugoName !== undefined) return hugoShortcode(hugoName, hugoArgs ?? '', whole);
  return warned(
    [],
    'toc-marker',
    '`[TOC]` makes no table of contents in WeChat and is taken out; if the post needs one, write it as a list',
  );
}

function obsidianEmbed(inner: string, whole: string): Rewrite {
  const [target = '', alias] = inner.split('|').map((part) => part.trim());
  if (IMAGE_FILE.test(target)) {
    // `![[a.png|300]]` gives a width, which WeChat sizes to the column anyway; any other alias is the alt text.
    const alt = alias && !/^\d+(x\d+)?$/.test(alias) ? alias : (target.split('/').pop() ?? target);
    return { nodes: [image(target, alt)] };
  }
  const name = alias || target.replace(/#.*/, '');
  return warned(
    [{ type: 'text', value: name }],
    'obsidian-embed',
    `\`${whole}\` embeds an Obsidian note, which WeChat cannot show: it is shown as “${name}”; paste the note's text here, or link to it with [text](https://…)`,
  );
}

function obsidianLink(inner: string, whole: string): Rewrite {
  const [target = '', alias] = inner.split('|').map((part) => part.trim());
  const text = alias || target.replace(/#\^?/, ' › ');
  return warned(
    [{ type: 'text', value: text }],
    'obsidian-wikilink',
    `\`${whole}\` is an Obsidian link, with no address outside the vault: it is shown as “${text}”; write [${text}](https://…) for a link`,
  );
}

/** Hexo's tag plugins: images kept, the rest taken out with what to write in Markdown instead. */
function hexoTag(name: string, args: string, whole: string): Rewrite {
  const words = splitArguments(args);
  if (name === 'asset_img' || name === 'asset_image') {
    const [src = '', ...title] = words;
    return { nodes: [image(src, title.join(' '))] };
  }
  if (name === 'img' || name === 'image') {
    const at = words.findIndex((word) => /^(?:https?:)?\/|\./.test(word) && IMAGE_FILE.test(word));
    if (at >= 0)
      return {
        nodes: [
          image(
            words[at]!,
            words
              .slice(at + 1)
              .filter((word) => !/^\d+$/.test(word))
              .join(' '),
          ),
        ],
      };
  }
  if (name.startsWith('end')) return { nodes: [] };
  const instead = HEXO_INSTEAD[name] ?? 'write it in Markdown';
  return warned(
    [],
    'hexo-tag',
    `the Hexo tag \`${whole}\` is not Markdown and is taken out (with its \`{% end${name} %}\`); ${instead}`,
  );
}

const HEXO_INSTEAD: Record<string, string> = {
  note: 'for a box, write `:::note` … `:::`',
  codeblock: 'for code, write a ``` fence',
  code: 'for code, write a ``` fence',
  blockquote: 'for a quote, write `>` lines',
  pullquote: 'for a quote, write `>` lines',
  raw: 'the text inside is kept as Markdown',
  link: 'for a link, write [text](https://…)',
  youtube: 'WeChat plays no embedded video: link to it with [text](https://…)',
  iframe: 'WeChat shows no iframe: link to it with [text](https://…)',
  include_code: 'paste the code in a ``` fence',
};

/** Hugo's shortcodes: `figure` kept as an image, the rest taken out. */
function hugoShortcode(name: string, args: string, whole: string): Rewrite {
  if (name.startsWith('/')) return { nodes: [] };
  if (name === 'figure' || name === 'img') {
    const attributes = Object.fromEntries(
      [...args.matchAll(/([\w-]+)=(?:"([^"]*)"|'([^']*)'|(\S+))/g)].map((m) => [m[1]!, m[2] ?? m[3] ?? m[4] ?? '']),
    );
    if (attributes['src'])
      return {
        nodes: [image(attributes['src'], attributes['alt'] ?? attributes['title'] ?? attributes['caption'] ?? '')],
      };
  }
  return warned(
    [],
    'hugo-shortcode',
    `the Hugo shortcode \`${whole}\` is not Markdown and is taken out; write what it shows in Markdown (a link for a video or a tweet)`,
  );
}

function image(url: string, alt: string): Image {
  return { type: 'image', url: encodeURI(url), alt };
}

function warned(nodes: PhrasingContent[], ruleId: string, reason: string): Rewrite {
  return { nodes, warning: { reason, ruleId } };
}

/** Words, a quoted run counting as one (Hexo's `'"title" "alt"'`). */
function splitArguments(args: string): string[] {
  return [...args.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

/** Where in the source a match inside a text node starts (text in Markdown keeps its lines). */
function placeOf(node: Text, value: string, offset: number): Position['start'] | undefined {
  const start = node.position?.start;
  if (!start) return undefined;
  const before = value.slice(0, offset);
  const lines = before.split('\n');
  return lines.length === 1
    ? { line: start.line, column: start.column + offset }
    : { line: start.line + lines.length - 1, column: lines.at(-1)!.length + 1 };
}

/**
 * Paragraphs left with nothing (a shortcode on a line of its own) are not kept as empty ones, and
 * the line breaks a tag left at either end of one are trimmed.
 */
function removeEmptyParagraphs(tree: Root, touched: Set<Paragraph>): void {
  for (const paragraph of touched) {
    const first = paragraph.children[0];
    if (first?.type === 'text') first.value = first.value.trimStart();
    const last = paragraph.children.at(-1);
    if (last?.type === 'text') last.value = last.value.trimEnd();
    paragraph.children = paragraph.children.filter((child) => child.type !== 'text' || child.value !== '');
  }
  visit(tree, (node) => {
    if (!('children' in node)) return;
    const parent = node as Parent;
    parent.children = parent.children.filter(
      (child) => !(child.type === 'paragraph' && touched.has(child) && child.children.length === 0),
    ) as Parent['children'];
  });
}
