import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { themeNames } from 'rehype-weixin';
import { markdownToWeixin } from '../src/one-call.js';
import { createWeixinProcessor } from '../src/processor.js';
import { themeChoices } from '../src/themes.js';
import type { ProcessorOptions } from '../src/types.js';

const APPID = 'wx0123456789abcdef';

describe('markdownToWeixin', () => {
  it('takes title and digest from front matter', async () => {
    const result = await markdownToWeixin('---\ntitle: Hello\ndescription: A short one.\n---\n\nBody text.\n');
    expect(result).toMatchObject({
      title: 'Hello',
      digest: 'A short one.',
      frontmatter: { title: 'Hello', description: 'A short one.' },
    });
    expect(result.html).toContain('Body text.');
    expect(result.messages).toEqual([]);
  });

  it('reads a table however little of its syntax the post holds', async () => {
    const processor = createWeixinProcessor();
    const render = async (body: string) => (await processor.process(`---\ntitle: T\n---\n\n${body}\n`)).html;
    // One column, and a delimiter row with colons but no pipe.
    expect(await render('Name\n:---:\nAda')).toMatch(/<table[^>]*>.*<th[^>]*>Name<\/th>.*<td[^>]*>Ada<\/td>/s);
    expect(await render('Name | Born\n--- | ---\nAda | 1815')).toMatch(/<th[^>]*>Born<\/th>.*<td[^>]*>1815<\/td>/s);
    // Without a delimiter row, the same lines are a paragraph.
    expect(await render('Name\n---\nAda')).not.toContain('<table');
  });

  it('uses a leading # heading as the title and removes it from the body', async () => {
    const result = await markdownToWeixin('# 标题\n\n正文第一段。\n');
    expect(result.title).toBe('标题');
    expect(result.html).not.toContain('<h1');
    expect(result.digest).toBe('正文第一段。');
  });

  it('reports a missing title at 1:1 and a YAML error at its line, with the file', async () => {
    const untitled = await markdownToWeixin('Just text.\n', { path: 'posts/a.md' });
    expect(untitled.file.path).toBe('posts/a.md');
    expect(untitled.messages).toBe(untitled.file.messages);
    expect(untitled.messages.map((m) => [m.file, m.line, m.column, m.fatal, m.reason, m.source, m.ruleId])).toEqual([
      [
        'posts/a.md',
        1,
        1,
        true,
        'the post has no title: add `title:` to the front matter or start with a `# heading`',
        '@astro-weixin/markdown',
        'missing-title',
      ],
    ]);
    const broken = await markdownToWeixin('---\ntitle: x\ntags: [a\n---\nText\n', { path: 'posts/b.md' });
    const error = broken.messages.find((m) => m.ruleId === 'invalid-frontmatter')!;
    expect([error.line, error.fatal]).toEqual([3, true]); // the line with the unclosed `[`
    expect(error.reason).toMatch(/^front matter is not valid YAML: /);
  });

  it('takes front matter the caller parsed instead of parsing the YAML again', async () => {
    // The block is invalid YAML: had it been parsed, there would be an error and no title.
    const result = await markdownToWeixin('---\ntitle: [oops\n---\n\nBody text.\n', {
      frontmatter: { title: 'Given', digest: 'From the caller.' },
    });
    expect(result.messages).toEqual([]);
    expect([result.title, result.digest, result.frontmatter]).toEqual([
      'Given',
      'From the caller.',
      { title: 'Given', digest: 'From the caller.' },
    ]);
    expect(result.html).not.toContain('oops');
  });

  it('keeps a card without a title apart from the post title, by rule', async () => {
    const card = `::miniprogram{appid=${APPID} path=pages/index imageurl=./card.jpg}`;
    const fatal = async (markdown: string) =>
      (await markdownToWeixin(markdown)).messages.filter((m) => m.fatal).map((m) => [m.source, m.ruleId]);
    expect(await fatal(`---\ntitle: t\n---\n\n${card}\n`)).toEqual([
      ['remark-weixin-miniprogram', 'card-missing-title'],
    ]);
    expect(await fatal(`Text\n\n${card}\n`)).toEqual([
      ['remark-weixin-miniprogram', 'card-missing-title'],
      ['@astro-weixin/markdown', 'missing-title'],
    ]);
  });

  it('fails a card title over 35 characters unless allowLongCardTitle', async () => {
    const source = `---\ntitle: t\n---\n\n::miniprogram{appid=${APPID} path=p title="${'长'.repeat(36)}" imageurl=./c.jpg}\n`;
    const strict = await markdownToWeixin(source);
    expect(strict.messages.map((m) => [m.ruleId, m.fatal, m.line])).toEqual([['card-long-title', true, 5]]);
    expect(strict.html).not.toContain('<mp-common-miniprogram');
    const relaxed = await markdownToWeixin(source, { miniprogram: { allowLongCardTitle: true } });
    expect(relaxed.messages.map((m) => [m.ruleId, m.fatal])).toEqual([['card-long-title', false]]);
    expect(relaxed.html).toContain(`data-miniprogram-title="${'长'.repeat(36)}"`);
  });

  it('makes the seed forms from directives and keeps 10:30', async () => {
    const result = await markdownToWeixin(
      '---\ntitle: t\n---\n\nAt 10:30 :miniprogram[打开]{appid=wx0123456789abcdef path=pages/index}\n',
    );
    expect(result.html).toContain(
      'At 10:30 <a data-miniprogram-appid="wx0123456789abcdef" data-miniprogram-path="pages/index" href="">打开</a>',
    );
  });

  it('lists assets with their place in the source file', async () => {
    const result = await markdownToWeixin('---\ntitle: t\n---\n\nText\n\n![a](./a.png)\n');
    expect(result.assets.map((a) => [a.src, a.position?.start.line, a.position?.start.column])).toEqual([
      ['./a.png', 7, 1],
    ]);
  });

  it('reuses one processor across posts and keeps their data apart', async () => {
    const processor = createWeixinProcessor();
    const [a, b] = await Promise.all([
      processor.process('---\ntitle: A\ndescription: Only A.\n---\n\n![x](./x.png)\n', { path: 'a.md' }),
      processor.process('---\ntitle: B\n---\n\nB body is here.\n', { path: 'b.md' }),
    ]);
    expect([a.title, a.digest, a.assets.length]).toEqual(['A', 'Only A.', 1]);
    expect([b.title, b.digest, b.assets.length]).toEqual(['B', 'B body is here.', 0]);
  });
});

const typicalPost = await readFile(new URL('./golden/typical-post.md', import.meta.url), 'utf8');

describe.each(themeNames)('a typical blog post, %s theme', async (name) => {
  const result = await markdownToWeixin(typicalPost, { path: 'typical-post.md', weixin: { theme: { name } } });

  it('renders without errors and with the expected metadata', () => {
    expect(result.messages.filter((m) => m.fatal)).toEqual([]);
    expect(result.title).toBe('一篇典型的博客文章');
    expect(result.digest).toBe('标题、强调、图片、引用、脚注、表格、嵌套列表、多种语言的代码和内联 HTML。');
    expect(result.assets.map((a) => [a.src, a.kind])).toEqual([
      ['./images/cover.png', 'image'],
      ['./images/card.jpg', 'miniprogram-card'],
    ]);
    expect(result.references).toEqual([{ url: 'https://astro.build/', text: 'Astro', index: 2 }]);
  });

  it('has what WeChat keeps and nothing it drops', () => {
    const { html } = result;
    expect(html).not.toMatch(/ class=| id=|<style|<script|<input|data-weixin|<h1/);
    expect(html).toContain('会议在 10:30 开始');
    expect(html).toMatch(/<blockquote[^>]*>\s*<p[^>]*>第一层引用。<\/p>\s*<blockquote/);
    // Markers are text in each item (the editor drops list-style-type), nested bullets as browsers draw them.
    expect([...html.matchAll(/list-style-type:(\w+)/g)].map((m) => m[1])).toEqual(['none', 'none', 'none']);
    expect([...html.matchAll(/margin-left:-[0-9.]+em">([^<]*)<\/span>([^<]*)/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual(
      ['1. 第一步', '◦ 子项 A', '▪ 更深的子项', '◦ 子项 B', '2. 第二步', '1. 一个脚注。 '],
    );
    expect(html).toContain('☑ 已完成');
    expect(html).toMatch(/<section style="overflow-x:auto[^"]*"><table/);
    // A tab-indented TypeScript field: four no-break spaces, then the coloured name.
    expect(html).toMatch(/>&nbsp;&nbsp;&nbsp;&nbsp;<\/span><span style="color:#[0-9A-F]{6}">tags<\/span>/);
    expect(html).toContain('<br><br>');
    expect(html).toContain('<a href="https://mp.weixin.qq.com/s/abc"');
    expect(html).toContain('Astro<sup');
    expect(html).toMatch(
      /<mp-common-miniprogram data-miniprogram-appid="wx0123456789abcdef" data-miniprogram-path="pages\/index\/index" data-miniprogram-title="小程序示例" data-miniprogram-imageurl="weixin-asset:1:[0-9a-f]{8}" data-miniprogram-type="card"><\/mp-common-miniprogram>/,
    );
    expect(html).toContain('<span>HTML</span>（HyperText Markup Language）');
  });
});

it('renders the typical post as the golden file, with the default theme (vitest -u rewrites it)', async () => {
  const result = await markdownToWeixin(typicalPost, { path: 'typical-post.md' });
  await expect(result.html).toMatchFileSnapshot('./golden/typical-post.html');
});

describe('math', () => {
  const body = (html: string) => html.replace(/<svg[\s\S]*?<\/svg>/g, '<svg/>').replace(/ style="[^"]*"/g, '');

  it('renders $…$ and $$…$$ as SVG and leaves prices as text, with their Markdown', async () => {
    const result = await markdownToWeixin(
      '---\ntitle: t\n---\n\ncosts $5 and $10, or $ 5 $; Solar $61 per MWh, *cheaper* than gas at $76/MWh.\n\nEuler $e^{i\\pi}+1=0$ and $$a+b$$ inline.\n\n$$\nE = mc^2\n$$\n',
    );
    expect(result.messages).toEqual([]);
    expect(body(result.html)).toBe(
      '<p>costs $5 and $10, or $ 5 $; Solar $61 per MWh, <em>cheaper</em> than gas at $76/MWh.</p>\n<p>Euler <svg/> and <svg/> inline.</p>\n<section><svg/></section>',
    );
    expect(result.digest).toMatch(/^costs \$5 and \$10, or \$ 5 \$; Solar \$61 per MWh, cheape/);
  });

  it('keeps the place of Markdown inside a price span, for messages', async () => {
    const result = await markdownToWeixin('---\ntitle: t\n---\n\nfrom $5 to ![x](./x.png) $10\n');
    expect(result.assets.map((a) => [a.src, a.position?.start.line, a.position?.start.column])).toEqual([
      ['./x.png', 5, 12],
    ]);
  });

  it('makes PNG formulas to upload with math: { output: "png" }', async () => {
    const result = await markdownToWeixin('---\ntitle: t\n---\n\n$x^2$\n', { weixin: { math: { output: 'png' } } });
    expect(result.assets.map((a) => [a.kind, a.alt, a.src.slice(0, 22)])).toEqual([
      ['image', 'x^2', 'data:image/png;base64,'],
    ]);
    expect(result.html).toMatch(/^<p[^>]*><img src="weixin-asset:0:[0-9a-f]{8}" alt="x\^2"/);
  });
});

describe('themeChoices', () => {
  const post = '---\ntitle: t\n---\n\n## 小节\n\n正文 text。\n\n```ts\nconst x = 1;\n```\n';
  const render = async (weixin: ProcessorOptions['weixin']) =>
    (await createWeixinProcessor({ weixin }).process(post)).html;

  it('offers the configured theme first, as given, then every other built-in theme with your CSS on top', async () => {
    const weixin = { theme: { name: 'tech' as const, css: 'h2 { font-size: 20px }' } };
    const choices = themeChoices(weixin);
    expect(choices.map((choice) => [choice.name, choice.configured])).toEqual([
      ['tech', true],
      ['default', false],
      ['elegant', false],
      ['orange', false],
      ['minimal', false],
    ]);
    expect(choices[0]!.weixin).toBe(weixin);
    const pages = await Promise.all(choices.map((choice) => render(choice.weixin)));
    expect(new Set(pages).size).toBe(themeNames.length);
    for (const html of pages) expect(html).toMatch(/^<h2 style="[^"]*font-size:20px[^"]*">小节<\/h2>/);
    expect(pages[0]).toContain('border-left:4px solid #2563eb');
  });

  it('keeps a base theme, which stands in for every named theme: only code colours then differ', async () => {
    const choices = themeChoices({ theme: { base: 'p { color: red }', css: 'h2 { font-size: 20px }' } });
    expect(choices.map((choice) => choice.name)).toEqual(themeNames);
    const pages = await Promise.all(choices.map((choice) => render(choice.weixin)));
    for (const html of pages) {
      expect(html).toMatch(/<p style="color:red">正文 text。<\/p>/);
      expect(html).toMatch(/^<h2 style="font-size:20px">小节<\/h2>/);
      expect(html).not.toContain('border-left:4px solid #2563eb');
    }
    // A named theme colours code for its dark blocks; the configured base, named by none, keeps light code.
    const keywords = pages.map((html) => /<span style="color:(#\w+)">const/.exec(html)?.[1]);
    expect(keywords).toEqual(themeNames.map((_, index) => (index === 0 ? '#D73A49' : '#FF9492')));
  });
});
