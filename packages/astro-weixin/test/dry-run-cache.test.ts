// A rebuild whose dry run would write the same files links the last one back; anything else writes it again.
import { appendFile, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveOptions, type WeixinOptions } from '../src/index.js';
import { runWeixin } from '../src/run.js';
import { makeProject } from './helpers.js';
import { makeImage } from '../../../test/helpers/images.js';
import { capturingLogger } from '../../../test/helpers/logger.js';

let project: { root: string; cleanup: () => Promise<void> };

beforeEach(async () => {
  project = await makeProject({
    'src/content/blog/a.md': '---\ntitle: Post A\npubDate: 2026-02-01\nweixin: true\n---\n\nHello ![x](./x.png)\n',
    'src/content/blog/b.md': '---\ntitle: Post B\npubDate: 2026-01-01\nweixin: true\n---\n\nWorld ![y](./y.png)\n',
    'src/content/blog/x.png': await makeImage(64, 48, 'png'),
    'src/content/blog/y.png': await makeImage(80, 40, 'jpeg'),
  });
});
afterEach(() => project.cleanup());

const outDir = () => path.join(project.root, 'dist/weixin');

async function dryRun(options: WeixinOptions = {}) {
  const lines: string[] = [];
  const result = await runWeixin({
    root: project.root,
    srcDir: path.join(project.root, 'src'),
    publicDir: path.join(project.root, 'public'),
    cacheDir: path.join(project.root, 'node_modules/.astro'),
    site: 'https://blog.example.com/',
    outDir: outDir(),
    options: resolveOptions(options),
    logger: capturingLogger(lines),
    env: {},
  });
  return { result, lines };
}

/** Every file of the dry run with its bytes. */
async function tree(): Promise<Record<string, string>> {
  const files = (await readdir(outDir(), { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  const entries = await Promise.all(
    files.map(async (entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return [path.relative(outDir(), file), (await readFile(file)).toString('base64')] as const;
    }),
  );
  return Object.fromEntries(entries);
}

const inode = async (file: string) => (await stat(path.join(outDir(), file))).ino;

describe('dry run cache', () => {
  it('links the last dry run back when nothing changed: the same files, lines and outcomes', async () => {
    const first = await dryRun();
    const written = await tree();
    expect(Object.keys(written)).toEqual(
      expect.arrayContaining(['index.html', 'message-1.json', 'articles/a.html', 'articles/a.weixin.html']),
    );
    const firstIndex = await inode('index.html');
    const second = await dryRun();
    expect(await tree()).toEqual(written);
    // Linked, not written again: the file is the one the first run made.
    expect(await inode('index.html')).toBe(firstIndex);
    // The same upload lines, summary and all; only the checks say they were reused.
    const said = (lines: string[]) => lines.filter((line) => !/\[\d\/2\]|unchanged since the last build/.test(line));
    expect(said(second.lines)).toEqual(said(first.lines));
    expect(said(first.lines).join('\n')).toMatch(/would upload \.\/x\.png/);
    // Compared as data: the image readers in the articles are functions made anew by each run.
    const data = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
    expect(data(second.result)).toEqual(data(first.result));
  });

  const changes: [string, () => Promise<unknown>, WeixinOptions?][] = [
    [
      'a post changed',
      () =>
        writeFile(path.join(project.root, 'src/content/blog/a.md'), '---\ntitle: Post A\nweixin: true\n---\n\nBye\n'),
    ],
    ['the options changed', async () => undefined, { target: 'draft' }],
    // A tool that edits the output in place edits the kept copy through the link.
    ['a file of the last dry run edited in place', () => appendFile(path.join(outDir(), 'articles/a.html'), 'edited')],
  ];

  it.each(changes)('writes the dry run again after %s', async (_name, change, options) => {
    await dryRun();
    const firstIndex = await inode('index.html');
    await change();
    const again = await dryRun(options);
    expect(again.result.mode).toBe('dry-run');
    expect(await inode('index.html')).not.toBe(firstIndex);
    const written = await tree();
    // What it wrote is what a dry run writes with nothing kept.
    await rm(path.join(project.root, 'node_modules/.astro/astro-weixin/dry-run-v1'), { recursive: true });
    await dryRun(options);
    expect(written).toEqual(await tree());
    expect(written['articles/a.html']).toBeDefined();
    expect(Buffer.from(written['articles/a.html']!, 'base64').toString()).not.toContain('edited');
  });
});
