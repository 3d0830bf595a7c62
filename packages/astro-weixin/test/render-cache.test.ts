// Rendered articles kept between builds: a rebuild renders only what changed.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createWeixinProcessor, type WeixinProcessor } from '@astro-weixin/markdown';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachedProcessor } from '../src/render/render-cache.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'weixin-render-cache-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function counting(): { processor: WeixinProcessor; calls: () => number } {
  const real = createWeixinProcessor();
  let calls = 0;
  return {
    processor: {
      process(source, post) {
        calls += 1;
        return real.process(source, post);
      },
    },
    calls: () => calls,
  };
}

const post =
  '---\ntitle: 标题\n---\n\n正文 **加粗**。\n\n::miniprogram{appid=wx0123456789abcdef path=p imageurl=./c.jpg}\n';

describe('cachedProcessor', () => {
  it('renders a post once; the next build gets the same article, messages with their places included', async () => {
    const first = counting();
    const a = await (await cachedProcessor(async () => first.processor, dir, { theme: 'x' })).process(post, {
      path: 'posts/a.md',
    });
    const second = counting();
    const b = await (await cachedProcessor(async () => second.processor, dir, { theme: 'x' })).process(post, {
      path: 'posts/a.md',
    });
    expect(second.calls()).toBe(0);
    expect(b.html).toBe(a.html);
    expect(b.assets).toEqual(a.assets);
    expect(b.title).toBe('标题');
    const describe = (m: (typeof a.messages)[number]) => [m.reason, m.line, m.column, m.fatal, m.ruleId, m.source];
    expect(a.messages.length).toBeGreaterThan(0);
    expect(b.messages.map(describe)).toEqual(a.messages.map(describe));
    expect(b.file.path).toBe('posts/a.md');
  });

  it('renders again when the source, the front matter or the options change, or an entry is damaged', async () => {
    const { processor, calls } = counting();
    const cached = await cachedProcessor(async () => processor, dir, { theme: 'x' });
    await cached.process(post, { path: 'a.md' });
    await cached.process(`${post}\nMore.\n`, { path: 'a.md' });
    await cached.process(post, { path: 'a.md', frontmatter: { title: '别的' } });
    await (await cachedProcessor(async () => processor, dir, { theme: 'y' })).process(post, { path: 'a.md' });
    expect(calls()).toBe(4);
    const folder = path.join(dir, 'astro-weixin', 'render-v1');
    for (const name of await readdir(folder)) await writeFile(path.join(folder, name), '{"html":');
    await cached.process(post, { path: 'a.md' });
    expect(calls()).toBe(5);
  });

  it('is the processor itself when there is no cache directory', async () => {
    const { processor } = counting();
    expect(await cachedProcessor(async () => processor, undefined, {})).toBe(processor);
  });

  it('does not make the processor while every post comes from the cache', async () => {
    await (await cachedProcessor(async () => counting().processor, dir, { theme: 'x' })).process(post, {
      path: 'a.md',
    });
    let made = 0;
    const lazy = await cachedProcessor(
      async () => {
        made += 1;
        return counting().processor;
      },
      dir,
      { theme: 'x' },
    );
    await lazy.process(post, { path: 'a.md' });
    expect(made).toBe(0);
    await lazy.process(`${post}\nNew.\n`, { path: 'a.md' });
    await lazy.process(`${post}\nNewer.\n`, { path: 'a.md' });
    expect(made).toBe(1);
  });
});
