// Pathological structure (issue 24, finding 2): however deep a post nests, a positioned error, never a stack trace.
import { describe, expect, it } from 'vitest';
import { MAX_NESTING } from '../src/depth.js';
import { createWeixinProcessor } from '../src/processor.js';

const LEVELS = 2000;
const SLOW = 20_000;
const processor = createWeixinProcessor();
const render = (body: string) => processor.process(`# 标题\n\n前言\n\n${body}\n`, { path: 'posts/deep.md' });

/** Each kind of nesting, LEVELS deep, its innermost text being `核心`; the body starts on line 5. */
const deep: Record<string, string> = {
  quotes: `${'> '.repeat(LEVELS)}核心`,
  'list items': `${'- '.repeat(LEVELS)}核心`,
  'quotes in lists': `${'- > '.repeat(LEVELS / 2)}核心`,
  emphasis: `${'*'.repeat(LEVELS)}核心${'*'.repeat(LEVELS)}`,
  'strong emphasis': `${'**'.repeat(LEVELS)}核心${'**'.repeat(LEVELS)}`,
  'raw HTML blocks': `${'<div>'.repeat(LEVELS)}核心${'</div>'.repeat(LEVELS)}`,
  'raw inline HTML': `a ${'<span>'.repeat(LEVELS)}核心`,
  'raw HTML across lines': `<section>\n\n${'<section>\n'.repeat(LEVELS)}\n核心`,
  'raw HTML in a block each': `${'<div>\n\n'.repeat(LEVELS)}核心`,
  'images in image descriptions': `${'!['.repeat(LEVELS)}核心${'](u.png)'.repeat(LEVELS)}`,
};

describe('a post that nests thousands of levels deep', () => {
  it.each(Object.entries(deep))(
    '%s: an error at the place, the rest as plain text',
    async (_, body) => {
      const article = await render(body);
      const errors = article.messages.filter((message) => message.ruleId === 'too-deep');
      // One error for the spot (two for emphasis: its opening and its closing run), not one per level.
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.length).toBeLessThanOrEqual(2);
      const [first] = errors;
      expect(first?.fatal).toBe(true);
      expect(first?.file).toBe('posts/deep.md');
      expect(first?.line).toBeGreaterThanOrEqual(5);
      expect(first?.reason).toMatch(
        new RegExp(`more than ${MAX_NESTING} levels deep: .* shown as (plain )?text; nest fewer quotes, lists`),
      );
      expect(article.html).toContain('核心');
      expect(article.html).toContain('前言');
    },
    SLOW,
  );

  it(`leaves a post nested ${MAX_NESTING} levels deep as it is`, async () => {
    const article = await render(`${'> '.repeat(MAX_NESTING - 2)}核心`);
    expect(article.messages).toEqual([]);
    expect(article.html.match(/<blockquote/g)).toHaveLength(MAX_NESTING - 2);
  });
});
