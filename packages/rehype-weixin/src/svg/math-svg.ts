import type { Element, ElementContent, Properties } from 'hast';
import svgpath from 'svgpath';
import { parsePath, parseTransform, relativeRoundedPath, type Segment, transformPath } from './outline-path.js';

/**
 * Paint a drawing inherits from its groups. MathJax sets `stroke-width="0"` at the top, so a
 * glyph is filled only; a box or a strike-through has a stroke width of its own.
 */
interface Paint {
  fill?: string;
  stroke?: string;
  strokeWidth?: string;
}

interface Context {
  /** The groups' transforms, outermost first, in SVG's syntax. */
  transform: string;
  paint: Paint;
}

/**
 * MathJax's font units (a thousandth of an em) per unit of the compact drawing: coordinates are
 * whole multiples of 4 units, off by at most 2, 0.03 CSS px in 16px text.
 */
const STEP = 4;

/** What `compactMathSvg` writes: a filled outline in the `<svg>`'s own units, or an element kept as it was. */
type Piece =
  | { kind: 'outline'; fill: string; segments: Segment[]; mirrored: boolean }
  | { kind: 'kept'; element: Element };

/**
 * MathJax's formula `<svg>`, drawn the same with about half the characters. Every glyph and rule
 * is moved into the `<svg>`'s own coordinates (its groups' transforms applied to the path data),
 * rounded to a grid of 4 font units (see STEP), written with relative commands, and neighbouring
 * outlines of one colour become one `<path>`. WeChat drops `<defs>` and `<use>` (see
 * editor-svg.ts), so a glyph drawn twice is written twice.
 *
 * Anything that is not a filled outline (text, a stroked box or line) keeps its markup inside a
 * `<g>` that carries what it inherited, so it is drawn as before.
 */
export function compactMathSvg(svg: Element): Element {
  const pieces: Piece[] = [];
  for (const child of svg.children) collect(child, { transform: `scale(${1 / STEP})`, paint: {} }, pieces);
  const viewBox = String(svg.properties['viewBox'] ?? '')
    .split(/[\s,]+/)
    .map((value) => Number((Number(value) / STEP).toFixed(4)))
    .join(' ');
  return { ...svg, properties: { ...svg.properties, viewBox }, children: joinOutlines(pieces) };
}

function collect(node: ElementContent, context: Context, pieces: Piece[]): void {
  if (node.type !== 'element') return;
  const { transform, fill, stroke, strokeWidth, ...rest } = node.properties;
  const paint: Paint = { ...context.paint };
  if (fill !== undefined) paint.fill = String(fill);
  if (stroke !== undefined) paint.stroke = String(stroke);
  if (strokeWidth !== undefined) paint.strokeWidth = String(strokeWidth);
  const own = joinTransforms(context.transform, transform);
  if (node.tagName === 'g' && Object.keys(rest).length === 0) {
    for (const child of node.children) collect(child, { transform: own, paint }, pieces);
    return;
  }
  const outline = outlineOf(node, rest, paint);
  if (outline === undefined) {
    pieces.push({ kind: 'kept', element: keep(node, context) });
    return;
  }
  // Absolute and unrounded for now: joined outlines are made relative and rounded as one.
  const segments = transformedOutline(outline, own);
  pieces.push({ kind: 'outline', fill: paint.fill ?? 'black', segments, mirrored: isMirrored(own) });
}

/**
 * The outline in the `<svg>`'s coordinates: by the fork of svgpath's steps (outline-path.ts) for
 * the data and transforms MathJax writes, by svgpath itself for anything else.
 */
function transformedOutline(d: string, transform: string): Segment[] {
  const parsed = parsePath(d);
  const matrix = parseTransform(transform);
  if (parsed && matrix !== undefined) return transformPath(parsed, matrix);
  const segments: Segment[] = [];
  svgpath(d)
    .transform(transform)
    .iterate((segment) => {
      segments.push(segment as Segment);
    });
  return segments;
}

/** The path data of a filled glyph (`<path>`) or rule (`<rect>`), or undefined for anything else. */
function outlineOf(node: Element, rest: Properties, paint: Paint): string | undefined {
  // A stroke would be drawn thinner or thicker once the transforms are applied to the outline.
  if (Number(paint.strokeWidth ?? 1) !== 0 && paint.stroke !== undefined && paint.stroke !== 'none') return undefined;
  if (paint.fill === 'none') return undefined;
  const names = Object.keys(rest);
  if (node.tagName === 'path' && names.every((name) => name === 'd')) return String(rest['d'] ?? '');
  if (node.tagName !== 'rect' || !names.every((name) => RECT.has(name))) return undefined;
  const [x, y, width, height] = ['x', 'y', 'width', 'height'].map((name) => Number(rest[name] ?? 0));
  // Clockwise in the font's y-up units, as the TeX fonts draw a glyph's outer contour, so that
  // under the nonzero fill rule a rule and a glyph it touches still fill their overlap.
  return `M${x} ${y}V${y! + height!}H${x! + width!}V${y}Z`;
}

const RECT = new Set(['x', 'y', 'width', 'height']);

/** An element other than a filled outline, in a group that gives it what it inherited. */
function keep(node: Element, context: Context): Element {
  const properties: Properties = {};
  if (context.transform) properties['transform'] = context.transform;
  for (const [name, value] of Object.entries(context.paint)) if (value !== undefined) properties[name] = value;
  return { type: 'element', tagName: 'g', properties, children: [node] };
}

function joinTransforms(outer: string, own: Properties[string]): string {
  if (own === undefined || own === null || own === '') return outer;
  return outer ? `${outer} ${String(own)}` : String(own);
}

/**
 * Whether the transform turns outlines over, which reverses the direction their contours run
 * in: such an outline is not joined with others, whose overlap the nonzero rule would then empty.
 */
function isMirrored(transform: string): boolean {
  let mirrored = false;
  // MathJax writes translate, scale and (rarely) matrix; rotations and skews turn nothing over.
  for (const [, name, list] of transform.matchAll(/(scale|matrix)\(([^)]*)\)/g)) {
    const [a = 1, b = a, c = 0, d = 0] = list!
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    if ((name === 'scale' ? a * b : a * d - b * c) < 0) mirrored = !mirrored;
  }
  return mirrored;
}

/** Neighbouring outlines of one fill (and one direction) as one `<path>`, in drawing order. */
function joinOutlines(pieces: Piece[]): Element[] {
  const elements: Element[] = [];
  let last: { fill: string; mirrored: boolean; segments: Segment[] } | undefined;
  const flush = () => {
    if (!last) return;
    const { segments, fill } = last;
    // svgpath keeps a space in `z m` for FontForge's sake; browsers need none.
    const d = relativeRoundedPath(segments).replaceAll('z m', 'zm');
    elements.push({ type: 'element', tagName: 'path', properties: { d, fill }, children: [] });
    last = undefined;
  };
  for (const piece of pieces) {
    if (piece.kind === 'kept') {
      flush();
      elements.push(piece.element);
    } else if (last && last.fill === piece.fill && last.mirrored === piece.mirrored)
      last.segments.push(...piece.segments);
    else {
      flush();
      last = { fill: piece.fill, mirrored: piece.mirrored, segments: [...piece.segments] };
    }
  }
  flush();
  return elements;
}
