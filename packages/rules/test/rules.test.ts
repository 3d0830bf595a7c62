import { describe, expect, it } from 'vitest';
import {
  ARTICLE_LIMITS,
  characters,
  contentOverLimits,
  escapeHtml,
  isAppid,
  measureContent,
  visibleText,
} from '../src/index.js';

describe('counting', () => {
  it('counts code points, so CJK and emoji are one character each', () => {
    expect(characters('春日书单')).toBe(4);
    expect(characters('👍🏽a')).toBe(3);
  });

  it('takes tags, comments, scripts and styles out of the visible text and decodes each entity to one character', () => {
    const html =
      '<p style="color:red">A&amp;B&nbsp;&#x4e2d;&#25991;&hellip;</p><!-- note --><style>p{}</style><script>x()</script>';
    expect(visibleText(html)).toBe('A&B\u00a0中文…');
  });

  it('measures text, HTML and bytes of the same article', () => {
    expect(measureContent('<b>中文</b>')).toEqual({ textCharacters: 2, htmlCharacters: 9, bytes: 13 });
  });
});

describe('content limits', () => {
  const limits = { contentCharacters: 10, contentBytes: 40 };
  const long = `<section style="margin:0">${'字'.repeat(8)}</section>`;

  it('counts visible text by default, so inline styles do not make a short post too long', () => {
    expect(ARTICLE_LIMITS.contentCount).toBe('text');
    const over = contentOverLimits(measureContent(long), { ...limits, contentCount: 'text' });
    expect(over.map((o) => o.kind)).toEqual(['bytes']);
  });

  it('reports the HTML count and the bytes when asked to count both', () => {
    const over = contentOverLimits(measureContent(long), { ...limits, contentCount: 'both' });
    expect(over).toEqual([
      { kind: 'html', length: 44, limit: 10, message: 'has 44 characters of HTML; WeChat takes fewer than 10' },
      { kind: 'bytes', length: 60, limit: 40, message: 'is 60 bytes of HTML; WeChat takes under 40' },
    ]);
  });

  it('treats the limit as "fewer than": exactly the limit is over', () => {
    const over = contentOverLimits(measureContent('x'.repeat(10)), { ...limits, contentCount: 'text' });
    expect(over).toEqual([
      { kind: 'text', length: 10, limit: 10, message: 'has 10 characters of text; WeChat takes fewer than 10' },
    ]);
  });
});

describe('escaping and ids', () => {
  it('escapes text and attribute values with one function', () => {
    expect(escapeHtml(`<a href="x?a=1&b='2'">`)).toBe('&lt;a href=&quot;x?a=1&amp;b=&#39;2&#39;&quot;&gt;');
  });

  it('knows an AppID by its shape', () => {
    expect(isAppid('wx0123456789abcdef')).toBe(true);
    expect(isAppid('wx0123456789abcdeg')).toBe(false);
    expect(isAppid('0123456789abcdef')).toBe(false);
  });
});
