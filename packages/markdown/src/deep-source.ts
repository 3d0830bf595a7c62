import type { VFile } from 'vfile';
import { MAX_NESTING } from './depth.js';

/**
 * micromark takes time quadratic in nesting, or worse: a line of 3,000 `- `, a run of 6,000 `*` or
 * 2,000 images inside each other's descriptions keep it busy for half a minute or more before any
 * plugin can bound the tree. Such markup, past what MAX_NESTING lets
 * through anyway, is turned into its full-width lookalike (one UTF-16 unit for one, so every
 * position holds), which reads the same and nests nothing, with an error at its place.
 */
const LOOKALIKE: Record<string, string> = { '>': '＞', '-': '－', '+': '＋', '*': '＊', _: '＿', '.': '．', ')': '）' };
const LONG_RUN = new RegExp(`[*_]{${2 * MAX_NESTING + 1},}`, 'g');
const MARKER = /[ \t]*(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))/.source;

export function boundSource(document: string, file: VFile): string {
  if (document.length <= MAX_NESTING) return document;
  const lines = document.split('\n');
  let changed = false;
  for (const [index, line] of lines.entries()) {
    // Neither a marker nor a delimiter takes less than a character.
    const bounded = line.length > MAX_NESTING ? boundLine(line, index + 1, file) : line;
    if (bounded !== line) {
      lines[index] = bounded;
      changed = true;
    }
  }
  return changed ? lines.join('\n') : document;
}

function boundLine(line: string, number: number, file: VFile): string {
  let result = line;
  // Quote and list markers that open the line, past MAX_NESTING of them.
  const marker = new RegExp(MARKER, 'y');
  let markers = 0;
  let end = 0;
  let prefixEnd = 0;
  while (marker.exec(line)) {
    markers += 1;
    prefixEnd = marker.lastIndex;
    if (markers === MAX_NESTING) end = prefixEnd;
  }
  if (markers > MAX_NESTING) {
    result = line.slice(0, end) + lookalike(line.slice(end, prefixEnd)) + line.slice(prefixEnd);
    const firstExcess = end + (/^[ \t]*/.exec(line.slice(end))?.[0].length ?? 0);
    report(file, number, firstExcess + 1, `${markers} quote or list markers open this line`);
  }
  // Emphasis delimiters in a run longer than MAX_NESTING levels of `**` could use, unless the run is a rule.
  if (!/^[ \t]*([*_])(?:[ \t]*\1)*[ \t]*$/.test(result)) {
    result = result.replace(LONG_RUN, (run, offset: number) => {
      report(file, number, offset + 1, `a run of ${run.length} \`${run[0]}\` opens or closes emphasis`);
      return lookalike(run);
    });
  }
  return boundImages(result, number, file);
}

/** Images inside image descriptions, past MAX_NESTING of them: their `!` becomes `！`, a plain bracket. */
function boundImages(line: string, number: number, file: VFile): string {
  if (!line.includes('![')) return line;
  let depth = 0;
  let out = '';
  let reported = false;
  for (let index = 0; index < line.length; index += 1) {
    const character = line[index] as string;
    if (character === '[') depth += 1;
    else if (character === ']') depth = Math.max(0, depth - 1);
    else if (character === '!' && line[index + 1] === '[' && depth >= MAX_NESTING) {
      if (!reported) report(file, number, index + 1, 'images inside image descriptions');
      reported = true;
      out += '！';
      continue;
    }
    out += character;
  }
  return reported ? out : line;
}

function lookalike(text: string): string {
  return text.replace(/[>\-+*_.)]/g, (character) => LOOKALIKE[character] ?? character);
}

function report(file: VFile, line: number, column: number, what: string): void {
  file.message(
    `${what}, nesting more than ${MAX_NESTING} levels deep: they are shown as text; nest fewer quotes, lists or emphasis here`,
    { place: { line, column }, ruleId: 'too-deep', source: '@astro-weixin/markdown' },
  ).fatal = true;
}
