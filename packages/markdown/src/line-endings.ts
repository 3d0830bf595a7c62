/**
 * Windows editors save `\r\n`, old Mac ones a lone `\r`. Markdown treats all three as line
 * endings, but the text inside nodes keeps them as written, so a carriage return would reach the
 * HTML (in code, in paragraphs) where the WeChat editor shows it as a stray break or collapses it.
 * Reading every ending as `\n` first gives exactly the output of the same post saved with `\n`;
 * lines and columns in messages stay the same.
 */
export function normalizeLineEndings(source: string): string {
  return source.includes('\r') ? source.replace(/\r\n?/g, '\n') : source;
}
