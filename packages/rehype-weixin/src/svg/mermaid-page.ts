/**
 * Runs inside Chromium, where mermaid draws: renders each diagram, then rewrites its SVG into
 * what the WeChat editor keeps. Styles from mermaid's `<style>` become presentation attributes,
 * arrowheads (markers in `<defs>`) become shapes drawn at each line's end, and ids, classes,
 * `<style>` and `<defs>` go.
 *
 * The functions below are sent to the page as source (`mermaidPageScript`), so each uses only
 * the page's globals and the others here: no imports, no module-level values.
 */

export type PageResult = { svg: string } | { error: string };

/** Draws every diagram in turn; a diagram that fails gives its error's first line. */
export async function renderInPage(input: {
  sources: string[];
  config: Record<string, unknown>;
}): Promise<PageResult[]> {
  const mermaid = (globalThis as unknown as { mermaid: MermaidApi }).mermaid;
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', htmlLabels: false, ...input.config });
  const results: PageResult[] = [];
  for (const [index, source] of input.sources.entries()) {
    try {
      results.push({ svg: await drawDiagram(mermaid, `weixin-diagram-${index}`, source) });
    } catch (error) {
      results.push({ error: (error as Error).message.split('\n')[0] ?? String(error) });
    }
  }
  return results;
}

/** One diagram as SVG markup the editor keeps, drawn in the document so styles can be computed. */
async function drawDiagram(mermaid: MermaidApi, id: string, source: string): Promise<string> {
  const holder = document.createElement('div');
  document.body.append(holder);
  try {
    const { svg } = await mermaid.render(id, source);
    holder.innerHTML = svg;
    const root = holder.querySelector('svg');
    if (!root) throw new Error('mermaid drew nothing');
    inlineStyles(root);
    drawMarkers(root);
    for (const element of root.querySelectorAll('style, defs, marker, script')) element.remove();
    const width = Number.parseFloat(root.style.maxWidth) || root.getBoundingClientRect().width;
    removeEditorAttributes(root);
    root.setAttribute('width', '100%');
    root.setAttribute('style', `max-width:${Math.round(width)}px`);
    return root.outerHTML;
  } finally {
    holder.remove();
  }
}

/** Ids, classes, styles, ARIA, data and marker references: what the editor drops or breaks on. */
function removeEditorAttributes(root: SVGSVGElement): void {
  for (const element of [root, ...root.querySelectorAll('*')]) {
    for (const name of element.getAttributeNames()) {
      if (/^(id|class|style|role|marker-(start|mid|end)|aria-.*|data-.*)$/.test(name)) element.removeAttribute(name);
    }
  }
}

/** Computed styles as attributes, only where they differ from the parent's, to stay small. */
function inlineStyles(root: SVGSVGElement): void {
  const INHERITED = [
    'fill',
    'fill-opacity',
    'stroke',
    'stroke-width',
    'stroke-opacity',
    'stroke-dasharray',
    'stroke-linecap',
    'stroke-linejoin',
    'font-family',
    'font-size',
    'font-weight',
    'text-anchor',
  ];
  const computed = new Map<Element, CSSStyleDeclaration>();
  const styleOf = (element: Element) => {
    let style = computed.get(element);
    if (!style) {
      style = getComputedStyle(element);
      computed.set(element, style);
    }
    return style;
  };
  const elements = [root, ...root.querySelectorAll('*')];
  const values = elements.map((element) => {
    const style = styleOf(element);
    // A marker's shapes are moved next to each line, so they carry all their styles along.
    const parent = element === root || element.closest('marker') ? undefined : element.parentElement;
    const own: [string, string][] = [];
    if (style.display === 'none') return { element, own, hidden: true };
    for (const name of INHERITED) {
      const value = style.getPropertyValue(name);
      if (!parent || styleOf(parent).getPropertyValue(name) !== value) own.push([name, value]);
    }
    if (style.opacity !== '1') own.push(['opacity', style.opacity]);
    return { element, own, hidden: false };
  });
  // Written after all are read: changing attributes would change what is computed below.
  for (const { element, own, hidden } of values) {
    if (hidden) element.remove();
    else for (const [name, value] of own) element.setAttribute(name, value);
  }
}

/** Each marker's shapes, placed after its line at the line's start or end. */
function drawMarkers(root: SVGSVGElement): void {
  for (const line of root.querySelectorAll<SVGGeometryElement>('path, line, polyline, polygon')) {
    for (const end of ['start', 'end'] as const) {
      const reference = getComputedStyle(line).getPropertyValue(`marker-${end}`);
      const id = /url\("?#([^")]+)"?\)/.exec(reference)?.[1];
      const marker = id ? root.querySelector<SVGMarkerElement>(`marker[id="${CSS.escape(id)}"]`) : null;
      if (!marker || !line.getTotalLength) continue;
      const group = document.createElementNS('http://www.w3.org/2000/svg', 'g');
      group.setAttribute('transform', markerTransform(line, marker, end));
      for (const child of marker.children) group.append(child.cloneNode(true));
      line.after(group);
    }
  }
}

/** Where a marker's shapes go: placed, turned and scaled as the renderer would. */
function markerTransform(line: SVGGeometryElement, marker: SVGMarkerElement, end: 'start' | 'end'): string {
  const length = line.getTotalLength();
  const step = Math.min(0.5, length / 2);
  const [at, before] =
    end === 'end'
      ? [line.getPointAtLength(length), line.getPointAtLength(length - step)]
      : [line.getPointAtLength(0), line.getPointAtLength(step)];
  const forward = end === 'end' ? [at.x - before.x, at.y - before.y] : [before.x - at.x, before.y - at.y];
  const orient = marker.getAttribute('orient') ?? '0';
  let angle = Number.parseFloat(orient) || 0;
  if (orient.startsWith('auto')) angle = (Math.atan2(forward[1]!, forward[0]!) * 180) / Math.PI;
  if (orient === 'auto-start-reverse' && end === 'start') angle += 180;
  const box = marker.viewBox.baseVal;
  const width = marker.markerWidth.baseVal.value;
  const height = marker.markerHeight.baseVal.value;
  const units =
    marker.getAttribute('markerUnits') === 'userSpaceOnUse'
      ? 1
      : Number(getComputedStyle(line).strokeWidth.replace('px', '')) || 1;
  const scale = box && box.width > 0 ? Math.min(width / box.width, height / box.height) * units : units;
  // Points are in the line's own space, so its transform comes first.
  const placed = `translate(${at.x},${at.y}) rotate(${angle}) scale(${scale}) translate(${-marker.refX.baseVal.value},${-marker.refY.baseVal.value})`;
  return `${line.getAttribute('transform') ?? ''} ${placed}`.trim();
}

interface MermaidApi {
  initialize(config: Record<string, unknown>): void;
  render(id: string, source: string): Promise<{ svg: string }>;
}

/** The functions above as one classic script: each becomes a global of the page it is added to. */
export function mermaidPageScript(): string {
  return [renderInPage, drawDiagram, removeEditorAttributes, inlineStyles, drawMarkers, markerTransform]
    .map(String)
    .join('\n');
}
