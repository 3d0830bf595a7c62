import rehypeParse from 'rehype-parse';
import rehypeRaw from 'rehype-raw';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified, type Pluggable } from 'unified';
import type { VFile } from 'vfile';
import { describe, expect, it, vi } from 'vitest';
import rehypeWeixin, {
  finalizeHtml,
  rehypeWeixinCleanup,
  rehypeWeixinCode,
  rehypeWeixinFootnotes,
  rehypeWeixinImages,
  rehypeWeixinInline,
  rehypeWeixinLimits,
  rehypeWeixinLinks,
  rehypeWeixinLists,
  rehypeWeixinSanitize,
  rehypeWeixinTables,
  rehypeWeixinTheme,
  rehypeWeixinPreset,
  replaceAssetPlaceholders,
  type Options,
} from '../src/index.js';

/** Markdown through the plugins given, as the pipeline runs them. */
async function md(markdown: string, ...plugins: Pluggable[]): Promise<{ html: string; file: VFile }> {
  let processor = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeRaw);
  for (const plugin of plugins)
    processor = (
      Array.isArray(plugin) ? processor.use(...(plugin as [never, never])) : processor.use(plugin as never)
    ) as never;
  const file = await processor.use(rehypeStringify).process(markdown);
  return { html: finalizeHtml(String(file)), file };
}

async function html(input: string, ...plugins: Pluggable[]): Promise<{ html: string; file: VFile }> {
  let processor = unified().use(rehypeParse, { fragment: true });
  for (const plugin of plugins)
    processor = (
      Array.isArray(plugin) ? processor.use(...(plugin as [never, never])) : processor.use(plugin as never)
    ) as never;
  const file = await processor.use(rehypeStringify).process(input);
  return { html: finalizeHtml(String(file)), file };
}

const all = (options: Options = {}) => [rehypeWeixin, options] as Pluggable;

/** Block code as WeChat's mobile view scrolls it sideways (doocs/md's finding). */
const CODE = '<code style="display:-webkit-box;overflow-x:auto;white-space:nowrap">';

describe('code', () => {
  it('writes newlines as <br>, indentation and tabs as &nbsp;, and keeps blank lines', async () => {
    const { html: out } = await md('```\nif (a) {\n\treturn  1;\n\n}\n```', rehypeWeixinCode, rehypeWeixinCleanup);
    expect(out).toBe(
      `<pre>${CODE}if&nbsp;(a)&nbsp;{<br>&nbsp;&nbsp;&nbsp;&nbsp;return&nbsp;&nbsp;1;<br><br>}</code></pre>`,
    );
  });

  it('honours the tab width', async () => {
    const { html: out } = await md('```\n\tx\n```', [rehypeWeixinCode, { tabWidth: 2 }], rehypeWeixinCleanup);
    expect(out).toContain(`${CODE}&nbsp;&nbsp;x</code>`);
  });

  it('colours TypeScript, Python and shell inline', async () => {
    for (const [lang, keyword] of [
      ['ts', 'const'],
      ['python', 'def'],
      ['sh', 'echo'],
    ] as const) {
      const { html: out } = await md(`\`\`\`${lang}\n${keyword} x\n\`\`\``, rehypeWeixinCode);
      expect(out, lang).toMatch(new RegExp(`<span style="color:#[0-9A-Fa-f]{6}">${keyword}</span>`));
    }
  });

  it('colours a line the same however slowly a busy machine tokenizes it', async () => {
    const source = '```ts\ninterface Post { title: string; tags: string[] }\n```';
    const calm = (await md(source, rehypeWeixinCode)).html;
    // Each look at the clock finds 0.6 s more gone: shiki's own 500 ms limit per line gave up at once.
    let now = Date.now();
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => {
      now += 600;
      return now;
    });
    try {
      expect((await md(source, rehypeWeixinCode)).html).toBe(calm);
    } finally {
      clock.mockRestore();
    }
    expect(calm).toMatch(/<span style="color:#[0-9A-Fa-f]{6}">interface<\/span>/);
  });

  it('warns about an unknown language at the block and writes it plainly', async () => {
    const { html: out, file } = await md('Text\n\n```klingon\nqapla\n```', rehypeWeixinCode, rehypeWeixinCleanup);
    expect(out).toBe(`<p>Text</p>\n<pre>${CODE}qapla</code></pre>`);
    expect(file.messages.map((m) => [m.ruleId, m.line, m.fatal])).toEqual([['unknown-language', 3, false]]);
  });
});

describe('links', () => {
  it('turns outside links into numbered references after the footnotes, deduplicated', async () => {
    const { html: out, file } = await md(
      'See [A](https://a.example/) and [B](https://b.example/) and [A again](https://a.example/).[^1]\n\n[^1]: Note.',
      rehypeWeixinFootnotes,
      rehypeWeixinLinks,
      rehypeWeixinCleanup,
    );
    expect(out).toContain('See A<sup>[2]</sup> and B<sup>[3]</sup> and A again<sup>[2]</sup>.');
    expect(out).toMatch(
      /<section><h3>参考链接<\/h3><p>\[2\] A: https:\/\/a.example\/<\/p><p>\[3\] B: https:\/\/b.example\/<\/p><\/section>$/,
    );
    expect(file.data.weixin?.references).toEqual([
      { url: 'https://a.example/', text: 'A', index: 2 },
      { url: 'https://b.example/', text: 'B', index: 3 },
    ]);
  });

  it('keeps WeChat article links and mini-program links, and makes anchors text', async () => {
    const input =
      '<p><a href="https://mp.weixin.qq.com/s/x">文章</a> <a data-miniprogram-appid="wx0123456789abcdef" data-miniprogram-path="p" href="">小程序</a> <a href="#top">top</a></p>';
    const { html: out } = await html(input, rehypeWeixinLinks);
    expect(out).toBe(
      '<p><a href="https://mp.weixin.qq.com/s/x">文章</a> <a data-miniprogram-appid="wx0123456789abcdef" data-miniprogram-path="p" href="">小程序</a> top</p>',
    );
  });

  it('numbers only the links that get a marker: a bare URL leaves no gap', async () => {
    const { html: out, file } = await md(
      'See <https://bare.example/>, [A](https://a.example/), [bare again](https://bare.example/) and [B](https://b.example/).',
      rehypeWeixinLinks,
      rehypeWeixinCleanup,
    );
    expect(out).toContain('See https://bare.example/, A<sup>[1]</sup>, bare again<sup>[2]</sup> and B<sup>[3]</sup>.');
    expect(file.data.weixin?.references?.map((r) => `[${r.index}] ${r.text}: ${r.url}`)).toEqual([
      '[1] A: https://a.example/',
      '[2] bare again: https://bare.example/',
      '[3] B: https://b.example/',
    ]);
  });

  it('does not list a bare URL twice, and keepLinks keeps everything', async () => {
    expect((await md('<https://a.example/>', rehypeWeixinLinks)).html).toBe('<p>https://a.example/</p>');
    expect((await md('[A](https://a.example/)', [rehypeWeixinLinks, { keepAllLinks: true }])).html).toBe(
      '<p><a href="https://a.example/">A</a></p>',
    );
  });
});

describe('footnotes', () => {
  it('makes references plain numbers, drops back links and shows the heading', async () => {
    const { html: out } = await md('Text[^a].\n\n[^a]: The note.', rehypeWeixinFootnotes, rehypeWeixinCleanup);
    expect(out).toContain('Text<sup>[1]</sup>.');
    expect(out).toContain('<h3>注释</h3>');
    expect(out).not.toContain('↩');
    expect(out).not.toContain('href="#');
  });
});

describe('lists', () => {
  it('writes markers as text, nests lists as sections and leaves no whitespace between tags', async () => {
    const { html: out } = await md('- a\n  - b\n    - c\n\n1. one\n2. two', rehypeWeixinLists, rehypeWeixinCleanup);
    const bullet = (marker: string) =>
      `<section style="display:block;padding-left:1.2em"><span style="display:inline-block;width:1.2em;margin-left:-1.2em">${marker}</span>`;
    const numbered = (marker: string) =>
      `<li style="display:block;padding-left:1.8em"><span style="display:inline-block;width:1.8em;margin-left:-1.8em">${marker}</span>`;
    expect(out).toBe(
      `<ul style="list-style-type:none">${bullet('•').replace(/section/, 'li')}a<section>${bullet('◦')}b<section>${bullet('▪')}c</section></section></section></section></li></ul>\n` +
        `<ol style="list-style-type:none">${numbered('1.')}one</li>${numbered('2.')}two</li></ol>`,
    );
  });

  it('writes task list checkboxes as text', async () => {
    const { html: out } = await md('- [x] done\n- [ ] todo', rehypeWeixinLists, rehypeWeixinSanitize);
    expect(out).toContain('☑ done');
    expect(out).toContain('☐ todo');
    expect(out).not.toContain('<input');
  });
});

describe('tables', () => {
  it('wraps a table in a scrolling section and writes alignment as style', async () => {
    const { html: out } = await md(
      '| a | b |\n| :-: | --: |\n| 1 | 2 |',
      rehypeWeixinTables,
      rehypeWeixinTheme,
      rehypeWeixinCleanup,
    );
    expect(out).toMatch(/^<section style="overflow-x:auto;margin:0 0 1em"><table/);
    expect(out).toMatch(/<td style="[^"]*text-align:center">1<\/td>/);
    expect(out).toMatch(/<td style="[^"]*text-align:right">2<\/td>/);
    expect(out).not.toContain('align=');
  });
});

describe('inline HTML', () => {
  it('keeps sub and sup and maps kbd, mark, abbr, cite, del and details', async () => {
    const { html: out } = await md(
      'H<sub>2</sub>O, x<sup>2</sup>, <kbd>Ctrl</kbd>, <mark>hi</mark>, <abbr title="HyperText">HTML</abbr>, <cite>Book</cite>, <del>old</del>\n\n<details><summary>More</summary>Body</details>',
      rehypeWeixinSanitize,
      rehypeWeixinInline,
      rehypeWeixinTheme,
      rehypeWeixinCleanup,
    );
    expect(out).toContain('H<sub>2</sub>O, x<sup style="font-size:12px;color:#0b7a75">2</sup>');
    expect(out).toMatch(/<span style="[^"]*border:1px solid #d0d7de[^"]*">Ctrl<\/span>/);
    expect(out).toContain('<span style="background:#fff3a3">hi</span>');
    expect(out).toContain('<span>HTML</span>（HyperText）');
    expect(out).toContain('<em>Book</em>');
    expect(out).toContain('<span style="text-decoration:line-through;color:#585858">old</span>');
    expect(out).toMatch(/<section><p[^>]*><strong[^>]*>More<\/strong><\/p>Body<\/section>/);
  });
});

describe('sanitising', () => {
  it('removes scripts, styles, iframes, forms, handlers and javascript: URLs with positioned warnings', async () => {
    const { html: out, file } = await md(
      'Hi\n\n<script>alert(1)</script>\n\n<iframe src="https://x.example"></iframe>\n\n<p onclick="x()">p</p>\n\n<a href="javascript:alert(1)">j</a>\n\n<form><input></form>',
      rehypeWeixinSanitize,
    );
    expect(out).not.toMatch(/<script|<iframe|onclick|javascript:|<form|<input/);
    const warnings = file.messages.map((m) => [m.line, m.reason.split(' is removed')[0]]);
    expect(warnings).toEqual([
      [3, '<script>'],
      [5, '<iframe>'],
      [7, 'the onClick handler on <p>'],
      [11, '<form>'],
      [11, '<input>'],
    ]);
    expect(file.messages.every((m) => m.fatal === false)).toBe(true);
  });

  it('keeps the mini-program tags, including the older form', async () => {
    const input =
      '<mp-common-miniprogram data-miniprogram-appid="wx0123456789abcdef" data-miniprogram-path="p" data-miniprogram-title="t" data-miniprogram-imageurl="i.jpg" data-miniprogram-type="card"></mp-common-miniprogram><mp-miniprogram data-miniprogram-appid="wx0123456789abcdef" data-progarm-imageurl="o.jpg"></mp-miniprogram>';
    expect((await html(input, rehypeWeixinSanitize)).html).toBe(input);
  });
});

describe('images', () => {
  it('collects every image and card image as an asset with a placeholder', async () => {
    const { html: out, file } = await md(
      'Intro\n\n![Cat](./cat.png)\n\n![Kept](https://mmbiz.qpic.cn/mmbiz_png/x/0?wx_fmt=png)\n\n<mp-common-miniprogram data-miniprogram-appid="wx0123456789abcdef" data-miniprogram-path="p" data-miniprogram-title="Shop" data-miniprogram-imageurl="/card.jpg" data-miniprogram-type="card"></mp-common-miniprogram>',
      rehypeWeixinImages,
    );
    const assets = file.data.weixin!.assets;
    expect(assets.map((a) => [a.src, a.alt, a.kind, a.position?.start.line])).toEqual([
      ['./cat.png', 'Cat', 'image', 3],
      ['/card.jpg', 'Shop', 'miniprogram-card', 7],
    ]);
    expect(new Set(assets.map((a) => a.placeholder)).size).toBe(2);
    for (const asset of assets) expect(out).toContain(asset.placeholder);
    expect(out).toContain('src="https://mmbiz.qpic.cn/mmbiz_png/x/0?wx_fmt=png"');
    const replaced = replaceAssetPlaceholders(
      out,
      new Map(assets.map((a, i) => [a.placeholder, `http://img.example/${i}?a=1&b="2"`])),
    );
    expect(replaced).toContain('src="http://img.example/0?a=1&amp;b=&quot;2&quot;"');
    expect(replaced).toContain('data-miniprogram-imageurl="http://img.example/1?a=1&amp;b=&quot;2&quot;"');
  });

  it('leaves out, with a warning at its place, an image whose source the sanitiser removed or that had none', async () => {
    const { html: out, file } = await md('a ![x](data:image/png;base64,AAAA) b\n\n<img alt="none">', rehypeWeixin);
    expect(out).not.toContain('<img');
    expect(file.messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['image-without-src', 1],
      ['image-without-src', 3],
    ]);
  });
});

describe('theme', () => {
  it('inlines the theme, lets your CSS win by order and specificity, and never overrides an own style', async () => {
    const { html: out } = await html(
      '<h2>T</h2><p>a</p><blockquote><p>q</p></blockquote><p style="color:red">own</p>',
      [
        rehypeWeixinTheme,
        { css: 'p { color: #123456 } blockquote p { color: #654321 } @media (max-width: 1px) { p { color: #000 } }' },
      ],
    );
    expect(out).toMatch(/<h2 style="[^"]*font-size:19px/);
    expect(out).toMatch(/<p style="[^"]*color:#123456[^"]*">a<\/p>/);
    expect(out).toMatch(/<blockquote[^>]*><p style="[^"]*color:#654321[^"]*">q<\/p>/);
    expect(out).toMatch(/<p style="[^"]*color:red[^"]*">own<\/p>/);
    expect(out).not.toContain('#000');
  });

  it('keeps a data URL in an own style whole while adding the theme', async () => {
    const url = 'url(data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)';
    const { html: out } = await html(`<p style="background-image:${url}">a</p>`, [
      rehypeWeixinTheme,
      { base: '', css: 'p { margin: 0; background-image: none }' },
    ]);
    expect(out).toBe(`<p style="margin:0;background-image:${url}">a</p>`);
  });

  it('matches child, descendant, attribute, class, pseudo-class and sibling selectors as CSS does', async () => {
    const css = [
      'section > p { margin: 1px }',
      'div p { padding: 2px }',
      '[data-x=a] em { color: #111111 }',
      '.k { color: #222222 }',
      'li:first-child { color: #333333 }',
      'li + li { color: #444444 }',
      'p:unknown-state { color: #555555 }',
    ].join('\n');
    const { html: out, file } = await html(
      '<section><p>a</p><div><p>b</p></div></section><p data-x="a"><em>c</em><span class="k">d</span></p><ul><li>1</li><li>2</li></ul>',
      [rehypeWeixinTheme, { base: '', css }],
    );
    expect(out).toBe(
      '<section><p style="margin:1px">a</p><div><p style="padding:2px">b</p></div></section>' +
        '<p data-x="a"><em style="color:#111111">c</em><span class="k" style="color:#222222">d</span></p>' +
        '<ul><li style="color:#333333">1</li><li style="color:#444444">2</li></ul>',
    );
    expect(file.messages.map((message) => message.ruleId)).toEqual(['unsupported-selector']);
  });

  it('starts bare with an empty base', async () => {
    expect((await html('<p>a</p><h2>b</h2>', [rehypeWeixinTheme, { base: '', css: 'p{margin:0}' }])).html).toBe(
      '<p style="margin:0">a</p><h2>b</h2>',
    );
  });
});

describe('the whole set', () => {
  const post =
    '# T\n\nText[^1] [l](https://x.example/) `c`\n\n```js\nx\n```\n\n| a |\n| - |\n| 1 |\n\n- [ ] t\n\n<style>p{}</style><div class="x" id="y">d</div>\n\n[^1]: n';

  it('writes every part of the post, styled inline, with no class, id, marker, <style> or <script>', async () => {
    const { html: out } = await md(post, all());
    expect(out).toMatch(/^<h1 style="[^"]*font-size:22px[^"]*">T<\/h1>/);
    expect(out).toMatch(
      /<p style="[^"]*">Text<sup style="[^"]*">\[1\]<\/sup> l<sup style="[^"]*">\[2\]<\/sup> <code style="[^"]*">c<\/code><\/p>/,
    );
    expect(out).toMatch(
      /<pre style="[^"]*"><code style="[^"]*"><span style="color:#[0-9A-F]{6}">x<\/span><\/code><\/pre>/i,
    );
    expect(out).toMatch(
      /<section style="overflow-x:auto[^"]*"><table style="[^"]*"><thead><tr><th style="[^"]*">a<\/th>/,
    );
    expect(out).toContain('☐ t');
    expect(out).toMatch(/<div>d<\/div>/);
    expect(out).toMatch(/<h3 style="[^"]*">注释<\/h3>/);
    expect(out).toMatch(/<p style="[^"]*">\[2\] l: https:\/\/x.example\/<\/p><\/section>$/);
    expect(out).not.toMatch(/ class=| id=|data-weixin|data-footnote|<style|<script|aria-/);
  });

  it('is a preset whose passes can be dropped or reordered, and the plugin writes what the preset writes', async () => {
    const preset = rehypeWeixinPreset();
    const { html: fromPreset } = await md(post, preset);
    expect(fromPreset).toBe((await md(post, all())).html);
    const withoutLinks = { plugins: preset.plugins.filter(([plugin]) => plugin !== rehypeWeixinLinks) };
    const { html: linked } = await md(post, withoutLinks);
    expect(linked).toMatch(/<a href="https:\/\/x.example\/" style="[^"]*">l<\/a>/);
    expect(linked).not.toContain('参考链接');
  });
});

describe('limits and digest', () => {
  it('measures the article and derives a digest from the opening prose', async () => {
    const { file } = await md(
      '第一句话很短。第二句话稍微长一点点，用来测试摘要的截断位置是否正确处理。第三句话把全文拉长到超过五十四个字，所以摘要必须截断。\n\n[链接](https://x.example/)',
      all(),
    );
    const weixin = file.data.weixin!;
    expect(weixin.digest).toBe('第一句话很短。第二句话稍微长一点点，用来测试摘要的截断位置是否正确处理。');
    expect(weixin.stats.textCharacters).toBeGreaterThan(30);
    expect(weixin.stats.bytes).toBeGreaterThan(weixin.stats.htmlCharacters);
    expect(weixin.digest).not.toContain('[');
  });

  it("keeps the author's digest", async () => {
    const { file } = await md('Text.', [rehypeWeixinLimits, { digest: 'Mine' }]);
    expect(file.data.weixin!.digest).toBe('Mine');
  });

  it('fails an article over the character or byte limit', async () => {
    const text = (await md('字'.repeat(120), [rehypeWeixinLimits, { contentCharacters: 100 }])).file;
    expect(text.messages.map((m) => [m.ruleId, m.fatal, m.line, m.column])).toEqual([['too-long', true, 1, 1]]);
    const htmlMode = (await md('**a**', [rehypeWeixinLimits, { contentCharacters: 10, contentCount: 'html' }])).file;
    expect(htmlMode.messages.map((m) => m.ruleId)).toEqual(['too-long']);
    const bytes = (await md('字'.repeat(50), [rehypeWeixinLimits, { contentBytes: 100 }])).file;
    expect(bytes.messages.map((m) => m.ruleId)).toEqual(['too-large']);
  });
});
