// The playground blog, built with the real `astro build` and published to the emulator over HTTP.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@astro-weixin/emulator';
import { astroBuild, copyPlayground, dryRunOut, publishEnv } from './helpers/fixture.js';
import { TEST_APP } from './helpers/app.js';

let emulator: Emulator;
let site: { root: string; cleanup: () => Promise<void> };
let lockfile: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, apps: [TEST_APP] });
  site = await copyPlayground();
  lockfile = path.join(site.root, 'weixin.lock.json');
});
afterAll(async () => {
  await emulator?.close();
  await site?.cleanup();
});

const calls = (name: string) => emulator.requests.filter((r) => r.call === name).length;

describe('the playground, published', () => {
  it('makes the selected posts drafts, with every image uploaded once, an animated GIF kept and an image post', async () => {
    const result = await astroBuild(site.root, publishEnv(emulator.url, lockfile));
    expect(result.output).not.toMatch(new RegExp(TEST_APP.secret));
    expect(result.code, result.output).toBe(0);

    const state = emulator.state();
    // The two posts pinned to batch 2026-11 go together (order 1 is the lead); the English post is alone.
    const titles = state.drafts.map((draft) => draft.articles.map((a) => a.title));
    expect(titles).toContainEqual(['用 Astro 写博客，一键发到公众号', '春日书单：五本值得慢读的书']);
    expect(titles).toContainEqual(['Shipping an Astro blog to WeChat']);
    // A post with no image at all goes out too (its own batch), with a cover drawn from its title.
    expect(titles).toContainEqual(['冬夜随笔：一篇没有图片的文章']);
    expect(titles).toContainEqual(['公式也能发到公众号：从勾股定理到欧拉恒等式']);
    expect(titles.flat()).not.toContain('还没写完的草稿');
    expect(titles.flat()).not.toContain('Only on the website');

    const all = state.drafts.flatMap((draft) => draft.articles);
    for (const article of all) {
      expect(article.content).not.toMatch(/weixin-asset|::miniprogram|class=|<style|<script/);
      for (const [, src] of article.content.matchAll(/<img[^>]*\ssrc="([^"]+)"/g))
        expect(src!.startsWith(emulator.url)).toBe(true);
    }
    const lead = all.find((a) => a.title.startsWith('用 Astro'))!;
    expect(lead.content).toContain('data-miniprogram-type="card"');
    expect(lead.content).toMatch(
      /<a data-miniprogram-appid="wxfedcba9876543210" data-miniprogram-path="pages\/shop\/index" href="">点击文字跳转小程序<\/a>/,
    );
    expect(lead.content).toContain('10:30');
    // The animated GIF went up as permanent image material and stays animated.
    expect(lead.content).toMatch(/<img[^>]+src="[^"]+\/mmbiz_gif\//);
    // The image post (小绿书): a draft of its own, its pictures in order (the GIF among them), its text plain.
    const imagePost = all.find((a) => a.article_type === 'newspic')!;
    expect(imagePost.title).toBe('春日散步');
    expect(imagePost.image_info!.image_list).toHaveLength(3);
    // The GIF is one upload, shared by the article and the image post.
    expect(state.materials.filter((m) => m.format === 'gif')).toHaveLength(1);
    expect(imagePost.content).toBe(
      '周末去公园走了一圈，花都开了。\n\n这是一篇图片消息（小绿书）：图片左右滑动，文字是纯文本。',
    );
    expect(lead.content_source_url).toBe('https://blog.example.com/blog/astro-to-weixin/');
    expect(lead.need_open_comment).toBe(1);
    // Formulas are SVG paths; prices keep their dollar signs.
    const math = all.find((a) => a.title.startsWith('公式'))!;
    expect(math.content.match(/<svg [^>]*viewBox/g)).toHaveLength(10);
    expect(math.content).toContain('这本书原价 $25，现在 $18 就能买到；两本一起买只要 $30。');

    // Distinct images: pipeline.webp, shop-card (card + image link are two renditions), bookshelf, diagram,
    // the animated GIF and the image post's pictures (permanent image material).
    const uploads = calls('media/uploadimg') + state.materials.filter((m) => m.type === 'image').length;
    const lock = JSON.parse(await readFile(lockfile, 'utf8'));
    const account = Object.values(lock.accounts)[0] as { images: object; thumbs: object; messages: object };
    expect(Object.keys(account.images)).toHaveLength(uploads);
    expect(Object.keys(account.messages)).toHaveLength(5);
    expect(state.materials.filter((m) => m.type === 'thumb')).toHaveLength(Object.keys(account.thumbs).length);

    // The site itself renders the directives as a web fallback and keeps 10:30.
    const html = await readFile(path.join(site.root, 'dist/blog/astro-to-weixin/index.html'), 'utf8');
    expect(html).toContain('10:30');
    expect(html).not.toContain('::miniprogram');
    expect(html).toContain('小北的书店');
    // The dry run is only for dry runs, and never part of the site.
    await expect(readFile(path.join(site.root, 'dist/weixin/index.html'), 'utf8')).rejects.toThrow();
    await expect(readFile(dryRunOut(site.root, 'index.html'), 'utf8')).rejects.toThrow();
  });

  it('makes zero API calls when nothing changed', async () => {
    const before = emulator.requests.length;
    const result = await astroBuild(site.root, publishEnv(emulator.url, lockfile));
    expect(result.code, result.output).toBe(0);
    expect(emulator.requests.length).toBe(before);
    expect(result.output).toMatch(/unchanged/);
  });
});
