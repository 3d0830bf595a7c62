// The site itself renders mini-program directives as a web fallback and keeps `10:30`,
// on Astro 7's default Sätteri processor (with an MDX post) and on unified().
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { astroBuild, makeSite } from './helpers/fixture.js';

const post = (extra = '') =>
  `---\ntitle: Directives\n---\n\nMeet at 10:30 today. 注意:这里很重要\n\n::miniprogram{appid=wx0123456789abcdef path=pages/index title="小程序示例" imageurl=/card.jpg}\n\n去 :miniprogram[书店]{appid=wx0123456789abcdef path=pages/shop} 看看\n${extra}`;
const page = `---\nimport { getCollection, render } from 'astro:content';\nexport async function getStaticPaths() {\n  return (await getCollection('blog')).map((entry) => ({ params: { id: entry.id }, props: { entry } }));\n}\nconst { Content } = await render(Astro.props.entry);\n---\n<html><body><Content /></body></html>\n`;
const collection = `import { defineCollection } from 'astro:content';\nimport { glob } from 'astro/loaders';\nexport const collections = { blog: defineCollection({ loader: glob({ base: './src/content/blog', pattern: '**/*.{md,mdx}' }) }) };\n`;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => Promise.all(cleanups.map((c) => c())));

async function build(config: string, files: Record<string, string>) {
  const site = await makeSite({ 'src/content.config.ts': collection, 'src/pages/[id].astro': page, ...files });
  cleanups.push(site.cleanup);
  const { writeFile } = await import('node:fs/promises');
  await writeFile(path.join(site.root, 'astro.config.mjs'), config);
  const result = await astroBuild(site.root);
  return { ...result, read: (id: string) => readFile(path.join(site.root, 'dist', id, 'index.html'), 'utf8') };
}

function expectFallback(html: string) {
  expect(html).toContain('Meet at 10:30 today');
  expect(html).toContain('注意:这里很重要');
  expect(html).not.toContain('::miniprogram');
  expect(html).toMatch(/class="weixin-miniprogram-card"[^>]*>.*小程序示例/s);
  expect(html).toMatch(/去 <span class="weixin-miniprogram-link"[^>]*>书店<\/span> 看看/);
}

describe('the site renders directives', () => {
  it('on the default Sätteri processor, for .md and .mdx', async () => {
    const { code, output, read } = await build(
      "import { defineConfig } from 'astro/config';\nimport mdx from '@astrojs/mdx';\nimport weixin from 'astro-weixin';\nexport default defineConfig({ integrations: [mdx(), weixin()] });\n",
      {
        'src/content/blog/plain.md': post(),
        'src/content/blog/rich.mdx': post('\nexport const answer = 42;\n\nThe answer is {answer}.\n'),
      },
    );
    expect(code, output).toBe(0);
    expectFallback(await read('plain'));
    const mdx = await read('rich');
    expectFallback(mdx);
    expect(mdx).toContain('The answer is 42.');
  });

  it('on the unified() processor', async () => {
    const { code, output, read } = await build(
      "import { defineConfig } from 'astro/config';\nimport { unified } from '@astrojs/markdown-remark';\nimport weixin from 'astro-weixin';\nexport default defineConfig({ markdown: { processor: unified() }, integrations: [weixin()] });\n",
      { 'src/content/blog/plain.md': post() },
    );
    expect(code, output).toBe(0);
    expectFallback(await read('plain'));
  });
});
