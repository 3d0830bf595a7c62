import { pbkdf2 } from 'node:crypto';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
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

  it('has each update on disk when it resolves, updates made during a write sharing the next one', async () => {
    const project = await makeProject({});
    cleanup = project.cleanup;
    const file = path.join(project.root, 'weixin.lock.json');
    const lock = await Lockfile.open(file);
    const onDisk = async (key: string) =>
      Object.hasOwn(JSON.parse(await readFile(file, 'utf8')).accounts.wx.images, key);
    // Six uploads finishing in one tick, then six more while those are written.
    const first = Array.from({ length: 6 }, (_, i) =>
      lock
        .update('wx', (a) => {
          a.images[`a${i}`] = { url: `u${i}`, uploadedAt: 't' };
        })
        .then(() => onDisk(`a${i}`)),
    );
    await Promise.resolve();
    const second = Array.from({ length: 6 }, (_, i) =>
      lock
        .update('wx', (a) => {
          a.images[`b${i}`] = { url: `u${i}`, uploadedAt: 't' };
        })
        .then(() => onDisk(`b${i}`)),
    );
    expect(await Promise.all([...first, ...second])).toEqual(Array(12).fill(true));
    expect(Object.keys(JSON.parse(await readFile(file, 'utf8')).accounts.wx.images)).toHaveLength(12);
  });

  it('writes without waiting for a thread while image conversions hold all of them', async () => {
    const project = await makeProject({});
    cleanup = project.cleanup;
    const lock = await Lockfile.open(path.join(project.root, 'weixin.lock.json'));
    // Work enough for libuv's four threads, as the conversions of a publish are, plus one queued.
    let threadWorkDone = 0;
    const threadWork = Array.from(
      { length: 5 },
      () =>
        new Promise<void>((resolve, reject) =>
          pbkdf2('secret', 'salt', 400_000, 32, 'sha256', (error) => {
            threadWorkDone += 1;
            if (error) reject(error);
            else resolve();
          }),
        ),
    );
    await lock.update('wx', (a) => {
      a.images['k'] = { url: 'u', uploadedAt: 't' };
    });
    expect(threadWorkDone).toBe(0);
    await Promise.all(threadWork);
  });

  it('passes a failed write to every update that shared it, and writes again after', async () => {
    const project = await makeProject({});
    cleanup = project.cleanup;
    const blocker = path.join(project.root, 'blocker');
    const lock = await Lockfile.open(path.join(blocker, 'weixin.lock.json'));
    await writeFile(blocker, 'a file where the folder should be');
    const shared = [1, 2].map((i) =>
      lock.update('wx', (a) => {
        a.images[`k${i}`] = { url: `u${i}`, uploadedAt: 't' };
      }),
    );
    for (const update of shared) await expect(update).rejects.toThrow();
    await rm(blocker);
    await mkdir(blocker);
    await lock.update('wx', (a) => {
      a.images['k3'] = { url: 'u3', uploadedAt: 't' };
    });
    const data = JSON.parse(await readFile(path.join(blocker, 'weixin.lock.json'), 'utf8'));
    expect(Object.keys(data.accounts.wx.images).sort()).toEqual(['k1', 'k2', 'k3']);
  });

  it('refuses a corrupt lockfile with a way out', async () => {
    const project = await makeProject({});
    cleanup = project.cleanup;
    const file = path.join(project.root, 'weixin.lock.json');
    await writeFile(file, '{ not json');
    await expect(Lockfile.open(file)).rejects.toThrow(/not valid JSON.*restore it from git or delete it/);
  });
});
