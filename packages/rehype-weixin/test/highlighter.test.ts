// Code highlighting in a process that makes many processors (one per post, one per theme).
import rehypeStringify from 'rehype-stringify';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { createHighlighter } from 'shiki';
import { unified } from 'unified';
import { describe, expect, it, vi } from 'vitest';
import rehypeWeixinCode from '../src/passes/code.js';

vi.mock('shiki', async (importOriginal) => {
  const actual = await importOriginal<typeof import('shiki')>();
  return { ...actual, createHighlighter: vi.fn(actual.createHighlighter) };
});

const render = async (shikiTheme: string, markdown: string) =>
  String(
    await unified()
      .use(remarkParse)
      .use(remarkRehype)
      .use(rehypeWeixinCode, { shikiTheme })
      .use(rehypeStringify)
      .process(markdown),
  );

describe('the shared highlighter', () => {
  it('is made once per process, however many processors, themes and languages', async () => {
    const themes = ['github-light', 'github-dark-default', 'github-light', 'nord'];
    const first = new Map<string, string>();
    for (let count = 0; count < 24; count += 1) {
      const theme = themes[count % themes.length]!;
      const html = await render(theme, '```ts\nconst a = 1;\n```\n\n```python\nprint(1)\n```\n');
      // Each theme colours the same code the same way each time, whatever was loaded before.
      if (!first.has(theme)) first.set(theme, html);
      expect(html).toBe(first.get(theme));
    }
    expect(new Set(first.values()).size).toBe(3);
    expect(vi.mocked(createHighlighter)).toHaveBeenCalledTimes(1);
  });

  it('loads a language once while posts are highlighted concurrently', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => render('github-light', '```rust\nfn main() {}\n```\n')),
    );
    expect(new Set(results).size).toBe(1);
    expect(results[0]).toContain('color:');
  });
});
