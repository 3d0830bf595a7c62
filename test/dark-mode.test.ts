// Dark mode in a build: each article as WeChat's dark mode shows it, and the contrast check at file:line.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { astroBuild, dryRunOut, makeSite } from './helpers/fixture.js';
import { makeImage } from './helpers/images.js';

const PALE = `---\ntitle: 浅色的字\npubDate: 2026-01-02\nweixin: true\n---\n\n![封面](./cover.png)\n\n这一段用了主题里太浅的颜色。\n`;
const PLAIN = `---\ntitle: 普通的一篇\npubDate: 2026-01-01\nweixin:\n  cover: ./cover.png\n---\n\n> [!TIP]\n> 提示里的 **加粗** 和 \`代码\`。\n\n| 表头 | 值 |\n| --- | --- |\n| 单元格 | 1 |\n`;
const FILES = async () => ({
  'src/content/blog/pale.md': PALE,
  'src/content/blog/plain.md': PLAIN,
  'src/content/blog/cover.png': await makeImage(320, 180, 'png', { seed: 1 }),
});

let site: { root: string; cleanup: () => Promise<void> };
let build: { code: number; output: string };

beforeAll(async () => {
  site = await makeSite(await FILES(), `{ render: { theme: { css: 'p { color: #c8c8c8 }' } } }`);
  build = await astroBuild(site.root);
});
afterAll(async () => site?.cleanup());

describe('a dry run', () => {
  it('warns about the pale theme colour at the paragraph it makes unreadable, and nowhere else', () => {
    expect(build.code, build.output).toBe(0);
    const warnings = build.output.split('\n').filter((line) => /contrast \d/.test(line));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /src\/content\/blog\/pale\.md:9:1 {2}<p> “这一段用了主题里太浅的颜色。” has contrast 1\.67:1 in light mode, #c8c8c8 on #ffffff, below WCAG AA 4\.5:1: change `color` in your CSS, rule `p` \(line 1\), or the background in the page/,
    );
  });

  it('writes every article as dark mode shows it, next to the light one, and links it from the index', async () => {
    const dir = dryRunOut(site.root);
    const articles = await readdir(path.join(dir, 'articles'));
    expect(articles.filter((name) => name.endsWith('.dark.html')).sort()).toEqual([
      'pale.dark.html',
      'plain.dark.html',
    ]);
    const index = await readFile(path.join(dir, 'index.html'), 'utf8');
    expect(index).toContain('Dark mode: <a href="articles/pale.dark.html">浅色的字</a>');
    expect(index).toContain('<a href="articles/plain.dark.html">普通的一篇</a>');
    const light = await readFile(path.join(dir, 'articles/pale.html'), 'utf8');
    const dark = await readFile(path.join(dir, 'articles/pale.dark.html'), 'utf8');
    // #c8c8c8 is brighter than dark mode allows text on its page: dimmed to the default text's #a3a3a3.
    expect(light).toMatch(/<p style="[^"]*color:#c8c8c8[^"]*">这一段/);
    expect(dark).toMatch(/<p style="[^"]*color:#a3a3a3[^"]*">这一段/);
    expect(dark).toContain('<a href="pale.html">Light mode</a>');
    expect(dark).toMatch(/<html data-color-mode="dark" lang="zh-CN">/);
    // The tip's pale box is dimmed, and the table header's grey inverted towards the page.
    const plain = await readFile(path.join(dir, 'articles/plain.dark.html'), 'utf8');
    expect(plain).not.toContain('background:#f0f9f2');
    expect(plain).not.toContain('background:#f6f8fa');
  });
});

describe('with contrast errors switched on', () => {
  it('stops the build at the same place', async () => {
    const strict = await makeSite(
      await FILES(),
      `{ render: { theme: { css: 'p { color: #c8c8c8 }' } }, contrast: { errors: true } }`,
    );
    try {
      const result = await astroBuild(strict.root);
      expect(result.code).not.toBe(0);
      expect(result.output).toMatch(
        /src\/content\/blog\/pale\.md:9:1 {2}<p> “这一段用了主题里太浅的颜色。” has contrast 1\.67:1/,
      );
    } finally {
      await strict.cleanup();
    }
  });
});
