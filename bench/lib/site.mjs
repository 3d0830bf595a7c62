// A 100-post copy of Astro's blog example, made twice: with astro-weixin, and without it.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { photo } from './images.mjs';

export const SITE_POSTS = 100;
const BODY_IMAGES = 3;
const HERO_IMAGES = 5;
const EXAMPLE_POSTS = ['first-post.md', 'markdown-style-guide.md', 'second-post.md', 'third-post.md'];
const postsDir = path.join(import.meta.dirname, '..', 'posts');

const CONTENT_CONFIG = `import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const blog = defineCollection({
  loader: glob({ base: './src/content/blog', pattern: '**/*.md' }),
  schema: ({ image }) =>
    z.object({
      title: z.string(),
      description: z.string(),
      pubDate: z.coerce.date(),
      heroImage: z.optional(image()),
      weixin: z.union([z.boolean(), z.record(z.string(), z.unknown())]).optional(),
    }),
});

export const collections = { blog };
`;

const INDEX_PAGE = `---
import { getCollection } from 'astro:content';
const posts = (await getCollection('blog')).sort((a, b) => b.data.pubDate.valueOf() - a.data.pubDate.valueOf());
---
<html lang="en"><head><meta charset="utf-8" /><title>Blog</title></head>
<body><ul>{posts.map((post) => <li><a href={\`/blog/\${post.id}/\`}>{post.data.title}</a></li>)}</ul></body></html>
`;

const POST_PAGE = `---
import { Image } from 'astro:assets';
import { getCollection, render } from 'astro:content';
export async function getStaticPaths() {
  return (await getCollection('blog')).map((post) => ({ params: { slug: post.id }, props: post }));
}
const post = Astro.props;
const { Content } = await render(post);
---
<html lang="en"><head><meta charset="utf-8" /><title>{post.data.title}</title></head>
<body><article>
  {post.data.heroImage && <Image width={1020} height={510} src={post.data.heroImage} alt="" />}
  <h1>{post.data.title}</h1>
  <Content />
</article></body></html>
`;

function config(withIntegration) {
  return withIntegration
    ? `import { defineConfig } from 'astro/config';\nimport weixin from 'astro-weixin';\nexport default defineConfig({ site: 'https://blog.example.com', integrations: [weixin()] });\n`
    : `import { defineConfig } from 'astro/config';\nexport default defineConfig({ site: 'https://blog.example.com' });\n`;
}

/** Post `index` of the site: an example post, selected for WeChat, with its own images. */
function post(source, index) {
  const images = Array.from(
    { length: BODY_IMAGES },
    (_, image) => `![Figure ${image + 1}](./images/post-${index}-${image}.jpg)\n`,
  ).join('\n');
  const hero = `'../../assets/blog-placeholder-${(index % HERO_IMAGES) + 1}.jpg'`;
  const day = String((index % 28) + 1).padStart(2, '0');
  return source
    .replace(/^title: '(.*)'$/m, `title: '$1 (${index + 1})'\nweixin: true`)
    .replace(/^pubDate: .*$/m, `pubDate: '2026-${String((index % 12) + 1).padStart(2, '0')}-${day}'`)
    .replace(/^heroImage: .*$/m, `heroImage: ${hero}`)
    .replace(/\n---\n/, `\n---\n\n${images}\n`);
}

async function write(root, name, content) {
  const file = path.join(root, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

/**
 * Writes both sites under `base` (a folder inside a workspace package, so they resolve astro and
 * astro-weixin as a user's site does); identical but for the integration.
 */
export async function makeSites(base) {
  await mkdir(base, { recursive: true });
  const examples = await Promise.all(EXAMPLE_POSTS.map((name) => readFile(path.join(postsDir, name), 'utf8')));
  const files = {
    'src/content.config.ts': CONTENT_CONFIG,
    'src/pages/index.astro': INDEX_PAGE,
    'src/pages/blog/[...slug].astro': POST_PAGE,
  };
  for (let hero = 0; hero < HERO_IMAGES; hero += 1)
    files[`src/assets/blog-placeholder-${hero + 1}.jpg`] = await photo(960, 480, 7000 + hero);
  // The style guide shows this one in its body.
  files['src/assets/blog-placeholder-about.jpg'] = await photo(960, 480, 7100);
  for (let index = 0; index < SITE_POSTS; index += 1) {
    files[`src/content/blog/post-${index}.md`] = post(examples[index % examples.length], index);
    for (let image = 0; image < BODY_IMAGES; image += 1)
      files[`src/content/blog/images/post-${index}-${image}.jpg`] = await photo(800, 500, index * 10 + image + 1);
  }
  const sites = {};
  for (const variant of ['with', 'without']) {
    const root = await mkdtemp(path.join(base, `bench-site-${variant}-`));
    await write(root, 'package.json', JSON.stringify({ name: path.basename(root), private: true, type: 'module' }));
    await write(root, 'astro.config.mjs', config(variant === 'with'));
    for (const [name, content] of Object.entries(files)) await write(root, name, content);
    sites[variant] = root;
  }
  return sites;
}
