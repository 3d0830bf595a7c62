import type { Root } from 'hast';
import postcss from 'postcss';
import type { VFile } from 'vfile';
import { rejectedBecause } from '../css/editor-rules.js';
import { colorRole, readDeclarations } from '../dark-mode/declarations.js';
import { visit } from '../utils/visit.js';

/** Distinct styles remembered per processor; past this the memory starts afresh. */
const MAX_STYLES_KEPT = 2000;

/** A `style` attribute as the editor keeps it, and what was taken out of it and why. */
export interface CleanedStyle {
  style: string;
  dropped: { declaration: string; reason: string }[];
}

/**
 * A `style` attribute through the same allowlist as the theme (see `rejectedBecause`), read
 * with the same CSS parser. A style that cannot be read as declarations (a `}` breaking out of
 * it, an unclosed comment or string) is dropped whole: what a browser would make of it is not
 * worth guessing.
 */
export function cleanInlineStyle(style: string): CleanedStyle {
  let root: postcss.Root;
  try {
    root = postcss.parse(style);
  } catch {
    return { style: '', dropped: [{ declaration: style.trim(), reason: 'it cannot be read as CSS declarations' }] };
  }
  const kept: string[] = [];
  const dropped: CleanedStyle['dropped'] = [];
  for (const node of root.nodes) {
    if (node.type === 'decl') {
      const important = node.important ? ' !important' : '';
      const reason = rejectedBecause(node.prop, node.value);
      if (reason) dropped.push({ declaration: `${node.prop}: ${node.value}${important}`, reason });
      else kept.push(`${node.prop.toLowerCase()}:${node.value}${important}`);
    } else if (node.type === 'atrule') {
      dropped.push({ declaration: `@${node.name} ${node.params}`.trim(), reason: 'at-rules do nothing in a style' });
    } else if (node.type === 'rule') {
      dropped.push({ declaration: `${node.selector} {…}`, reason: 'a rule cannot be written in a style' });
    }
  }
  return { style: kept.join(';'), dropped };
}

/**
 * Whether a style gives a colour the contrast check reads (text, background, border, shadow), or
 * cannot be read. The layout styles of the passes before (list markers' widths and indents) do not.
 */
function setsColors(style: string): boolean {
  const declarations = readDeclarations(style);
  return !declarations || [...declarations.keys()].some((property) => colorRole(property) !== undefined);
}

/**
 * The styles written in raw HTML and MDX (`<p style="…">`) held to the allowlist the theme is
 * held to: `url()` other than a `data:` image, `expression()`, custom properties, `var()`,
 * `-moz-binding`, `behavior` and every property the editor drops are taken out, each with a
 * warning at the element. Runs right after sanitising, before any pass adds styles of its own.
 */
export default function rehypeWeixinStyles() {
  // The same few styles come again and again (the list pass's markers, a pasted snippet's
  // spans); each is read with the CSS parser once per processor.
  const seen = new Map<string, CleanedStyle & { colors: boolean }>();
  const clean = (style: string) => {
    let cleaned = seen.get(style);
    if (!cleaned) {
      if (seen.size >= MAX_STYLES_KEPT) seen.clear();
      cleaned = { ...cleanInlineStyle(style), colors: setsColors(style) };
      seen.set(style, cleaned);
    }
    return cleaned;
  };
  return (tree: Root, file: VFile): void => {
    visit(tree, 'element', (node) => {
      if (node.properties['color'] !== undefined || node.properties['bgColor'] !== undefined)
        file.data.weixinAuthorColors = true;
      const style = node.properties['style'];
      if (typeof style !== 'string') return;
      const cleaned = clean(style);
      if (cleaned.colors) file.data.weixinAuthorColors = true;
      for (const { declaration, reason } of cleaned.dropped) {
        file.message(`\`${declaration}\` in the style of <${node.tagName}> is dropped: ${reason}`, {
          place: node.position,
          ruleId: 'style-rejected',
          source: 'rehype-weixin',
        }).fatal = false;
      }
      if (cleaned.dropped.length === 0) return;
      if (cleaned.style) node.properties['style'] = cleaned.style;
      else delete node.properties['style'];
    });
  };
}
