import rehypeStringify from 'rehype-stringify';
import remarkDirective from 'remark-directive';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import remarkWeixinMiniprogram, { remarkRestoreDirectives } from '../src/index.js';

const targets = {
  shop: {
    appid: 'wxfedcba9876543210',
    path: 'pages/shop/index',
    title: '书店',
    imageurl: '/shop.jpg',
    url: 'https://shop.example/',
  },
};

async function render(markdown: string) {
  return unified()
    .use(remarkParse)
    .use(remarkDirective)
    .use(remarkWeixinMiniprogram, { mode: 'web', targets, appid: 'wx0123456789abcdef' })
    .use(remarkRestoreDirectives)
    .use(remarkRehype)
    .use(rehypeStringify)
    .process(markdown);
}

async function web(markdown: string) {
  return String(await render(markdown));
}

describe('web fallback for the site', () => {
  it('shows a card with image, title and a hint, linked to the web page', async () => {
    expect(await web('::miniprogram{target=shop}')).toBe(
      '<a href="https://shop.example/" class="weixin-miniprogram-card" data-miniprogram-path="pages/shop/index" title="在微信中打开小程序"><img src="/shop.jpg" alt="书店" loading="lazy"><strong class="weixin-miniprogram-title">书店</strong><small class="weixin-miniprogram-hint">在微信中打开小程序</small></a>',
    );
  });

  it('shows a text link as its label, and never the raw directive', async () => {
    expect(await web('买书：:miniprogram[去书店]{target=shop}，或者 :miniprogram[看看]{path=p}')).toBe(
      '<p>买书：<a href="https://shop.example/" class="weixin-miniprogram-link" title="在微信中打开小程序">去书店</a>，或者 <span class="weixin-miniprogram-link" title="在微信中打开小程序">看看</span></p>',
    );
  });

  it('keeps the image of an image link', async () => {
    expect(await web(':miniprogram[![书](/b.jpg)]{path=p}')).toBe(
      '<p><span class="weixin-miniprogram-link" title="在微信中打开小程序"><img src="/b.jpg" alt="书"></span></p>',
    );
  });

  it("shows a card whose title is over WeChat's 35 characters, with a warning only", async () => {
    const title = '长'.repeat(36);
    const file = await render(`::miniprogram{target=shop title="${title}"}`);
    expect(String(file)).toContain(`<strong class="weixin-miniprogram-title">${title}</strong>`);
    expect(file.messages.map((m) => [m.ruleId, m.fatal, m.reason])).toEqual([
      ['card-long-title', false, 'the card title is 36 characters; WeChat shows at most 35'],
    ]);
  });
});
