import { readFile } from 'node:fs/promises';
import type { Element, Root } from 'hast';
import { rehypeWeixinCode } from 'rehype-weixin';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { createWeixinProcessor } from '../src/processor.js';

/** Posts that hold every construct whose text keeps line endings: code, front matter, tables, math, HTML. */
const POSTS = {
  typical: await readFile(new URL('./golden/typical-post.md', import.meta.url), 'utf8'),
  constructs: [
    '---',
    'title: 换行',
    'tags:',
    '  - a',
    'description: |',
    '  two',
    '  lines',
    '---',
    '',
    'para',
    'line two  ',
    'hard break',
    '',
    '```',
    'plain',
    '  indented',
    '```',
    '',
    '```js',
    'const a = 1;',
    'let b;',
    '```',
    '',
    '    indented',
    '    code',
    '',
    '| a | b |',
    '|---|---|',
    '| 1 | 2 |',
    '',
    '$$',
    'x^2',
    '+ 1',
    '$$',
    '',
    '<div>',
    'raw',
    'html',
    '</div>',
    '',
    '<pre>',
    'pre',
    'text',
    '</pre>',
    '',
    '> quote',
    '> two',
    '',
    ':::tip[标题]',
    'inside',
    ':::',
    '',
    '- item',
    '  more',
    '',
  ].join('\n'),
};

describe('line endings', () => {
  const processor = createWeixinProcessor();
  for (const [name, post] of Object.entries(POSTS)) {
    it(`gives the ${name} post saved with CRLF or CR exactly the HTML and messages of LF`, async () => {
      const render = async (source: string) => {
        const result = await processor.process(source, { path: `${name}.md` });
        return {
          html: result.html,
          title: result.title,
          digest: result.digest,
          frontmatter: result.frontmatter,
          messages: result.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.reason}`),
        };
      };
      const lf = await render(post);
      expect(lf.html).not.toMatch(/\r/);
      expect(await render(post.replaceAll('\n', '\r\n'))).toEqual(lf);
      expect(await render(post.replaceAll('\n', '\r'))).toEqual(lf);
    });
  }
});

describe('rehype-weixin code blocks in another pipeline', () => {
  it('write no carriage return into code a CRLF file gave them', async () => {
    // As remark-rehype leaves a fenced block with no language from a CRLF file.
    const tree: Root = {
      type: 'root',
      children: [
        {
          type: 'element',
          tagName: 'pre',
          properties: {},
          children: [
            { type: 'element', tagName: 'code', properties: {}, children: [{ type: 'text', value: 'a\r\nb\r\n' }] },
          ],
        },
      ],
    };
    await rehypeWeixinCode()(tree, new VFile());
    const code = (tree.children[0] as Element).children[0] as Element;
    expect(
      code.children.map((child) => (child.type === 'text' ? child.value : `<${(child as Element).tagName}>`)),
    ).toEqual(['a', '<br>', 'b']);
  });
});
