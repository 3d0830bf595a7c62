// An MDX post's HTML styles are held to the allowlist the theme is held to, as a Markdown post's are.
import { markdownToWeixin } from '@astro-weixin/markdown';
import { describe, expect, it } from 'vitest';
import { mdxToMarkdown } from '../src/render/mdx.js';

describe('styles in MDX', () => {
  it('drops url(), expression() and custom properties from style attributes, with warnings at their lines', async () => {
    const { markdown } = mdxToMarkdown(
      '---\ntitle: t\n---\n\nText.\n\n<p style="color:#c00;background:url(javascript:alert(1))">x</p>\n\n<div style="--x:1; width: EXPRESSION(1); color: #00c">y</div>\n',
    );
    const result = await markdownToWeixin(markdown, { path: 'post.mdx' });
    expect(result.html).not.toMatch(/url\(|expression|--x|javascript/i);
    expect(result.html).toMatch(/<p style="[^"]*color:#c00[^"]*">x<\/p>/);
    expect(result.html).toMatch(/<div style="[^"]*color: ?#00c[^"]*">y<\/div>/);
    expect(result.messages.map((m) => [m.file, m.line, m.ruleId])).toEqual([
      ['post.mdx', 7, 'style-rejected'],
      ['post.mdx', 9, 'style-rejected'],
      ['post.mdx', 9, 'style-rejected'],
      // #00c reads on white, but dark mode lifts it only to #0068ff on #191919 (3.7:1).
      ['post.mdx', 9, 'contrast'],
    ]);
  });
});
