// The web fallback inside Astro 7's two real Markdown processors, with the same cases.
import { satteri } from '@astrojs/markdown-satteri';
import { unified } from '@astrojs/markdown-remark';
import remarkDirective from 'remark-directive';
import { describe, expect, it } from 'vitest';
import remarkWeixinMiniprogram, { remarkRestoreDirectives } from '../src/index.js';
import { satteriClaimMiniprogram, satteriRestoreDirectives, satteriWeixinMiniprogram } from '../src/satteri.js';

const options = {
  appid: 'wx0123456789abcdef',
  targets: { shop: { appid: 'wxfedcba9876543210', path: 'pages/shop/index', title: '书店', imageurl: '/shop.jpg' } },
};

async function renderers() {
  const viaSatteri = satteri({ features: { directive: true }, mdastPlugins: [satteriWeixinMiniprogram(options)] });
  const viaUnified = unified({
    remarkPlugins: [remarkDirective, [remarkWeixinMiniprogram, { mode: 'web', ...options }], remarkRestoreDirectives],
  });
  const shared = { syntaxHighlight: false as const };
  return [
    ['satteri', await viaSatteri.createRenderer(shared)],
    ['unified', await viaUnified.createRenderer(shared)],
  ] as const;
}

describe.each(await renderers())('%s processor', (_name, renderer) => {
  const html = async (markdown: string) => (await renderer.render(markdown)).code;

  it('renders the card fallback', async () => {
    const out = await html('::miniprogram{target=shop}');
    expect(out).toMatch(
      /<div class="weixin-miniprogram-card"[^>]*>.*<strong class="weixin-miniprogram-title">书店<\/strong>/s,
    );
    expect(out).not.toContain('::miniprogram');
  });

  it('renders a text link as its label', async () => {
    const out = await html('去 :miniprogram[书店]{target=shop} 看看');
    expect(out).toMatch(/去 <span class="weixin-miniprogram-link"[^>]*>书店<\/span> 看看/);
  });

  it('keeps the image of an image link', async () => {
    expect(await html(':miniprogram[![书](/b.jpg)]{target=shop}')).toMatch(
      /<span class="weixin-miniprogram-link"[^>]*><img src="\/b.jpg" alt="书"/,
    );
  });

  it('keeps 10:30 and 注意:这里', async () => {
    expect(await html('Meet at 10:30 today')).toContain('Meet at 10:30 today');
    expect(await html('注意:这里很重要')).toContain('注意:这里很重要');
  });
});

describe('Sätteri with another directive plugin between claiming and restoring', async () => {
  // Another integration's plugin, as Starlight's asides would be: it claims `:::note`.
  const note = {
    name: 'note',
    containerDirective(node: { name: string }, context: { setProperty(n: unknown, k: 'data', v: unknown): void }) {
      if (node.name === 'note') context.setProperty(node, 'data', { hName: 'aside' });
    },
  };
  const processor = satteri({
    features: { directive: true },
    mdastPlugins: [satteriClaimMiniprogram(options), note, satteriRestoreDirectives()],
  });
  const renderer = await processor.createRenderer({ syntaxHighlight: false });
  const html = async (markdown: string) => (await renderer.render(markdown)).code;

  it('leaves the other claim alone and restores the rest', async () => {
    const out = await html(':::note\nAt 10:30 :miniprogram[书店]{target=shop}\n:::\n\n:::box\ninside 1:2\n:::');
    expect(out).toBe(
      '<aside><p>At 10:30 <span class="weixin-miniprogram-link" title="在微信中打开小程序">书店</span></p></aside>\n<p>inside 1:2</p>\n',
    );
  });

  it('shows a broken directive as its source', async () => {
    expect(await html('去 :miniprogram[书店]{target=nope} 看看')).toBe(
      '<p>去 :miniprogram[书店]{target="nope"} 看看</p>\n',
    );
  });
});
