import { describe, expect, it } from 'vitest';
import { mdxToMarkdown } from '../src/render/mdx.js';

describe('mdxToMarkdown', () => {
  const source = [
    '---',
    'title: x',
    '---',
    "import Card from '../components/Card.astro';",
    'export const meta = {',
    '  a: 1,',
    '};',
    '',
    '# Heading after a multi-line export',
    '',
    '<Card title="x">',
    '    Indented **child**.',
    '',
    '    Second child.',
    '</Card>',
    '',
    'Text with <Badge>inline</Badge> and {1 + 1} here.',
    '',
    '```jsx',
    '<Keep />',
    '```',
  ].join('\n');

  it('removes ESM, expressions and component tags, keeping line numbers and children', () => {
    const out = mdxToMarkdown(source).markdown.split('\n');
    expect(out).toHaveLength(21);
    expect(out.slice(0, 3)).toEqual(['---', 'title: x', '---']);
    expect(out.slice(3, 7)).toEqual(['', '', '', '']);
    expect(out[8]).toBe('# Heading after a multi-line export');
    expect(out[10]).toBe('');
    // An indented child stays a paragraph: MDX does not make it code, so neither may we.
    expect(out[11]).toBe('Indented **child**.');
    expect(out[13]).toBe('Second child.');
    expect(out[16]).toBe('Text with inline and  here.');
    expect(out[19]).toBe('<Keep />');
  });

  it('warns once per component, at its opening tag', () => {
    const { notices } = mdxToMarkdown(source);
    expect(notices.map((n) => [n.line, n.column, n.severity])).toEqual([
      [11, 1, 'warn'],
      [17, 11, 'warn'],
    ]);
    expect(notices[0]!.message).toMatch(/<Card> cannot be shown in WeChat/);
  });

  it('reports MDX the parser cannot read as an error at its line', () => {
    const { notices } = mdxToMarkdown('# x\n\ntext\n\n<Card>\n');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ line: 5, severity: 'error' });
    expect(notices[0]!.message).toMatch(/^the MDX cannot be read: Expected a closing tag for `<Card>`/);
  });
});
