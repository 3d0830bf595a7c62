// What the WeChat editor keeps (issue 15), as a checker any test can run on output HTML (issue 24).
import type { Element, Nodes } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { rejectedBecause } from '../../src/css/editor-rules.js';
import { readStyle } from '../../src/css/style.js';

export interface Violation {
  rule: string;
  /** The element, as its tag and the attribute at fault. */
  where: string;
}

const SVG_NEEDS = new Set(['defs', 'style', 'foreignObject', 'use', 'clipPath', 'mask', 'linearGradient']);

/** Every way `html` breaks a rule of the editor; empty when the editor keeps it as it is. */
export function conformanceViolations(html: string): Violation[] {
  const violations: Violation[] = [];
  const stack: [Nodes, Element[]][] = [[fromHtml(html, { fragment: true }), []]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [node, ancestors] = next;
    if (node.type === 'element') violations.push(...elementViolations(node, ancestors));
    if (node.type !== 'root' && node.type !== 'element') continue;
    const below = node.type === 'element' ? [...ancestors, node] : ancestors;
    // Pushed in reverse, so violations come in document order.
    for (let index = node.children.length - 1; index >= 0; index -= 1)
      stack.push([node.children[index] as Nodes, below]);
  }
  return violations;
}

function elementViolations(element: Element, ancestors: readonly Element[]): Violation[] {
  const found: Violation[] = [];
  const add = (rule: string, detail = '') => found.push({ rule, where: `<${element.tagName}>${detail}` });
  const style = typeof element.properties['style'] === 'string' ? element.properties['style'] : '';
  const inSvg = element.tagName === 'svg' || ancestors.some((ancestor) => ancestor.tagName === 'svg');
  if ((element.tagName === 'ul' || element.tagName === 'ol') && ancestors.some((a) => a.tagName === 'li'))
    add('a list inside a list item, which the editor flattens');
  if ((element.tagName === 'ul' || element.tagName === 'ol') && !/list-style-type:none/.test(style))
    add('a list whose markers the editor would draw again', ` style="${style}"`);
  if (element.properties['start'] !== undefined) add('a `start` attribute, which the editor drops');
  if (element.tagName === 'img') {
    if (element.properties['width'] !== undefined || element.properties['height'] !== undefined)
      add('image sizes as attributes, which the editor drops');
    if (!/max-width:100%/.test(style) || !/height:auto/.test(style))
      add('an image that may overflow the phone', ` style="${style}"`);
  }
  if (element.tagName === 'pre' && /overflow/.test(style)) add('a scrolling <pre>, which the editor does not keep');
  if (
    element.tagName === 'code' &&
    ancestors.at(-1)?.tagName === 'pre' &&
    !/display:-webkit-box;overflow-x:auto;white-space:nowrap/.test(style)
  )
    add('code that does not scroll sideways', ` style="${style}"`);
  if (inSvg && (element.properties['id'] !== undefined || element.properties['className'] !== undefined))
    add('an id or class in SVG, which the editor strips');
  if (inSvg && SVG_NEEDS.has(element.tagName)) add('SVG that needs what the editor strips');
  const declarations = readStyle(style);
  if (!declarations) add('a style no CSS parser reads, which the editor may wipe', ` style="${style}"`);
  for (const [name, value] of declarations ?? []) {
    const reason = rejectedBecause(name, value);
    if (reason) add(`a style the editor rejects: ${reason}`, ` style="${name}:${value}"`);
  }
  return found;
}
