// Posts come from the collections Astro loaded, wherever their loader reads them, without `include`.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { astroBuild, makeSite } from './helpers/fixture.js';
import { makeImage } from './helpers/images.js';

let site: { root: string; cleanup: () => Promise<void> };
let result: { code: number; output: string };

const CONFIG = `import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import weixin from 'astro-weixin';
export default defineConfig({
  site: 'https://blog.example.com',
  integrations: [mdx(), weixin({ defaultCover: './src/cover.png', miniprogram: { allowLongCardTitle: true } })],
});
`;
// A strict schema without \`weixin\` for the Markdown posts (the raw front matter keeps it), and the
// exported field for the file() collection, whose entries have no front matter to read.
const CONTENT_CONFIG = `import { defineCollection } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { weixinField } from 'astro-weixin/schema';
const articles = defineCollection({
  loader: glob({ pattern: '**/*.{md,mdx}', base: './src/data/posts' }),
  schema: z.object({ title: z.string() }),
});
const notes = defineCollection({
  loader: file('src/data/notes.json'),
  schema: z.object({ title: z.string(), body: z.string(), weixin: weixinField }),
});
export const collections = { articles, notes };
`;
const MDX_POST = `---
title: MDX post
weixin: true
---
import Callout from '../../components/Callout.astro';
export const meta = {
  kind: 'demo',
};

## After a multi-line export

<Callout>
    An indented child, which stays a paragraph.
</Callout>
`;

beforeAll(async () => {
  // Enough short paragraphs that the inline styles take the HTML over 20,000 characters, the text not.
  const longPost = Array.from({ length: 400 }, (_, i) => `第 ${i} 段。`).join('\n\n');
  site = await makeSite({
    'astro.config.mjs': CONFIG,
    'src/content.config.ts': CONTENT_CONFIG,
    'src/cover.png': await makeImage(320, 180, 'png', { seed: 5 }),
    'src/components/Callout.astro': '<aside><slot /></aside>\n',
    'src/data/posts/first.md': `---\ntitle: First\nweixin: true\n---\n\nFirst post.\n\n::miniprogram{appid=wx1234567890abcdef path=pages/index imageurl=../../cover.png title="${'a'.repeat(36)}"}\n`,
    'src/data/posts/long.md': `---\ntitle: Long\nweixin: true\n---\n\n${longPost}\n`,
    'src/data/posts/unmarked.md': '---\ntitle: Not for WeChat\n---\n\nStays on the site.\n',
    'src/data/posts/mdx-post.mdx': MDX_POST,
    'src/data/notes.json': JSON.stringify([
      { id: 'hello', title: 'Hello note', body: 'A note from a **file()** loader.', weixin: true },
      { id: 'quiet', title: 'Quiet note', body: 'Not selected.' },
    ]),
  });
  result = await astroBuild(site.root);
});
afterAll(async () => site?.cleanup());

async function sentArticles(): Promise<{ title: string; content: string; content_source_url?: string }[]> {
  const dir = path.join(site.root, 'dist/weixin');
  const messages = (await readdir(dir)).filter((name) => /^message-\d+\.json$/.test(name));
  const bodies = await Promise.all(
    messages.map(async (name) => JSON.parse(await readFile(path.join(dir, name), 'utf8'))),
  );
  return bodies.flatMap((body) => body.body.articles);
}

describe('posts from the content layer', () => {
  it('finds posts of a glob() loader outside src/content and of a file() loader, with their addresses', async () => {
    expect(result.code, result.output).toBe(0);
    const articles = await sentArticles();
    expect(articles.map((a) => [a.title, a.content_source_url]).sort()).toEqual([
      ['First', 'https://blog.example.com/articles/first/'],
      ['Hello note', 'https://blog.example.com/notes/hello/'],
      ['Long', 'https://blog.example.com/articles/long/'],
      ['MDX post', 'https://blog.example.com/articles/mdx-post/'],
    ]);
    expect(articles.find((a) => a.title === 'Hello note')!.content).toContain('<strong');
  });

  it('reads MDX with its parser: ESM and components left out, children kept, one warning per component', async () => {
    const mdx = (await sentArticles()).find((a) => a.title === 'MDX post')!;
    expect(mdx.content).toMatch(/<h2[^>]*>After a multi-line export<\/h2>/);
    expect(mdx.content).toMatch(/<p[^>]*>An indented child, which stays a paragraph\.<\/p>/);
    expect(mdx.content).not.toContain('<pre');
    expect(mdx.content).not.toMatch(/import|export const/);
    const warnings = result.output.split('\n').filter((line) => line.includes('<Callout> cannot be shown in WeChat'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('src/data/posts/mdx-post.mdx:12:1  the MDX component <Callout>');
  });

  it('warns at the post when its HTML passes 20,000 characters, and at a long card title when allowed', () => {
    expect(result.output).toMatch(/src\/data\/posts\/long\.md:6:1 {2}the article's HTML is \d{5} characters/);
    expect(result.output).toMatch(/src\/data\/posts\/first\.md:8:1 {2}the card title is 36 characters/);
  });

  it('writes the exact HTML sent next to each phone preview, and the dry run claims no upload', async () => {
    const dir = path.join(site.root, 'dist/weixin/articles');
    const first = (await sentArticles()).find((a) => a.title === 'First')!;
    expect(await readFile(path.join(dir, 'first.weixin.html'), 'utf8')).toBe(first.content);
    expect(result.output).toMatch(/would upload cover \.\/src\/cover\.png \(src\/data\/posts\/first\.md\)/);
    expect(result.output).not.toMatch(/\[astro-weixin:upload\] (uploaded|reused)/);
  });
});
