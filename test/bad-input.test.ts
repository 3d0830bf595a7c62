// Author mistakes fail the build before Astro renders a page: one list of file:line:column lines,
// one hint, exit code 1, no stack trace, and nothing uploaded.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@astro-weixin/emulator';
import { astroBuild, makeSite, publishEnv } from './helpers/fixture.js';
import { TEST_APP } from './helpers/app.js';
import { makeImage } from './helpers/images.js';

let emulator: Emulator;
let redirector: Server;
let site: { root: string; cleanup: () => Promise<void> };
let result: { code: number; output: string };

const CONTENT_CONFIG = `import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
export const collections = { blog: defineCollection({ loader: glob({ pattern: '**/*.md', base: './src/content/blog' }) }) };
`;
// A page per post, so Astro's own image step would meet a broken image if our checks did not stop the build first.
const POST_PAGE = `---
import { getCollection, render } from 'astro:content';
export async function getStaticPaths() {
  return (await getCollection('blog')).map((post) => ({ params: { id: post.id }, props: { post } }));
}
const { Content } = await render(Astro.props.post);
---
<html><body><Content /></body></html>
`;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, apps: [TEST_APP] });
  // An image server the site may use (listed in allowHttpHosts) that redirects into the build machine's loopback.
  redirector = createServer((_request, response) => {
    response.writeHead(302, { location: 'https://127.0.0.1/secret.png' }).end();
  });
  await new Promise<void>((resolve) => redirector.listen(0, 'localhost', resolve));
  const port = (redirector.address() as AddressInfo).port;
  const png = await makeImage(320, 180, 'png', { seed: 3 });
  const crowd = Object.fromEntries(
    Array.from({ length: 9 }, (_, i) => [
      `src/content/blog/crowd-${i}.md`,
      // The first one has a mistake of its own: it must not keep it out of the batch check.
      `---\ntitle: Crowd ${i}\nweixin:\n  batch: crowd\n  cover: ./ok.png\n${i === 0 ? '  covr: ./ok.png\n' : ''}---\nText ${i}\n`,
    ]),
  );
  site = await makeSite(
    {
      'src/content.config.ts': CONTENT_CONFIG,
      'src/pages/blog/[id].astro': POST_PAGE,
      'src/content/blog/ok.png': png,
      // A PNG cut in half: its header reads, its pixels do not.
      'src/content/blog/corrupt.png': png.slice(0, Math.floor(png.length / 2)),
      'src/content/blog/no-title.md': '---\nweixin:\n  cover: ./ok.png\n---\n\nJust text, no heading.\n',
      'src/content/blog/missing-image.md':
        '---\ntitle: Missing image\nweixin: true\n---\n\nIntro.\n\n![gone](./gone.png)\n',
      'src/content/blog/corrupt-image.md':
        '---\ntitle: Corrupt image\nweixin:\n  cover: ./ok.png\n---\n\nIntro.\n\n![broken](./corrupt.png)\n',
      'src/content/blog/card-no-appid.md':
        '---\ntitle: Bad directive\nweixin:\n  cover: ./ok.png\n---\n\nText.\n\n::miniprogram{path=pages/index title="Open"}\n',
      'src/content/blog/card-no-title.md':
        '---\ntitle: Card without title\nweixin:\n  cover: ./ok.png\n---\n\nText.\n\n::miniprogram{appid=wx1234567890abcdef path=pages/index imageurl=./ok.png}\n',
      'src/content/blog/card-long-title.md': `---\ntitle: Long card title\nweixin:\n  cover: ./ok.png\n---\n\nText.\n\n::miniprogram{appid=wx1234567890abcdef path=pages/index imageurl=./ok.png title="${'a'.repeat(36)}"}\n`,
      'src/content/blog/long-title.md': `---\ntitle: ${'很长的标题'.repeat(8)}\nweixin:\n  cover: ./ok.png\n---\n\nText.\n`,
      'src/content/blog/empty.md': '---\ntitle: Empty\nweixin:\n  cover: ./ok.png\n---\n',
      'src/content/blog/source-url.md':
        '---\ntitle: Source URL\nweixin:\n  cover: ./ok.png\n  content_source_url: blog/source-url\n---\n\nText.\n',
      'src/content/blog/escape.md':
        '---\ntitle: Escape\nweixin:\n  cover: ./ok.png\n---\n\nText.\n\n![x](../../../../../../../../etc/passwd)\n',
      'src/content/blog/redirect.md': `---\ntitle: Redirect\nweixin:\n  cover: ./ok.png\n---\n\nText.\n\n![x](http://localhost:${port}/image.png)\n`,
      // Saved by a Chinese editor in GBK: 春日 and 正文 as GBK bytes.
      'src/content/blog/gbk.md': Buffer.concat([
        Buffer.from('---\ntitle: '),
        Buffer.from('b4bac8d5', 'hex'),
        Buffer.from('\nweixin:\n  cover: ./ok.png\n---\n\n'),
        Buffer.from('d5fdcec4', 'hex'),
      ]),
      'src/content/blog/hidden.md':
        '---\ntitle: 春日\u202Etxt.exe\nauthor: "a\\0b"\nweixin:\n  cover: ./ok.png\n---\n\nText.\n',
      // Pathological structure: thousands of levels, which once overflowed the stack in mdast-util-to-hast.
      'src/content/blog/deep.md': `---\ntitle: Deep\nweixin:\n  cover: ./ok.png\n---\n\nIntro.\n\n${'> '.repeat(3000)}core\n`,
      'src/content/blog/deep-html.md': `---\ntitle: Deep HTML\nweixin:\n  cover: ./ok.png\n---\n\nIntro.\n\n${'<div>'.repeat(3000)}core\n`,
      // No cover anywhere, and a title too long: both are reported.
      'src/content/blog/no-cover.md': `---\ntitle: ${'无封面的标题'.repeat(6)}\nweixin: true\n---\n\nText only.\n`,
      ...crowd,
    },
    // Without drawn covers, a post with no image and no cover is an error, reported with its other problems.
    JSON.stringify({ remoteImages: { allowHttpHosts: ['localhost'] }, generatedCover: false }),
  );
  result = await astroBuild(site.root, publishEnv(emulator.url));
});
afterAll(async () => {
  await emulator?.close();
  redirector?.close();
  await site?.cleanup();
});

/** The problem lines of the output, `file:line:column  message`. */
function problemLines(): string[] {
  return result.output.split('\n').filter((line) => /^src\/content\/blog\/\S+:\d+:\d+ {2}/.test(line));
}

describe('bad input', () => {
  it('fails the build at build:start, before a page is rendered, and calls nothing', () => {
    expect(result.code).toBe(1);
    expect(emulator.requests).toHaveLength(0);
    expect(result.output).toMatch(/astro:build:start/);
    expect(result.output).toMatch(/problems in the posts selected for WeChat; nothing was uploaded:/);
    expect(result.output).not.toMatch(/generating static routes|Generating optimized images/i);
  });

  it('prints one list, one hint, and no stack trace or guessed Location', () => {
    expect(result.output).not.toMatch(/^\s+at /m);
    expect(result.output).not.toMatch(/Location:/);
    expect(result.output.match(/Fix the posts named above/g)).toHaveLength(1);
  });

  it('names every mistake with its file, line and column', () => {
    const lines = problemLines();
    const expected = [
      /^src\/content\/blog\/no-title\.md:1:1 {2}the post has no title/,
      /^src\/content\/blog\/missing-image\.md:8:1 {2}image `\.\/gone\.png` not found/,
      /^src\/content\/blog\/corrupt-image\.md:9:1 {2}image src\/content\/blog\/corrupt\.png cannot be decoded/,
      /^src\/content\/blog\/card-no-appid\.md:9:1 {2}.*appid/i,
      /^src\/content\/blog\/card-no-title\.md:9:1 {2}a mini-program card needs `title=`/,
      /^src\/content\/blog\/card-long-title\.md:9:1 {2}.*36 characters/,
      /^src\/content\/blog\/long-title\.md:2:1 {2}the title is 40 characters, over WeChat's 32/,
      /^src\/content\/blog\/empty\.md:6:1 {2}the post has no body/,
      /^src\/content\/blog\/source-url\.md:5:1 {2}`weixin\.content_source_url` is "blog\/source-url", not an absolute http\(s\) address/,
      /^src\/content\/blog\/escape\.md:9:1 {2}image `\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd` points outside the project/,
      /^src\/content\/blog\/redirect\.md:9:1 {2}http:\/\/localhost:\d+\/image\.png redirects to https:\/\/127\.0\.0\.1\/secret\.png, which is refused: .*private or local address/,
      /^src\/content\/blog\/no-cover\.md:2:1 {2}the title is 36 characters/,
      /^src\/content\/blog\/gbk\.md:2:8 {2}the file is not UTF-8 \(it looks like GB18030\).*iconv -f GB18030 -t UTF-8/,
      /^src\/content\/blog\/hidden\.md:2:1 {2}the title holds U\+202E RIGHT-TO-LEFT OVERRIDE at character 3/,
      /^src\/content\/blog\/hidden\.md:3:1 {2}the author holds U\+0000 NULL at character 2/,
      /^src\/content\/blog\/no-cover\.md:1:1 {2}the post has no cover/,
      /^src\/content\/blog\/deep\.md:9:201 {2}3000 quote or list markers open this line, nesting more than 100 levels deep: .*nest fewer/,
      /^src\/content\/blog\/deep-html\.md:9:1 {2}raw HTML nested more than 100 levels deep: .*nest fewer/,
      /^src\/content\/blog\/crowd-0\.md:6:1 {2}.*unknown key `covr`/,
      /^src\/content\/blog\/crowd-0\.md:4:1 {2}batch "crowd" has 9 posts/,
      /^src\/content\/blog\/crowd-8\.md:4:1 {2}batch "crowd" has 9 posts/,
    ];
    for (const pattern of expected) expect(lines, result.output).toContainEqual(expect.stringMatching(pattern));
  });

  it('does not publish a card without a title as raw text: it is an error, not a warning', () => {
    expect(result.output).not.toMatch(/::miniprogram\{appid=wx1234567890abcdef path=pages\/index imageurl/);
  });
});
