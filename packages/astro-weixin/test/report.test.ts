// The closing table's columns line up in a terminal, with or without CJK text.
import { describe, expect, it } from 'vitest';
import { table } from '../src/utils/table.js';

/** Where each row's second column starts, in terminal columns (CJK characters take two). */
function secondColumnAt(text: string): number[] {
  return text
    .split('\n')
    .filter((line) => line.includes('  '))
    .map((line) => {
      const first = line.slice(0, line.search(/ {2}\S/));
      return [...first].reduce((width, char) => width + (/[\u4e00-\u9fff]/.test(char) ? 2 : 1), 0);
    });
}

describe('table', () => {
  it.each([
    ['plain', ['src/content/blog/a-long-name.md', 'b.md']],
    ['CJK (two columns a character)', ['src/content/blog/你好世界.md', 'src/content/blog/hello-world-xx.md']],
  ])('aligns the columns of %s text', async (_, posts) => {
    const text = await table([['post', 'media_id'], ...posts.map((post, index) => [post, `m${index + 1}`])]);
    expect(new Set(secondColumnAt(text)).size).toBe(1);
    expect(text.split('\n')).toHaveLength(5);
  });
});
