// Styles written in raw HTML are held to the allowlist the theme is held to, hostile ones included.
import rehypeRaw from 'rehype-raw';
import rehypeStringify from 'rehype-stringify';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import rehypeWeixin, { type Options } from '../src/index.js';

/** Declarations that must never reach a reader, each as an attacker or a careless paste writes it. */
const HOSTILE = [
  'background:url(javascript:alert(1))',
  'background-image:url("https://evil.example/x.png")',
  'width:expression(alert(1))',
  'WIDTH:EXPRESSION(alert(1))',
  'BACKGROUND:URL(JAVASCRIPT:alert(1))',
  'background:u\\rl(javascript:alert(1))',
  'background:u\\72 l(https://evil.example/x.png)',
  'background:\\75\\72\\6c(https://evil.example/x.png)',
  'width:expr/**/ession(alert(1))',
  'background-image:ur/**/l(https://evil.example/x.png)',
  'background-image:image-set("https://evil.example/x.png" 1x)',
  'background-image:-webkit-image-set("https://evil.example/x.png" 1x)',
  '-moz-binding:url(https://evil.example/x.xml#xss)',
  'behavior:url(x.htc)',
  'color:var(--x)',
  '--x:red',
  'position:fixed',
  'POSITION:Absolute',
  '@import url(https://evil.example/x.css)',
];

/** What no kept style may hold, however it was written. */
const FORBIDDEN = /url|expression|expr|binding|behavior|var\(|--x|@import|image-set|fixed|absolute|\\/i;

function processor(options: Options = {}) {
  return unified()
    .use(remarkParse)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeRaw)
    .use(rehypeWeixin, { theme: { base: '' }, ...options })
    .use(rehypeStringify);
}

const styles = (html: string) => [...html.matchAll(/style="([^"]*)"/g)].map((match) => match[1]!);

describe('styles in raw HTML', () => {
  for (const hostile of HOSTILE) {
    it(`drops \`${hostile}\` and keeps the rest, with a warning at the element`, async () => {
      const file = await processor().process(
        new VFile({ path: 'post.md', value: `Text.\n\n<p style="color:#c00;${hostile.replaceAll('"', "'")}">x</p>\n` }),
      );
      const kept = styles(String(file));
      expect(kept.some((style) => FORBIDDEN.test(style))).toBe(false);
      expect(kept).toContain('color:#c00');
      const warnings = file.messages.filter((m) => m.ruleId === 'style-rejected');
      expect(warnings.length).toBeGreaterThan(0);
      expect(warnings.map((m) => [m.file, m.line, m.fatal])).toContainEqual(['post.md', 3, false]);
      expect(warnings[0]!.reason).toMatch(/in the style of <p> is dropped: /);
    });
  }

  it('drops a whole style that breaks out of its declarations', async () => {
    const file = await processor().process('<p style="color:#c00} p{background:url(javascript:alert(1))">x</p>\n');
    expect(String(file)).not.toMatch(/url|javascript/);
    expect(file.messages.map((m) => m.ruleId)).toContain('style-rejected');
  });

  it('keeps a style the editor keeps exactly as written, data: images and escaped font names included', async () => {
    const style = "color:#c00;background:url(data:image/png;base64,AAAA);font-family:'\\5FAE\\8F6F\\96C5\\9ED1'";
    const file = await processor().process(`<p style="${style.replaceAll("'", '&quot;')}">x</p>\n`);
    expect(file.messages).toEqual([]);
    expect(String(file)).toContain('background:url(data:image/png;base64,AAAA)');
  });
});

describe('the same declarations in the theme', () => {
  for (const hostile of HOSTILE.filter((declaration) => !declaration.startsWith('@'))) {
    it(`drops \`${hostile}\` from your CSS as from a style attribute`, async () => {
      const file = await processor({ theme: { base: '', css: `p { color: #c00; ${hostile} }` } }).process('Text.\n');
      const kept = styles(String(file));
      expect(kept.some((style) => FORBIDDEN.test(style))).toBe(false);
      expect(kept).toContain('color:#c00');
      expect(file.messages.map((m) => m.ruleId)).toContain('css-rejected');
    });
  }
});

describe('colours of the author’s, for the contrast check', () => {
  const authorColors = async (markdown: string) => {
    const file = await processor().process(new VFile(markdown));
    return file.data.weixinAuthorColors === true;
  };

  it('are not found in the layout styles the list pass writes, nor in layout-only raw styles', async () => {
    expect(await authorColors('- a\n  - b\n\n1. one\n2. two\n\n- [x] done\n')).toBe(false);
    expect(await authorColors('<p style="padding-left:2em;font-size:18px">缩进</p>\n')).toBe(false);
  });

  it.each([
    'color:#d0d0d0',
    'background:#fff',
    'background-color:rgb(0,0,0)',
    'border-left:3px solid #eee',
    'text-shadow:0 0 1px red',
  ])('are found in a raw style with `%s`', async (declaration) => {
    expect(await authorColors(`<p style="padding:0;${declaration}">一段</p>\n`)).toBe(true);
  });
});
