import type { Element, ElementContent, Root } from 'hast';
import { whitespace } from 'hast-util-whitespace';
import { SKIP, visit } from '../utils/visit.js';
import type { VFile } from 'vfile';

/** Drawing elements the editor keeps inside an inline `<svg>`. */
export const SVG_TAG_NAMES = [
  'svg',
  'g',
  'path',
  'rect',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
  'text',
  'tspan',
  'title',
  'desc',
  'animate',
  'animateTransform',
  'set',
];

/** Presentation and geometry attributes, as hast property names. */
export const SVG_ATTRIBUTES = [
  'viewBox',
  'xmlns',
  'version',
  'width',
  'height',
  'preserveAspectRatio',
  'x',
  'y',
  'x1',
  'y1',
  'x2',
  'y2',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'd',
  'points',
  'transform',
  'fill',
  'fillOpacity',
  'fillRule',
  'clipRule',
  'stroke',
  'strokeWidth',
  'strokeOpacity',
  'strokeLineCap',
  'strokeLineJoin',
  'strokeMiterLimit',
  'strokeDashArray',
  'strokeDashOffset',
  'opacity',
  'fontSize',
  'fontFamily',
  'fontWeight',
  'fontStyle',
  'textAnchor',
  'dominantBaseline',
  'dx',
  'dy',
  'attributeName',
  'attributeType',
  'from',
  'to',
  'values',
  'dur',
  'begin',
  'repeatCount',
  'type',
];

/** What the editor strips from SVG, or what cannot work without the ids it strips. */
const REJECTED = new Set(['defs', 'style', 'foreignObject', 'script', 'use', 'image', 'symbol']);

/**
 * WeChat keeps inline SVG without ids, classes, `<defs>`, `<style>` and `foreignObject`. Ids and
 * classes go in the cleanup pass; an SVG that needs any of the rest (or points at an id, with
 * `url(#…)` or `href="#…"`) would be broken by the editor, so it is removed with a warning.
 */
export function removeBrokenSvg(tree: Root, file: VFile): void {
  const broken = (node: ElementContent): boolean => {
    if (node.type !== 'element' || node.tagName !== 'svg') return false;
    const reason = whyBroken(node);
    if (!reason) return false;
    file.message(`an <svg> with ${reason} is removed: the WeChat editor would break it`, {
      place: node.position,
      ruleId: 'svg-removed',
      source: 'rehype-weixin',
    }).fatal = false;
    return true;
  };
  visit(tree, 'element', (node, index, parent) => {
    if (!parent || index === undefined) return undefined;
    if (node.tagName === 'svg') {
      if (!broken(node)) return SKIP;
      parent.children.splice(index, 1);
      return [SKIP, index];
    }
    // A paragraph that held only the drawing goes with it, rather than leaving a blank line.
    if (node.tagName !== 'p') return undefined;
    const kept = node.children.filter((child) => !broken(child));
    if (kept.length === node.children.length) return undefined;
    node.children = kept;
    if (!kept.every((child) => child.type === 'text' && whitespace(child))) return undefined;
    parent.children.splice(index, 1);
    return [SKIP, index];
  });
}

/** What in an `<svg>` the editor would break, or undefined when it keeps all of it. */
export function whyBroken(svg: Element): string | undefined {
  let reason: string | undefined;
  visit(svg, 'element', (node) => {
    if (REJECTED.has(node.tagName)) reason = `<${node.tagName}>`;
    else if (
      Object.entries(node.properties).some(
        ([name, value]) => /url\(\s*['"]?#/.test(String(value)) || (/href$/i.test(name) && /^#/.test(String(value))),
      )
    )
      reason = 'a reference to an id';
    return reason ? false : undefined;
  });
  return reason;
}
