// The one-call API as a script converting a whole blog uses it: a call per post, in one process.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { markdownToWeixin } from '../src/one-call.js';
import { createWeixinProcessor } from '../src/processor.js';

const typical = await readFile(new URL('./golden/typical-post.md', import.meta.url), 'utf8');
const POSTS = [
  typical,
  '---\ntitle: 代码\n---\n\n```ts\nconst a: number = 1;\n```\n\n```python\nprint("hi")\n```\n\n```\nplain\n```\n',
  '---\ntitle: 公式\n---\n\n勾股定理 $a^2 + b^2 = c^2$。\n\n$$\n\\int_0^1 x\\,dx\n$$\n',
];

/** What a reader or a script sees of a result. */
const seen = (result: Awaited<ReturnType<typeof markdownToWeixin>>) => ({
  html: result.html,
  title: result.title,
  digest: result.digest,
  assets: result.assets.map((asset) => asset.src),
  messages: result.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.reason}`),
});

describe('markdownToWeixin at scale', () => {
  it('gives what a fresh processor gives, for each post and theme, in any order', async () => {
    for (const name of ['tech', 'default', 'elegant', 'tech'] as const) {
      for (const [index, post] of POSTS.entries()) {
        const options = { weixin: { theme: { name } } };
        const path = `post-${index}.md`;
        const fresh = await createWeixinProcessor(options).process(post, { path });
        expect(seen(await markdownToWeixin(post, { ...options, path }))).toEqual(seen(fresh));
      }
    }
  }, 60_000);

  it('converts five hundred posts in one process, whatever the options', async () => {
    const post = POSTS[1]!;
    const expected = (await createWeixinProcessor().process(post)).html;
    // More option sets than the one-call API keeps processors for, so processors come and go;
    // each had its own highlighter, whose WebAssembly memory ran out after about 300.
    const optionSets = Array.from({ length: 12 }, (_, index) => ({ weixin: { code: { tabWidth: index + 1 } } }));
    for (let call = 0; call < 500; call += 1) {
      const result = await markdownToWeixin(post, optionSets[call % optionSets.length]!);
      expect(result.html).toContain('const');
    }
    expect((await markdownToWeixin(post)).html).toBe(expected);
  }, 120_000);
});
