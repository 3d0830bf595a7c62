import type { Element, ElementContent, Properties } from 'hast';
import type { LiteAdaptor } from 'mathjax-full/js/adaptors/liteAdaptor.js';
import type { LiteElement, LiteNode } from 'mathjax-full/js/adaptors/lite/Element.js';
import type { LiteText } from 'mathjax-full/js/adaptors/lite/Text.js';
import { find, svg as svgSchema } from 'property-information';

/**
 * MathJax's own tree (its lite DOM) as hast, read directly: serialising it to markup and
 * parsing that back cost more than drawing the formula.
 */
export function liteToHast(adaptor: LiteAdaptor, node: LiteElement): Element {
  const properties: Properties = {};
  for (const { name, value } of adaptor.allAttributes(node)) properties[find(svgSchema, name).property] = value;
  const children: ElementContent[] = [];
  for (const child of adaptor.childNodes(node) as LiteNode[]) {
    if (adaptor.kind(child) === '#text') children.push({ type: 'text', value: adaptor.value(child as LiteText) });
    else if (adaptor.kind(child) !== '#comment') children.push(liteToHast(adaptor, child as LiteElement));
  }
  return { type: 'element', tagName: adaptor.kind(node), properties, children };
}
