// A publish killed half-way resumes without uploading anything twice; drafts get permanent thumbs.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@astro-weixin/emulator';
import { astroBuild, makeSite, publishEnv, writeAstroConfig } from './helpers/fixture.js';
import { TEST_APP } from './helpers/app.js';
import { makeImage } from './helpers/images.js';

let emulator: Emulator;
let site: { root: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, apps: [TEST_APP] });
  const files: Record<string, string | Uint8Array> = {};
  for (let i = 0; i < 3; i += 1) {
    files[`src/content/blog/post-${i}.md`] =
      `---\ntitle: Post ${i}\npubDate: 2026-01-0${i + 1}\nweixin: true\n---\n\n![a](./a-${i}.png)\n\n![b](./b-${i}.png)\n\n![shared](./shared.png)\n`;
    files[`src/content/blog/a-${i}.png`] = await makeImage(320, 180, 'png', { seed: 10 + i });
    files[`src/content/blog/b-${i}.png`] = await makeImage(320, 180, 'png', { seed: 20 + i });
  }
  files['src/content/blog/shared.png'] = await makeImage(320, 180, 'png', { seed: 30 });
  site = await makeSite(files);
});
afterAll(async () => {
  await emulator?.close();
  await site?.cleanup();
});

const count = (call: string) => emulator.requests.filter((r) => r.call === call).length;

describe('interrupted publishing', () => {
  it('fails when the connection drops mid-way, keeping what was uploaded', async () => {
    // The 5th body image upload dies (a dropped connection on every try), so the build stops half-way.
    emulator.faults.add({ call: 'media/uploadimg', kind: 'drop', after: 4 });
    const lockfile = path.join(site.root, 'weixin.lock.json');
    const result = await astroBuild(site.root, publishEnv(emulator.url, lockfile));
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/recorded in .*weixin\.lock\.json; run the build again to resume/);
    const lock = JSON.parse(await readFile(lockfile, 'utf8'));
    const account = Object.values(lock.accounts)[0] as { images: object; messages: object };
    expect(Object.keys(account.images)).toHaveLength(4);
    expect(Object.keys(account.messages)).toHaveLength(0);
    expect(count('media/uploadnews')).toBe(0);
  });

  it('resumes and uploads each image exactly once overall', async () => {
    emulator.faults.clear();
    const result = await astroBuild(site.root, publishEnv(emulator.url, path.join(site.root, 'weixin.lock.json')));
    expect(result.code, result.output).toBe(0);
    const state = emulator.state();
    expect(state.news).toHaveLength(1);
    expect(state.news[0]!.articles.map((a) => a.title)).toEqual(['Post 2', 'Post 1', 'Post 0']);
    // 3 posts x 2 own images + 1 shared image = 7 distinct images, each stored once.
    expect(state.images).toHaveLength(7);
    expect(count('media/uploadnews')).toBe(1);
  });
});

describe('draft target', () => {
  it('uses permanent thumbs and draft/add', async () => {
    await writeAstroConfig(site.root, "{ target: 'draft' }");
    const result = await astroBuild(site.root, publishEnv(emulator.url, path.join(site.root, 'weixin.lock.json')));
    expect(result.code, result.output).toBe(0);
    const state = emulator.state();
    expect(state.drafts).toHaveLength(1);
    expect(count('material/add_material')).toBe(3);
    // Body images were already uploaded for the news message and are reused.
    expect(state.images).toHaveLength(7);
  });
});
