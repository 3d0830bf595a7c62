// Posts as Windows and Chinese editors save them go through a real `astro build` exactly as plain
// UTF-8 with LF does; a post in a legacy encoding stops the build with file:line before any upload.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { astroBuild, makeSite } from './helpers/fixture.js';

const POST = `---
title: 春日书单
weixin: true
---

## 书单

这是一篇关于阅读的文章。

\`\`\`
const a = 1;
const b = 2;
\`\`\`

| 书名 | 作者 |
| --- | --- |
| 《围城》 | 钱锺书 |

- 第一本
- 第二本
`;

const saved = {
  'lf.md': Buffer.from(POST),
  'bom.md': Buffer.from(`\uFEFF${POST}`),
  'bom-crlf.md': Buffer.from(`\uFEFF${POST.replaceAll('\n', '\r\n')}`),
  'crlf.md': Buffer.from(POST.replaceAll('\n', '\r\n')),
};

let site: { root: string; cleanup: () => Promise<void> };
let build: { code: number; output: string };

beforeAll(async () => {
  site = await makeSite(
    Object.fromEntries(Object.entries(saved).map(([name, bytes]) => [`src/content/blog/${name}`, bytes])),
  );
  build = await astroBuild(site.root);
});
afterAll(async () => site?.cleanup());

describe('posts saved with a byte-order mark or CRLF', () => {
  it('are all selected: none is left out', () => {
    expect(build.code, build.output).toBe(0);
    expect(build.output).not.toMatch(/No post is selected|left out/);
  });

  it('give exactly the article of the same post saved as UTF-8 with LF', async () => {
    const articles = await Promise.all(
      Object.keys(saved).map((name) =>
        readFile(path.join(site.root, 'dist/weixin/articles', name.replace('.md', '.weixin.html')), 'utf8'),
      ),
    );
    expect(articles[0]).toContain('const&nbsp;a&nbsp;=&nbsp;1;<br>const&nbsp;b');
    expect(articles[0]).not.toContain('\r');
    for (const article of articles.slice(1)) expect(article).toBe(articles[0]);
  });
});
