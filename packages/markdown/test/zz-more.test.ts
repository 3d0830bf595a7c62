import { it } from 'vitest';
import { markdownToWeixin } from '../src/processor.js';
const cases: Record<string, () => string> = {
  dir: () =>
    Array.from({ length: 300 }, (_, i) => ':'.repeat(300 + 3 - i) + 'note').join('\n') +
    '\nx\n' +
    Array.from({ length: 300 }, (_, i) => ':'.repeat(i + 3)).join('\n'),
  table: () => '|a|b|\n|-|-|\n' + '|x|y|\n'.repeat(20000),
  links: () => '['.repeat(5000) + 'x' + '](u)'.repeat(5000),
  imgs: () => '!['.repeat(3000) + 'x' + '](u)'.repeat(3000),
  footnotes: () => Array.from({ length: 2000 }, (_, i) => `[^${i}]: see [^${i + 1}]`).join('\n\n') + '\n\ntext [^0]',
  indented: () => Array.from({ length: 150 }, (_, i) => '  '.repeat(i) + '- a').join('\n'),
  mixedhtml: () => '<div>\n\n'.repeat(3000) + 'x',
  del: () => '~~'.repeat(3000) + 'x' + '~~'.repeat(3000),
  textdir: () => ':a['.repeat(3000) + 'x' + ']'.repeat(3000),
};
for (const [name, make] of Object.entries(cases))
  it(name, async () => {
    const t = Date.now();
    try {
      const r = await markdownToWeixin('# T\n\n' + make());
      console.log('RESULT', name, 'ok', Date.now() - t, r.messages.map((m) => `${m.ruleId}@${m.line}`).slice(0, 3));
    } catch (e) {
      console.log(
        'RESULT',
        name,
        'THROW',
        Date.now() - t,
        String(e).slice(0, 100),
        (e as Error).stack?.split('\n').slice(1, 4).join('|'),
      );
    }
  }, 300000);
