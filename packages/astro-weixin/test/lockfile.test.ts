import { readFile, writeFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Lockfile } from '../src/account/lockfile.js';
import { makeProject } from './helpers.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => cleanup?.());

describe('Lockfile', () => {
  it('writes every update at once, with sorted keys, and reads it back', async () => {
    const project = await makeProject({});
    cleanup = project.cleanup;
    const file = path.join(project.root, 'weixin.lock.json');
    const lock = await Lockfile.open(file);
    await lock.update('wx1', (a) => {
      a.images['image:bb'] = { url: 'http://x/b', uploadedAt: 't' };
      a.images['image:aa'] = { url: 'http://x/a', uploadedAt: 't' };
    });
    const text = await readFile(file, 'utf8');
    expect(text.indexOf('image:aa')).toBeLessThan(text.indexOf('image:bb'));
    const again = await Lockfile.open(file);
    expect(again.account('wx1').images['image:bb']?.url).toBe('http://x/b');
    expect(again.account('other')).toEqual({ images: {}, thumbs: {}, messages: {}, posts: {} });
  });

  it('keeps every one of many concurrent updates', async () => {
    const project = await makeProject({});
    cleanup = project.cleanup;
    const file = path.join(project.root, 'nested', 'weixin.lock.json');
    const lock = await Lockfile.open(file);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        lock.update('wx', (a) => {
          a.images[`k${i}`] = { url: `u${i}`, uploadedAt: 't' };
        }),
      ),
    );
    const data = JSON.parse(await readFile(file, 'utf8'));
    expect(Object.keys(data.accounts.wx.images)).toHaveLength(20);
    expect((await stat(file)).isFile()).toBe(true);
  });

  it('refuses a corrupt lockfile with a way out', async () => {
    const project = await makeProject({});
    cleanup = project.cleanup;
    const file = path.join(project.root, 'weixin.lock.json');
    await writeFile(file, '{ not json');
    await expect(Lockfile.open(file)).rejects.toThrow(/not valid JSON.*restore it from git or delete it/);
  });
});
