// Author mistakes fail the build with file:line, before anything is uploaded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@astro-weixin/emulator';
import { TEST_APP, astroBuild, makeSite, publishEnv } from './helpers/fixture.js';
import { image } from './helpers/images.js';

let emulator: Emulator;
let site: { root: string; cleanup: () => Promise<void> };
let result: { code: number; output: string };

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, apps: [TEST_APP] });
  const pinned = Object.fromEntries(
    Array.from({ length: 9 }, (_, i) => [
      `src/content/blog/pinned-${i}.md`,
      `---\ntitle: Pinned ${i}\nweixin:\n  batch: crowd\n  cover: ./ok.png\n---\nText ${i}\n`,
    ]),
  );
  site = await makeSite({
    'src/content/blog/ok.png': await image(3),
    'src/content/blog/no-title.md': '---\nweixin:\n  cover: ./ok.png\n---\n\nJust text, no heading.\n',
    'src/content/blog/missing-image.md':
      '---\ntitle: Missing image\nweixin: true\n---\n\nIntro.\n\n![gone](./gone.png)\n',
    'src/content/blog/bad-directive.md':
      '---\ntitle: Bad directive\nweixin:\n  cover: ./ok.png\n---\n\nText.\n\n::miniprogram{appid=wx123 path=pages/index}\n',
    'src/content/blog/long-title.md': `---\ntitle: ${'很长的标题'.repeat(8)}\nweixin:\n  cover: ./ok.png\n---\n\nText.\n`,
    'src/content/blog/unknown-key.md': '---\ntitle: Unknown key\nweixin:\n  covr: ./ok.png\n---\nText.\n',
    ...pinned,
  });
  result = await astroBuild(site.root, publishEnv(emulator.url));
});
afterAll(async () => {
  await emulator?.close();
  await site?.cleanup();
});

describe('bad input', () => {
  it('fails the build and uploads nothing', () => {
    expect(result.code).not.toBe(0);
    expect(emulator.requests).toHaveLength(0);
    expect(result.output).toMatch(/nothing was uploaded/);
  });

  it('names every mistake with its file and line', () => {
    const out = result.output;
    expect(out).toMatch(/src\/content\/blog\/no-title\.md:1: error: the post has no title/);
    expect(out).toMatch(/src\/content\/blog\/missing-image\.md:8:1: error: image `\.\/gone\.png` not found/);
    expect(out).toMatch(/src\/content\/blog\/bad-directive\.md:9:1: error: .*appid/i);
    expect(out).toMatch(/src\/content\/blog\/long-title\.md:2: error: the title is 40 characters, over WeChat's 32/);
    expect(out).toMatch(/src\/content\/blog\/unknown-key\.md:3: error: .*unknown key `covr`/);
    expect(out).toMatch(/src\/content\/blog\/pinned-0\.md:4: error: batch "crowd" has 9 posts/);
  });
});
