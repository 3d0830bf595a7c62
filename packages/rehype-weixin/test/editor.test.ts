// Conformance with what the WeChat editor keeps (issue 15): one block per rule.
import type { Root as MdastRoot } from 'mdast';
import rehypeParse from 'rehype-parse';
import rehypeRaw from 'rehype-raw';
import rehypeStringify from 'rehype-stringify';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { type Pluggable, unified } from 'unified';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import rehypeWeixinCallouts from '../src/passes/callouts.js';
import rehypeWeixinCleanup from '../src/passes/cleanup.js';
import rehypeWeixin, { type Options } from '../src/index.js';
import { finalizeHtml } from '../src/passes/limits.js';
import rehypeWeixinMarks from '../src/passes/marks.js';
import rehypeWeixinSanitize from '../src/passes/sanitize.js';
import rehypeWeixinTheme from '../src/passes/theme.js';
import { type ThemeName, themeNames } from '../src/themes/index.js';
import { conformanceViolations } from './helpers/conformance.js';

async function md(markdown: string, ...plugins: Pluggable[]): Promise<{ html: string; file: VFile }> {
  const file = await unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeRaw)
    .use(plugins)
    .use(rehypeStringify)
    .process(markdown);
  return { html: finalizeHtml(String(file)), file };
}

const whole = (markdown: string, options: Options = {}) => md(markdown, [rehypeWeixin, options]);
/** The same, with a built-in theme under any CSS given: the passes' forms must hold in every theme. */
const themed =
  (name: ThemeName) =>
  (markdown: string, options: Options = {}) =>
    whole(markdown, { ...options, theme: { name, ...options.theme } });

/** What @astro-weixin/markdown's remark side is asked to do with `:::tip[标题]` containers. */
function remarkCalloutContainers() {
  return (tree: MdastRoot): void => {
    visit(tree, 'containerDirective', (node) => {
      if (!['note', 'tip', 'info', 'important', 'warning', 'caution', 'danger'].includes(node.name)) return;
      const label = node.children[0];
      let title = '';
      // A `[label]` arrives as a first paragraph marked directiveLabel: it is the title, not content.
      if (label?.type === 'paragraph' && label.data?.directiveLabel) {
        node.children.shift();
        title = label.children.map((child) => ('value' in child ? child.value : '')).join('');
      }
      node.data = { hName: 'aside', hProperties: { dataCallout: node.name, dataCalloutTitle: title } };
    });
  };
}

describe.each(themeNames)('with the %s theme', (name) => {
  const whole = themed(name);
  describe('lists', () => {
    it('never leaves a list inside an item, writes markers as text and counts from start', async () => {
      const { html } = await whole('3. three\n4. four\n   - sub\n     1. deep\n5. five\n\n- [x] done\n- [ ] todo');
      expect(html).not.toMatch(/<li[^>]*>(?:(?!<\/li>).)*<(ul|ol)/s);
      expect(html).not.toContain('start=');
      expect(conformanceViolations(html)).toEqual([]);
      const items = [
        ...html.matchAll(/<(?:li|section) style="[^"]*display:block[^"]*">(?:<span[^>]*>([^<]*)<\/span>)?([^<]*)/g),
      ];
      expect(items.map((m) => [m[1], m[2]])).toEqual([
        ['3.', 'three'],
        ['4.', 'four'],
        ['◦', 'sub'],
        ['1.', 'deep'],
        ['5.', 'five'],
        [undefined, '☑ done'],
        [undefined, '☐ todo'],
      ]);
      expect(html.match(/<(ul|ol) style="[^"]*"/g)?.every((tag) => tag.includes('list-style-type:none'))).toBe(true);
    });

    it('puts the marker inside the first paragraph of a loose item', async () => {
      const { html } = await md('- one\n\n  more\n- two', rehypeWeixin, rehypeWeixinCleanup);
      expect(html).toMatch(
        /<li style="[^"]*"><p style="[^"]*"><span style="[^"]*">•<\/span>one<\/p><p style="[^"]*">more<\/p><\/li>/,
      );
    });
  });

  describe('images', () => {
    it('moves sizes into style so a scaled-down image keeps its proportions', async () => {
      const { html } = await whole('![a](./a.png)\n\n<img src="./b.png" alt="b" width="1200" height="400">');
      expect(html).not.toMatch(/ (width|height)=/);
      expect(conformanceViolations(html)).toEqual([]);
      expect(html).toMatch(/<img src="weixin-asset:0:\w+" alt="a" style="[^"]*width:100%;max-width:100%;height:auto"/);
      expect(html).toMatch(
        /<img src="weixin-asset:1:\w+" alt="b" style="[^"]*width:1200px;max-width:100%;height:auto"/,
      );
    });
  });

  describe('code', () => {
    it('scrolls sideways on the -webkit-box code, the pattern that works in WeChat', async () => {
      const { html } = await whole('```\nconst x = 1;\n```');
      expect(conformanceViolations(html)).toEqual([]);
      expect(html).toMatch(
        /<pre style="(?![^"]*overflow)[^"]*"><code style="[^"]*display:-webkit-box;overflow-x:auto;white-space:nowrap"/,
      );
    });
  });
});

describe('callouts', () => {
  it('turns each GFM alert into a titled section the theme colours', async () => {
    const kinds = ['NOTE', 'TIP', 'IMPORTANT', 'WARNING', 'CAUTION'];
    const { html } = await whole(kinds.map((kind) => `> [!${kind}]\n> body ${kind}`).join('\n\n'));
    const titles = [
      ...html.matchAll(
        /<section style="[^"]*border-left:4px solid[^"]*"><p style="[^"]*color:(#\w+)">([^<]+)<\/p><p style="[^"]*">body (\w+)<\/p><\/section>/g,
      ),
    ];
    expect(titles.map((m) => [m[2], m[3], m[1]])).toEqual([
      ['说明', 'NOTE', '#064a9a'],
      ['提示', 'TIP', '#125927'],
      ['重要', 'IMPORTANT', '#5a23bf'],
      ['警告', 'WARNING', '#674500'],
      ['小心', 'CAUTION', '#941a21'],
    ]);
    expect(html).not.toContain('[!');
    expect(html).not.toContain('<blockquote');
  });

  it('reads `:::tip 标题` and `::: warning` containers, even when the fence closes a list', async () => {
    const { html } = await md(
      ':::tip 自定义标题\n正文\n:::\n\n::: warning\n说明\n\n- 项\n:::',
      rehypeWeixinCallouts,
      rehypeWeixinCleanup,
    );
    expect(html).toBe(
      '<section><p>自定义标题</p><p>正文</p></section>\n<section><p>警告</p><p>说明</p><ul>\n<li>项</li>\n</ul></section>',
    );
  });

  it('leaves a container without a closing fence as the author wrote it', async () => {
    expect((await md(':::tip\n正文', rehypeWeixinCallouts)).html).toBe('<p>:::tip\n正文</p>');
  });

  it('renders containers the remark side marks with data-callout, with or without a label', async () => {
    const file = await unified()
      .use(remarkParse)
      .use(remarkDirective)
      .use(remarkCalloutContainers)
      .use(remarkRehype)
      .use(rehypeWeixinCallouts, { titles: { danger: '当心' } })
      .use(rehypeWeixinSanitize)
      .use(rehypeWeixinCleanup)
      .use(rehypeStringify)
      .process(':::danger\n删除不可恢复\n:::\n\n:::note[读前须知]\n内容\n:::');
    expect(String(file)).toBe(
      '<section><p>当心</p><p>删除不可恢复</p></section>\n<section><p>读前须知</p><p>内容</p></section>',
    );
  });
});

describe('marks', () => {
  it('highlights ==text== and underlines ++text++, never in code or between C++ and a == b', async () => {
    const { html } = await md(
      '==高亮== 与 ++下划线++，`==x==` 和 C++和C++，a == b',
      rehypeWeixinMarks,
      rehypeWeixinTheme,
      rehypeWeixinCleanup,
    );
    expect(html).toContain(
      '<span style="background:#fff3a3">高亮</span> 与 <span style="text-decoration:underline">下划线</span>',
    );
    expect(html).toMatch(/<code>==x==<\/code> 和 C\+\+和C\+\+，a == b/);
  });

  it('can be switched off one at a time', async () => {
    const { html } = await md('==a== ++b++', [rehypeWeixinMarks, { highlight: false }], rehypeWeixinCleanup);
    expect(html).toBe('<p>==a== <span>b</span></p>');
  });
});

describe('your CSS', () => {
  it('drops only the declarations the editor rejects, with their place, and keeps the rest', async () => {
    const css =
      'p {\n  color: #123456;\n  position: fixed;\n  --gap: 4px;\n  margin: var(--gap);\n  background: url(https://x.example/a.png);\n}';
    const { html, file } = await whole('text', { theme: { base: '', css } });
    expect(html).toBe('<p style="color:#123456">text</p>');
    expect(file.messages.map((m) => [m.ruleId, m.line, m.column, m.fatal])).toEqual([
      ['css-rejected', 3, 3, false],
      ['css-rejected', 4, 3, false],
      ['css-rejected', 5, 3, false],
      ['css-rejected', 6, 3, false],
    ]);
    expect(file.messages[0]!.reason).toBe(
      'your CSS, line 3: `position: fixed` is dropped: the editor keeps only `static` and `relative` positions',
    );
  });

  it('says that pseudo-elements, states and @media cannot be inlined', async () => {
    const css = 'p::before { content: "»" }\na:hover { color: red }\n@media (max-width: 1px) { p { color: blue } }';
    const { html, file } = await whole('text [a](https://mp.weixin.qq.com/s/x)', { theme: { base: '', css } });
    expect(html).toBe('<p>text <a href="https://mp.weixin.qq.com/s/x">a</a></p>');
    expect(file.messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['css-at-rule', 3],
      ['css-pseudo-element', 1],
      ['css-pseudo-class', 2],
    ]);
    expect(file.messages[1]!.reason).toContain('`p::before` styles a pseudo-element, which cannot be inlined');
  });

  it('finds nothing to drop in the default theme', async () => {
    expect((await whole('# T\n\ntext')).file.messages).toEqual([]);
  });
});

describe.each(themeNames)('with the %s theme', (name) => {
  const whole = themed(name);
  describe('SVG', () => {
    const badge =
      '<svg viewBox="0 0 120 40" width="120" height="40" id="b" class="c">\n<rect width="120" height="40" rx="6" fill="#0b7a75"/><text x="60" y="26" text-anchor="middle">徽章</text>\n</svg>';

    it('keeps inline SVG without ids and classes', async () => {
      const { html, file } = await whole(badge);
      expect(html).toBe(
        '<svg viewBox="0 0 120 40" width="120" height="40">\n<rect width="120" height="40" rx="6" fill="#0b7a75"></rect><text x="60" y="26" text-anchor="middle">徽章</text>\n</svg>',
      );
      expect(file.messages).toEqual([]);
    });

    it('removes, with a warning at its place, SVG that needs defs, style, foreignObject or ids', async () => {
      const { html, file } = await whole(
        'a\n\n<svg><defs><linearGradient id="g"></linearGradient></defs><rect fill="url(#g)"/></svg>\n\n<svg><style>rect{}</style></svg>\n\n<svg><rect fill="url(#g)"/></svg>',
      );
      // Nothing is left of them, not even the paragraphs that held them.
      expect(html).toMatch(/^<p style="[^"]*">a<\/p>\s*$/);
      expect(file.messages.map((m) => [m.ruleId, m.line, m.reason.split(' is removed')[0]])).toEqual([
        ['svg-removed', 3, 'an <svg> with <defs>'],
        ['svg-removed', 5, 'an <svg> with <style>'],
        ['svg-removed', 7, 'an <svg> with a reference to an id'],
      ]);
    });

    it('keeps dashes, line caps and joins', async () => {
      const line =
        '<svg viewBox="0 0 10 10"><path d="M0 0L10 10" stroke-dasharray="2 1" stroke-dashoffset="1" stroke-linecap="round" stroke-linejoin="round"/></svg>';
      expect((await whole(line)).html).toContain(
        '<svg viewBox="0 0 10 10"><path d="M0 0L10 10" stroke-dasharray="2 1" stroke-dashoffset="1" stroke-linecap="round" stroke-linejoin="round"></path></svg>',
      );
    });

    it('removes every SVG, text and all, with keepSvg: false', async () => {
      const { html } = await md(badge, [rehypeWeixinSanitize, { keepSvg: false }]);
      expect(html).toBe('');
    });
  });
});

describe('input from the HTML side', () => {
  it('accepts a callout any rehype source marks with data-callout', async () => {
    const file = await unified()
      .use(rehypeParse, { fragment: true })
      .use(rehypeWeixinCallouts)
      .use(rehypeStringify)
      .process('<aside data-callout="tip" data-callout-title="小技巧"><p>x</p></aside>');
    expect(String(file)).toBe(
      '<section data-weixin-callout="tip"><p data-weixin-callout-title="">小技巧</p><p>x</p></section>',
    );
  });
});
