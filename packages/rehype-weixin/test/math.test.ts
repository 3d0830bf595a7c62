// Formulas as SVG the editor keeps (or as PNG images), from remark-math's `$…$` and `$$…$$`.
import rehypeRaw from 'rehype-raw';
import rehypeStringify from 'rehype-stringify';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import sharp from 'sharp';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it, vi } from 'vitest';
import rehypeWeixin, { type Options } from '../src/index.js';

vi.mock('../src/svg/mathjax.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/svg/mathjax.js')>();
  return { createTexToSvg: vi.fn(actual.createTexToSvg) };
});

function processor(options: Options = {}) {
  return unified()
    .use(remarkParse)
    .use(remarkMath)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeRaw)
    .use(rehypeWeixin, options)
    .use(rehypeStringify);
}

describe('math as SVG', () => {
  it('draws inline and display formulas with paths, and nothing the editor drops', async () => {
    const file = await processor().process('质能方程 $E=mc^2$ 很有名。\n\n$$\n\\int_0^1 x^2\\,dx = \\frac{1}{3}\n$$\n');
    const html = String(file);
    expect(file.messages).toEqual([]);
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs).toHaveLength(2);
    for (const svg of svgs) {
      expect(svg).toMatch(/<path d="M[^"]+"/);
      expect(svg).not.toMatch(/<style|<defs|<use|<foreignObject|<text| id=| class=| data-| role=|href/);
      expect(svg).toMatch(
        /^<svg style="vertical-align: -?[\d.]+ex;" xmlns="http:\/\/www.w3.org\/2000\/svg" width="[\d.]+ex"/,
      );
    }
    // The inline formula stays in its sentence; the display one is centred on a line of its own.
    expect(html).toMatch(/<p[^>]*>质能方程 <svg[\s\S]*<\/svg> 很有名。<\/p>/);
    expect(html).toMatch(/<section style="[^"]*text-align:center;overflow-x:auto[^"]*"><svg[\s\S]*<\/svg><\/section>$/);
    expect(html).not.toMatch(/<code|<pre|\$/);
  });

  it('renders a ```math fence as display math, and Chinese in \\text as SVG text', async () => {
    const html = String(await processor().process('```math\nS = \\text{面积}\n```'));
    expect(html).toMatch(/^<section[^>]*><svg/);
    expect(html).toMatch(/<text[^>]*font-family="serif">面<\/text>/);
  });

  it('reports a formula MathJax cannot read, at its place, and shows its TeX as plain code', async () => {
    const file = await processor().process('一\n\n行内 $\\frac{a$ 与 $\\nosuchmacro$。\n');
    expect(file.messages.map((m) => [m.ruleId, m.line, m.column, m.fatal, m.reason])).toEqual([
      ['math-error', 3, 4, true, 'the formula `\\frac{a` cannot be rendered: Missing close brace'],
      [
        'math-error',
        3,
        16,
        true,
        'the formula `\\nosuchmacro` cannot be rendered: Undefined control sequence \\nosuchmacro',
      ],
    ]);
    expect(String(file)).toMatch(
      /行内 <code style="[^"]*">\\frac\{a<\/code> 与 <code style="[^"]*">\\nosuchmacro<\/code>/,
    );
  });

  it('sets MathJax up once per process, however many processors, and only for posts with math', async () => {
    // A process of its own: modules loaded afresh, so no earlier test has set MathJax up.
    vi.resetModules();
    const { default: math } = await import('../src/passes/math.js');
    const created = vi.mocked((await import('../src/svg/mathjax.js')).createTexToSvg);
    const fresh = () => unified().use(remarkParse).use(remarkMath).use(remarkRehype).use(math).use(rehypeStringify);
    await fresh().process('no math here');
    expect(created).not.toHaveBeenCalled();
    const [a, b] = await Promise.all([fresh().process('$a$'), fresh().process('$$b$$')]);
    await fresh().process('$c$');
    expect(created).toHaveBeenCalledTimes(1);
    expect([String(a), String(b)].every((html) => html.includes('<svg'))).toBe(true);
  });
});

describe('formulas drawn before', () => {
  it('come from a cache kept per processor: the same SVG, MathJax asked once per formula', async () => {
    // Modules loaded afresh, so that this test's MathJax is the one set up, and watched.
    vi.resetModules();
    const { default: math } = await import('../src/passes/math.js');
    const created = vi.mocked((await import('../src/svg/mathjax.js')).createTexToSvg);
    const { createTexToSvg: actual } =
      await vi.importActual<typeof import('../src/svg/mathjax.js')>('../src/svg/mathjax.js');
    const mathJax = await actual();
    const render = Object.assign(vi.fn(mathJax), { reset: mathJax.reset });
    created.mockResolvedValueOnce(render);
    const reused = unified().use(remarkParse).use(remarkMath).use(remarkRehype).use(math).use(rehypeStringify);
    const post = '$a^2$ 与 $a^2$\n\n$$\na^2\n$$\n';
    const first = String(await reused.process(post));
    // Inline and display are drawn apart; the second inline one is the first's drawing.
    expect(render.mock.calls).toEqual([
      ['a^2', false],
      ['a^2', true],
    ]);
    // A tree the cache handed out is the caller's: changing it changes no later post.
    const tree = await reused.run(reused.parse(post));
    visit(tree, 'element', (node) => {
      if (node.tagName === 'path') node.properties['fill'] = 'red';
    });
    expect(String(await reused.process(post))).toBe(first);
    expect(render).toHaveBeenCalledTimes(2);
    expect(first).not.toContain('red');
  });

  it('are drawn afresh in a post that defines macros, which change how later formulas draw', async () => {
    const reused = processor();
    const real = String(await reused.process('$\\newcommand{\\R}{\\mathbb{R}}$ $x \\in \\R$'));
    const calligraphic = String(await reused.process('$\\renewcommand{\\R}{\\mathcal{R}}$ $x \\in \\R$'));
    const drawings = (html: string) => html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(drawings(real)).toHaveLength(2);
    expect(drawings(calligraphic)[1]).not.toBe(drawings(real)[1]);
  });
});

describe('math in many posts', () => {
  it('gives each post its own labels, however many posts share MathJax', async () => {
    const post = '$$\n\\begin{equation}E = mc^2 \\label{eq:energy}\\end{equation}\n$$\n\nSee $\\eqref{eq:energy}$.\n';
    const first = await processor().process(post);
    const again = await processor().process(post);
    expect(first.messages).toEqual([]);
    expect(again.messages).toEqual([]);
    expect(String(again)).toBe(String(first));
  });
});

describe('math as PNG', () => {
  it('makes each formula an image asset, sized in CSS pixels, sharp at three times that', async () => {
    const file = await processor({ math: { output: 'png' } }).process(
      '面积 $\\pi r^2$ 与\n\n$$\nx = \\frac{-b}{2a}\n$$\n',
    );
    const html = String(file);
    expect(html).not.toContain('<svg');
    const assets = file.data.weixin!.assets;
    expect(assets.map((asset) => [asset.kind, asset.alt, asset.src.slice(0, 22)])).toEqual([
      ['image', '\\pi r^2', 'data:image/png;base64,'],
      ['image', 'x = \\frac{-b}{2a}', 'data:image/png;base64,'],
    ]);
    const images = [...html.matchAll(/<img src="(weixin-asset:\d:\w+)" alt="[^"]*" style="([^"]*)">/g)];
    expect(images.map((m) => m[1])).toEqual(assets.map((asset) => asset.placeholder));
    // Inline: on the text's baseline, not a block of its own as the theme makes ordinary images.
    expect(images[0]![2]).toMatch(
      /width:\d+px;max-width:100%;height:auto;display:inline-block;margin:0;vertical-align:-[\d.]+px$/,
    );
    expect(html).toMatch(/<section style="[^"]*text-align:center;overflow-x:auto[^"]*"><img /);
    for (const [at, asset] of assets.entries()) {
      const png = Buffer.from(asset.src.split(',')[1]!, 'base64');
      const meta = await sharp(png).metadata();
      const width = Number(/width:(\d+)px/.exec(images[at]![2]!)![1]);
      expect(meta.format).toBe('png');
      expect(meta.width).toBeGreaterThan(3 * width - 4);
      expect(meta.width).toBeLessThanOrEqual(3 * width);
      // Dark glyphs on a transparent ground: something is drawn.
      const { channels } = await sharp(png).stats();
      expect(channels[3]!.max).toBe(255);
    }
  });

  it('is what an account without SVG gets (sanitize.keepSvg: false), unless math.output says otherwise', async () => {
    const noSvg = await processor({ sanitize: { keepSvg: false } }).process('$x$');
    expect(noSvg.data.weixin!.assets.map((asset) => asset.alt)).toEqual(['x']);
    expect(String(noSvg)).not.toContain('<svg');
    const told = await processor({ sanitize: { keepSvg: false }, math: { output: 'svg' } }).process('$x$');
    expect(told.data.weixin!.assets).toEqual([]);
    expect(String(told)).toContain('<svg');
  });
});
