// `:::` containers from every tool people write them in become titled boxes; `:::` never reaches a reader.
import { themeNames } from 'rehype-weixin';
import { describe, expect, it } from 'vitest';
import { createWeixinProcessor } from '../src/processor.js';

const post = (body: string) => `---\ntitle: 容器\n---\n\n${body}`;

/** Each box: its title and the style it was given, in document order. */
function boxes(html: string): { title: string; style: string }[] {
  return [...html.matchAll(/<section style="([^"]*)"><p style="[^"]*">([^<]*)<\/p>/g)].map((match) => ({
    title: match[2]!,
    style: match[1]!,
  }));
}

const DOOCS = [
  '::: theorem 勾股定理',
  '$a^2 + b^2 = c^2$',
  ':::',
  '',
  '::: definition',
  '直角三角形有一个角是直角。',
  ':::',
  '',
  '::: proof',
  '略。',
  ':::',
  '',
  '::: 推论',
  '任意名称都会渲染为方框。',
  ':::',
  '',
  ':::lemma[引理一]',
  '一个引理。',
  ':::',
  '',
].join('\n');

describe('containers', () => {
  for (const name of themeNames) {
    it(`gives doocs/md's academic environments titled boxes in the ${name} theme`, async () => {
      const result = await createWeixinProcessor({ weixin: { theme: { name } } }).process(post(DOOCS), {
        path: 'post.md',
      });
      expect(result.html).not.toContain(':::');
      const found = boxes(result.html);
      expect(found.map((box) => box.title)).toEqual(['勾股定理', '定义', '证明', '推论', '引理一']);
      for (const box of found) expect(box.style).toMatch(/border-left/);
      // Theorems and definitions have looks of their own, framed on every side.
      const [theorem, definition, proof] = found;
      expect(theorem!.style).toMatch(/border-top/);
      expect(definition!.style).not.toBe(theorem!.style);
      expect(proof!.style).not.toBe(theorem!.style);
      expect(result.messages.filter((m) => m.ruleId !== 'missing-title')).toEqual([]);
    });
  }

  it('gives any other name a plain box titled with it, and a warning at its line', async () => {
    const result = await createWeixinProcessor().process(
      post('Text.\n\n::: 猜想 哥德巴赫\n偶数。\n:::\n\n:::aside\nx\n:::\n'),
      {
        path: 'post.md',
      },
    );
    expect(result.html).not.toContain(':::');
    expect(boxes(result.html).map((box) => box.title)).toEqual(['哥德巴赫', 'aside']);
    expect(result.messages.map((m) => [m.file, m.line, m.ruleId])).toEqual([
      ['post.md', 7, 'unknown-container'],
      ['post.md', 11, 'unknown-container'],
    ]);
    expect(result.messages[0]!.reason).toMatch(/^`:::猜想` is not a box we know: .*theorem/);
  });

  it('gives alerts of any name a box: known ones their look, others their name and a warning', async () => {
    const result = await createWeixinProcessor().process(post('> [!theorem] 费马\n> 无解。\n\n> [!待定]\n> 稍后。\n'), {
      path: 'post.md',
    });
    expect(result.html).not.toContain('[!');
    expect(boxes(result.html).map((box) => box.title)).toEqual(['费马', '待定']);
    expect(result.messages.map((m) => [m.file, m.line, m.ruleId])).toEqual([['post.md', 8, 'unknown-container']]);
  });

  const BROKEN: Record<string, [body: string, titles: string[], rules: string[]]> = {
    unclosed: ['::: theorem 未闭合\n内容\n\n更多\n', ['未闭合'], ['unclosed-container']],
    'unclosed, parsed as a directive': [':::tip\n内容\n', ['提示'], []],
    'mismatched fence lengths': ['::::theorem\n内容\n:::\n\n之后\n', ['定理'], ['stray-container-fence']],
    'nested with equal fences': [':::theorem\n:::proof\n证\n:::\n:::\n', ['定理', '证明'], ['stray-container-fence']],
    'nested, paragraph form': ['::: theorem 外\n甲\n::: proof 内\n乙\n:::\n丙\n:::\n', ['外', '内'], []],
    'nested with longer outer fences': ['::::theorem\n:::proof\n证\n:::\n::::\n', ['定理', '证明'], []],
    'a stray closing fence': ['段落。\n\n:::\n', [], ['stray-container-fence']],
    'two boxes in one paragraph': ['::: 定理 甲\n一\n:::\n::: 定义 乙\n二\n:::\n', ['甲', '乙'], []],
    'in a list item': ['- 项\n\n  ::: remark 注一\n  内容\n  :::\n', ['注一'], []],
    'in a quote': ['> ::: example 例一\n> 内容\n> :::\n', ['例一'], []],
    'blank lines inside': ['::: theorem\n\n第一段\n\n- 列表\n\n:::\n', ['定理'], []],
  };
  for (const [name, [body, titles, rules]] of Object.entries(BROKEN)) {
    it(`shows no \`:::\` for ${name}`, async () => {
      const result = await createWeixinProcessor().process(post(body), { path: 'post.md' });
      expect(result.html).not.toContain(':::');
      expect(boxes(result.html).map((box) => box.title)).toEqual(titles);
      expect(result.messages.map((m) => m.ruleId)).toEqual(rules);
      for (const message of result.messages) expect([message.file, message.line > 4]).toEqual(['post.md', true]);
    });
  }
});
