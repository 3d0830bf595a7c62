import { describe, expect, it } from 'vitest';
import { mdxToMarkdown } from '../src/mdx.js';

describe('mdxToMarkdown', () => {
  it('blanks ESM and component tags but keeps line numbers and children', () => {
    const source = [
      '---',
      'title: x',
      '---',
      "import Card from '../components/Card.astro';",
      'import {',
      '  a,',
      "} from './a.js';",
      '',
      '<Card title="x">',
      'Inside **card**',
      '</Card>',
      '',
      '```jsx',
      '<Keep />',
      '```',
    ].join('\n');
    const { markdown, notices } = mdxToMarkdown(source);
    const out = markdown.split('\n');
    expect(out).toHaveLength(15);
    expect(out.slice(0, 3)).toEqual(['---', 'title: x', '---']);
    expect(out.slice(3, 7)).toEqual(['', '', '', '']);
    expect(out[8]).toBe('');
    expect(out[9]).toBe('Inside **card**');
    expect(out[13]).toBe('<Keep />');
    expect(notices.map((n) => n.line)).toEqual([9, 11]);
    expect(notices[0]!.message).toMatch(/<Card> cannot be shown in WeChat/);
  });
});
