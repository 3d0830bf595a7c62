// A refusal from WeChat at build:done names the articles and posts of the refused message, without a stack trace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@astro-weixin/emulator';
import { astroBuild, makeSite, publishEnv } from './helpers/fixture.js';
import { TEST_APP } from './helpers/app.js';
import { makeImage } from './helpers/images.js';

let emulator: Emulator;
let site: { root: string; cleanup: () => Promise<void> };
let result: { code: number; output: string };

beforeAll(async () => {
  // An account whose editor counts the HTML, inline styles and all: the long post passes our text count only.
  emulator = await startEmulator({ port: 0, apps: [TEST_APP], limits: { contentCount: 'html' } });
  const paragraphs = Array.from({ length: 400 }, (_, i) => `第 ${i} 段。`).join('\n\n');
  site = await makeSite({
    'src/content/blog/cover.png': await makeImage(320, 180, 'png', { seed: 4 }),
    'src/content/blog/long.md': `---\ntitle: Long post\nweixin:\n  cover: ./cover.png\n---\n\n${paragraphs}\n`,
    'src/content/blog/short.md': '---\ntitle: Short post\nweixin:\n  cover: ./cover.png\n---\n\nShort.\n',
  });
  result = await astroBuild(site.root, publishEnv(emulator.url));
});
afterAll(async () => {
  await emulator?.close();
  await site?.cleanup();
});

describe('WeChat refuses the content (45002)', () => {
  it("warns at the post before uploading, then names the message's articles and posts", () => {
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/src\/content\/blog\/long\.md:7:1 {2}the article's HTML is \d{5} characters/);
    expect(result.output).toMatch(
      /WeChat refused media\/uploadnews \(in the message of "Long post" \(src\/content\/blog\/long\.md, \d{5} characters of HTML\), "Short post" \(src\/content\/blog\/short\.md, \d+ characters of HTML\)\): errcode 45002/,
    );
    expect(emulator.requests.filter((r) => r.call === 'media/uploadnews').map((r) => r.errcode)).toEqual([45002]);
  });

  it('says the cover uploaded before the refusal is kept for the next build, with no stack trace', () => {
    expect(result.output).toMatch(/Everything uploaded before the failure is recorded in weixin\.lock\.json/);
    expect(result.output).not.toMatch(/^\s+at /m);
    expect(result.output).not.toMatch(/Location:/);
  });
});
