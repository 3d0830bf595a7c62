// The supported Astro majors below 7 (Astro 7 is what every other e2e test runs): a small blog with a
// .md and an .mdx post, built against each major's own astro and @astrojs/mdx from test/fixtures.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { type Emulator, startEmulator } from '@astro-weixin/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { astroBuild, astroFixture, dryRunOut, makeSite, publishEnv } from './helpers/fixture.js';
import { TEST_APP } from './helpers/app.js';
import { makeImage } from './helpers/images.js';

const body = `Meet at 10:30 today. 注意:这里很重要\n\n::miniprogram{appid=wx0123456789abcdef path=pages/index title="小程序示例" imageurl=/card.png}\n\n去 :miniprogram[书店]{appid=wx0123456789abcdef path=pages/shop} 看看\n`;
const post = (title: string, extra = '') =>
  `---\ntitle: ${title}\nweixin:\n  cover: ./cover.png\n---\n\n${body}${extra}`;
const collection = `import { defineCollection } from 'astro:content';\nimport { glob } from 'astro/loaders';\nexport const collections = { blog: defineCollection({ loader: glob({ base: './src/content/blog', pattern: '**/*.{md,mdx}' }) }) };\n`;
const page = `---\nimport { getCollection, render } from 'astro:content';\nexport async function getStaticPaths() {\n  return (await getCollection('blog')).map((entry) => ({ params: { id: entry.id }, props: { entry } }));\n}\nconst { Content } = await render(Astro.props.entry);\n---\n<html><body><Content /></body></html>\n`;
const config = `import { defineConfig } from 'astro/config';\nimport mdx from '@astrojs/mdx';\nimport weixin from 'astro-weixin';\nexport default defineConfig({ site: 'https://blog.example.com', integrations: [mdx(), weixin()] });\n`;

let emulator: Emulator;
const cleanups: (() => Promise<void>)[] = [];
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, apps: [TEST_APP] });
});
afterAll(async () => {
  await emulator?.close();
  await Promise.all(cleanups.map((cleanup) => cleanup()));
});

function expectFallback(html: string) {
  expect(html).toContain('Meet at 10:30 today');
  expect(html).toContain('注意:这里很重要');
  expect(html).not.toContain(':miniprogram');
  expect(html).toMatch(/class="weixin-miniprogram-card"[^>]*>.*小程序示例/s);
  expect(html).toMatch(/去 <span class="weixin-miniprogram-link"[^>]*>书店<\/span> 看看/);
}

/** One small blog per fixture, made in the fixture's .tmp so it resolves that fixture's astro. */
async function makeBlog(fixture: string, major: string) {
  const astro = await astroFixture(fixture);
  // The fixture must really resolve that major, or the matrix tests Astro 7 twice.
  expect(astro.version.split('.')[0]).toBe(major);
  const site = await makeSite(
    {
      'astro.config.mjs': config,
      'src/content.config.ts': collection,
      'src/pages/blog/[id].astro': page,
      'src/content/blog/plain.md': post(`Plain on ${fixture}`),
      'src/content/blog/rich.mdx': post(
        `Rich on ${fixture}`,
        '\nexport const answer = 42;\n\nThe answer is {answer}.\n',
      ),
      'src/content/blog/cover.png': await makeImage(320, 180, 'png', { seed: 6 }),
      'public/card.png': await makeImage(320, 180, 'png', { seed: 7 }),
    },
    '{}',
    astro.sites,
  );
  cleanups.push(site.cleanup);
  return {
    build: (env: Record<string, string> = {}) => astroBuild(site.root, env, astro.bin),
    read: (file: string) => readFile(path.join(site.root, 'dist', file), 'utf8'),
    root: site.root,
  };
}

type Blog = Awaited<ReturnType<typeof makeBlog>>;

async function expectBothPostsRenderTheFallback(blog: Blog) {
  expectFallback(await blog.read('blog/plain/index.html'));
  const rich = await blog.read('blog/rich/index.html');
  expectFallback(rich);
  expect(rich).toContain('The answer is 42.');
}

describe.each([
  ['astro5', '5'],
  ['astro6', '6'],
])('a blog on %s', (fixture, major) => {
  let blog: Blog;
  beforeAll(async () => {
    blog = await makeBlog(fixture, major);
  });

  it('dry-runs the posts and renders the directive fallback on the site, in .md and .mdx', async () => {
    const { code, output } = await blog.build();
    expect(code, output).toBe(0);
    expect(output).toMatch(/Dry run, no credentials/);
    expect(output).not.toMatch(/processor.*not one astro-weixin knows|unmet peer|deprecated/);

    const message = JSON.parse(await readFile(dryRunOut(blog.root, 'message-1.json'), 'utf8'));
    expect(message.body.articles.map((a: { title: string }) => a.title).sort()).toEqual([
      `Plain on ${fixture}`,
      `Rich on ${fixture}`,
    ]);
    for (const article of message.body.articles) {
      expect(article.content).toContain('10:30');
      expect(article.content).toContain('注意:这里很重要');
    }
    expect(await readdir(dryRunOut(blog.root, 'articles'))).toEqual([
      'plain.dark.html',
      'plain.html',
      'plain.weixin.html',
      'rich.dark.html',
      'rich.html',
      'rich.weixin.html',
    ]);
    await expectBothPostsRenderTheFallback(blog);
  });

  it('publishes both posts to the emulator as one graphic message', async () => {
    const before = emulator.requests.filter((r) => r.call === 'media/uploadnews').length;
    const { code, output } = await blog.build(publishEnv(emulator.url, path.join(blog.root, 'weixin.lock.json')));
    expect(code, output).toBe(0);
    expect(output).not.toContain(TEST_APP.secret);
    expect(emulator.requests.filter((r) => r.call === 'media/uploadnews').length - before).toBe(1);
    const news = emulator.state().news.find((n) => n.articles.some((a) => a.title === `Plain on ${fixture}`));
    expect(news?.articles.map((a) => a.title).sort()).toEqual([`Plain on ${fixture}`, `Rich on ${fixture}`]);
    for (const article of news?.articles ?? []) {
      expect(article.content).toContain('10:30');
      expect(article.content).toMatch(/data-miniprogram-path="pages\/shop"[^>]*>书店<\/a>/);
    }
  });
});

// Sites that moved to Astro 6.4 but kept @astrojs/mdx 5, which still reads only markdown.remarkPlugins.
describe('a blog on Astro 6.4 with @astrojs/mdx 5', () => {
  it('says in one line how the plugins reach MDX, and renders the fallback in .md and .mdx', async () => {
    const blog = await makeBlog('astro6-mdx5', '6');
    const { code, output } = await blog.build();
    expect(code, output).toBe(0);
    expect(output.match(/@astrojs\/mdx 5 does not read markdown\.processor/g)).toHaveLength(1);
    await expectBothPostsRenderTheFallback(blog);
  });
});
