// The contrast check: text below WCAG AA in light or dark mode is reported where the author wrote it.
import { readFile } from 'node:fs/promises';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './helpers/render.js';
import type { Options } from '../src/index.js';
import { themeNames } from '../src/themes/index.js';

async function check(markdown: string, options: Options = {}) {
  const file = new VFile({ path: 'posts/pale.md', value: markdown });
  await renderMarkdown(file, options);
  return file.messages.filter((message) => message.ruleId === 'contrast');
}

const PALE = '# 标题\n\n第一段。\n\n第二段，颜色太浅。\n';

describe('a pale theme colour', () => {
  it('warns at each paragraph, with file:line, the colour pair, the ratio, the mode and the rule to change', async () => {
    const messages = await check(PALE, { theme: { css: 'p { color: #c8c8c8 }' } });
    expect(messages.map((message) => `${message.file}:${message.line}:${message.column} ${message.fatal}`)).toEqual([
      'posts/pale.md:3:1 false',
      'posts/pale.md:5:1 false',
    ]);
    expect(messages[0]?.reason).toBe(
      '<p> “第一段。” has contrast 1.67:1 in light mode, #c8c8c8 on #ffffff, below WCAG AA 4.5:1: ' +
        'change `color` in your CSS, rule `p` (line 1), or the background in the page',
    );
    expect(messages[0]?.source).toBe('rehype-weixin');
  });

  it('names the inline style when the colour is the author’s own', async () => {
    const [message] = await check('<p style="color:#eee">自己写的颜色</p>\n');
    expect(message?.reason).toMatch(
      /#eeeeee on #ffffff, .*change `color` in the inline style of <p>, or the background in the page$/,
    );
    expect(message?.line).toBe(1);
  });

  it('reports dark mode with the converted colours and the light ones they come from', async () => {
    // A pale blue box is dimmed to brightness 190 in dark mode, and the blue title on it, far enough by brightness, stays.
    const messages = await check('<section style="background:#f1f6fe"><p style="color:#0969da">标题</p></section>\n');
    expect(messages).toHaveLength(1);
    expect(messages[0]?.reason).toMatch(
      /^<p> “标题” has contrast 2\.\d\d:1 in dark mode, #0969da on #bbbec5 \(from #0969da on #f1f6fe in light mode\), below WCAG AA 4\.5:1: change `color` in the inline style of <p>, or the background in the inline style of <section>$/,
    );
  });

  it('lets dark mode pass what light mode fails: white on a light grey box becomes white on dark grey', async () => {
    const messages = await check('<p style="background:#bbbbbb;color:#ffffff">白字</p>\n');
    expect(messages.map((message) => message.reason.replace(/, below.*/, ''))).toEqual([
      '<p> “白字” has contrast 1.92:1 in light mode, #ffffff on #bbbbbb',
    ]);
  });

  it('places a callout title’s message at the callout', async () => {
    const css = 'section[data-weixin-callout] p[data-weixin-callout-title] { color: #9ec5f8 }';
    const messages = await check('# 标题\n\n> [!NOTE]\n> 正文。\n', { theme: { css } });
    expect(messages.map((message) => `${message.line}:${message.column} ${message.reason.slice(0, 12)}`)).toEqual([
      '3:1 <p> “说明” has',
    ]);
  });

  it('asks only 3:1 of large text: a 24px heading passes at 3.45:1 where a paragraph does not', async () => {
    const css = 'h1 { font-size: 24px; color: #8a8a8a } p { color: #8a8a8a }';
    const messages = await check(PALE, { theme: { css } });
    expect(messages.map((message) => message.line)).toEqual([3, 5]);
  });

  it('turns the warnings into errors on request, and stays silent when switched off', async () => {
    const errors = await check(PALE, { theme: { css: 'p { color: #c8c8c8 }' }, contrast: { asErrors: true } });
    expect(errors.map((message) => message.fatal)).toEqual([true, true]);
    expect(await check(PALE, { theme: { css: 'p { color: #c8c8c8 }' }, contrast: false })).toEqual([]);
  });
});

const phonePost = await readFile(new URL('fixtures/phone-post.md', import.meta.url), 'utf8');
const everyColour = await readFile(new URL('fixtures/every-colour.md', import.meta.url), 'utf8');

describe.each(themeNames)('the %s theme', (name) => {
  it('passes in both modes on a post with every construct, and on a plain post', async () => {
    expect(await check(`${phonePost}\n${everyColour}`, { theme: { name } })).toEqual([]);
    expect(await check('# 标题\n\n一段普通的文字。\n', { theme: { name } })).toEqual([]);
  });
});

describe('a built-in theme with nothing of the author on top', () => {
  it.each(themeNames)('still checks colours written in raw HTML under %s', async (name) => {
    const raw = '# 标题\n\n<p style="color:#d0d0d0">太浅的一段。</p>\n\n<p><font color="#e0e0e0">更浅。</font></p>\n';
    const messages = await check(raw, { theme: { name } });
    expect(messages.map((message) => message.line)).toEqual(expect.arrayContaining([3]));
  });

  it('gives the same messages (none) whether its walk is taken or not, on a post using every construct', async () => {
    const post = await readFile(new URL('./fixtures/phone-post.md', import.meta.url), 'utf8');
    for (const name of themeNames) {
      // A CSS comment is nothing of the author's colours, but makes the check walk the tree.
      const walked = await check(post, { theme: { name, css: '/* walk */' } });
      expect(walked, name).toEqual([]);
      expect(await check(post, { theme: { name } }), name).toEqual([]);
    }
  });
});
