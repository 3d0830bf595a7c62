import { describe, expect, it } from 'vitest';
import { parseSource } from '../src/select/frontmatter.js';

describe('parseSource', () => {
  it('splits front matter and records the file line of each key', () => {
    const parsed = parseSource('---\ntitle: Hello\nweixin:\n  batch: a\n  order: 2\n---\n\nBody\n');
    expect(parsed.frontmatter).toEqual({ title: 'Hello', weixin: { batch: 'a', order: 2 } });
    expect(parsed.lines.get('title')).toBe(2);
    expect(parsed.lines.get('weixin')).toBe(3);
    expect(parsed.lines.get('weixin.order')).toBe(5);
    expect(parsed.body).toBe('\nBody\n');
    expect(parsed.bodyLineOffset).toBe(6);
  });

  it('reports a YAML error with its line in the file', () => {
    const parsed = parseSource('---\ntitle: ok\nweixin: [unclosed\n---\nBody\n');
    // The unclosed `[` is on line 3; YAML notices at its end.
    expect(parsed.yamlError).toEqual({
      line: 3,
      column: 18,
      message: 'Flow sequence in block collection must be sufficiently indented and end with a ]',
    });
  });

  it('treats a file without front matter as all body', () => {
    const parsed = parseSource('# Title\n');
    expect(parsed.frontmatter).toEqual({});
    expect(parsed.body).toBe('# Title\n');
  });
});
