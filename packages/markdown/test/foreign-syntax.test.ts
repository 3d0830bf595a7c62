// Posts written for Obsidian, Hexo, Hugo or Typora: their syntax is made into what it means, or
// taken out with a word to the author; it never reaches readers as raw text.
import { describe, expect, it } from 'vitest';
import { createWeixinProcessor } from '../src/processor.js';

const processor = createWeixinProcessor();
const render = (body: string) => processor.process(`---\ntitle: 迁移\n---\n\n${body}\n`, { path: 'post.md' });

/** Any other tool's syntax left in the HTML a reader gets. */
const RAW = /\[\[|\]\]|\{%|%\}|\{\{[<%]|[>%]\}\}|\[TOC\]|==|\[!/i;
const text = (html: string) => html.replace(/<[^>]*>/g, '');

describe('syntax from other tools', () => {
  it('makes Obsidian image embeds images, at their line', async () => {
    const result = await render('看 ![[photo.png]]、![[img/示意.jpg|示意图]] 与 ![[wide.webp|600]]。');
    expect(text(result.html)).not.toMatch(RAW);
    expect(result.assets.map((asset) => [asset.src, asset.alt, asset.position?.start.line])).toEqual([
      ['photo.png', 'photo.png', 5],
      ['img/%E7%A4%BA%E6%84%8F.jpg', '示意图', 5],
      ['wide.webp', 'wide.webp', 5],
    ]);
    expect(result.messages).toEqual([]);
  });

  it('shows note embeds and wikilinks as their text, each with a warning at file:line', async () => {
    const result = await render('第一行\n\n参见 ![[读书笔记]] 和 [[页面|那一页]]，\n还有 [[其他#小节]]。');
    expect(text(result.html)).not.toMatch(RAW);
    expect(text(result.html)).toContain('参见 读书笔记 和 那一页，\n还有 其他 › 小节。');
    expect(result.messages.map((m) => [m.file, m.line, m.column, m.ruleId])).toEqual([
      ['post.md', 7, 4, 'obsidian-embed'],
      ['post.md', 7, 16, 'obsidian-wikilink'],
      ['post.md', 8, 4, 'obsidian-wikilink'],
    ]);
    expect(result.messages[1]!.reason).toMatch(/write \[那一页\]\(https:\/\/…\) for a link$/);
  });

  it('keeps Obsidian highlights and folded callouts as what they mean', async () => {
    const result = await render('==重点== 在此。\n\n> [!todo]- 清单\n> 一件事');
    expect(text(result.html)).not.toMatch(RAW);
    expect(result.html).toMatch(/<section[^>]*><p[^>]*>清单<\/p>/);
    expect(result.messages).toEqual([]);
  });

  it("keeps Hexo's image tags as images and takes its other tags out, saying what to write", async () => {
    const result = await render(
      '{% asset_img cover.png 封面 %}\n\n{% img /images/a.png 200 100 "标题" %}\n\n{% note info %}\n提示内容\n{% endnote %}\n\n{% codeblock lang:js %}\nlet a;\n{% endcodeblock %}',
    );
    expect(text(result.html)).not.toMatch(RAW);
    expect(text(result.html)).toContain('提示内容');
    expect(result.assets.map((asset) => [asset.src, asset.alt])).toEqual([
      ['cover.png', '封面'],
      ['/images/a.png', '标题'],
    ]);
    expect(result.messages.map((m) => [m.line, m.ruleId])).toEqual([
      [9, 'hexo-tag'],
      [13, 'hexo-tag'],
    ]);
    expect(result.messages[0]!.reason).toMatch(/`\{% note info %\}`.*write `:::note`/);
    expect(result.messages[1]!.reason).toMatch(/write a ``` fence/);
  });

  it("keeps Hugo's figure as an image and takes other shortcodes out, with a warning", async () => {
    const result = await render(
      '{{< figure src="/img/fig.png" alt="图一" >}}\n\n{{< youtube abc123 >}}\n\n{{% notice tip %}}注意{{% /notice %}}',
    );
    expect(text(result.html)).not.toMatch(RAW);
    expect(text(result.html)).toContain('注意');
    expect(result.assets.map((asset) => [asset.src, asset.alt])).toEqual([['/img/fig.png', '图一']]);
    expect(result.messages.map((m) => [m.line, m.ruleId])).toEqual([
      [7, 'hugo-shortcode'],
      [9, 'hugo-shortcode'],
    ]);
  });

  it("takes Typora's [TOC] out with a warning, and leaves code and [[1]] citations alone", async () => {
    const result = await render(
      '[TOC]\n\n正文 `{% raw %}` 与 `[[x]]`，引文[[1]]、[[2, 3]]。\n\n```\n{{< shortcode >}}\n```',
    );
    expect(result.html).not.toContain('[TOC]');
    expect(result.html).toContain('{% raw %}');
    expect(result.html).toContain('[[x]]');
    expect(result.html).toContain('引文[[1]]、[[2, 3]]。');
    expect(result.html).toContain('{{&#x3C;&nbsp;shortcode&nbsp;>}}');
    expect(result.messages.map((m) => [m.line, m.ruleId])).toEqual([[5, 'toc-marker']]);
  });
});
