// A small fuzz (issue 24): real posts, mutated with a fixed seed; problems come back positioned, never thrown.
import { describe, expect, it } from 'vitest';
import { createWeixinProcessor } from '../src/processor.js';
import { type CorpusDocument, packageMarkdown, projectPosts, seededRandom } from './corpus/index.js';

const CASES = 100;
const random = seededRandom(2024);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));

const INSERTS = [
  ':::note[标题]\n内容\n:::\n',
  ':::tip\n没有结束',
  '::: theorem 勾股定理\n$a^2+b^2=c^2$\n:::\n',
  '::unknown{x=1 #id .class}\n',
  ':span[text]{style="color:red"} 10:30 a:b:c',
  '::::outer\n:::inner\nx\n:::\n::::\n',
  '<div>\n\n未闭合',
  '<span style="background:url(javascript:alert(1))">x</span>',
  '<svg><defs><linearGradient id="g"/></defs><rect fill="url(#g)"/></svg>',
  '<script>alert(1)</script><style>p{color:red}</style>',
  '<!-- 未闭合的注释',
  '<table><tr><td>a<td>b</table>',
  '<img src="x.png" width="9999" onerror="alert(1)">',
  '[link](javascript:alert(1)) ![](data:image/png;base64,AAAA)',
  '$$\n\\frac{1}{\n$$\n',
  '```\n未闭合的代码',
  '[^missing] and [^1]\n\n[^1]: ',
];
const ODD = ['\u0000', '\uD800', '\uDC00', '\uFFFD', '\u202E', '\r', '\uFEFF', '\u200B', '\u0085', '\u2028', '\t'];

/** One mutation of a post: truncated, nested deeply, or with a directive, raw HTML or odd bytes inserted. */
function mutate(source: string): { how: string; markdown: string } {
  const at = between(0, source.length);
  const kind = pick(['truncate', 'nest', 'insert', 'odd bytes']);
  if (kind === 'truncate') return { how: `truncated at ${at}`, markdown: source.slice(0, at) };
  if (kind === 'nest') {
    const depth = between(50, 600);
    const prefix = pick(['> ', '- ', '1. ', '* ', '  - ', '> - ']);
    const wrap = pick(['prefix', 'emphasis', 'html']);
    const nested =
      wrap === 'prefix'
        ? `${prefix.repeat(depth)}深`
        : wrap === 'emphasis'
          ? `${'_'.repeat(depth)}深${'_'.repeat(depth)}`
          : `${'<blockquote>'.repeat(depth)}深`;
    return {
      how: `${wrap} nested ${depth} deep at ${at}`,
      markdown: `${source.slice(0, at)}\n\n${nested}\n\n${source.slice(at)}`,
    };
  }
  if (kind === 'insert') {
    const insert = pick(INSERTS);
    return {
      how: `${JSON.stringify(insert.slice(0, 20))} at ${at}`,
      markdown: source.slice(0, at) + insert + source.slice(at),
    };
  }
  const bytes = Array.from({ length: between(1, 5) }, () => pick(ODD)).join('');
  return { how: `${JSON.stringify(bytes)} at ${at}`, markdown: source.slice(0, at) + bytes + source.slice(at) };
}

describe('mutated posts', () => {
  it(`return positioned messages and never throw, in ${CASES} cases`, async () => {
    const posts: CorpusDocument[] = [...projectPosts(), ...packageMarkdown(10, 5)];
    const processor = createWeixinProcessor();
    const failures: string[] = [];
    let messages = 0;
    for (let index = 0; index < CASES; index += 1) {
      const post = pick(posts);
      const { how, markdown } = mutate(post.markdown);
      try {
        const article = await processor.process(markdown, { path: post.name });
        messages += article.messages.length;
        for (const message of article.messages)
          if (!(message.line && message.line >= 1))
            failures.push(`${post.name}, ${how}: no place for "${message.reason}"`);
      } catch (error) {
        failures.push(`${post.name}, ${how}: threw ${String(error).slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(messages).toBeGreaterThan(0);
  }, 60_000);
});
