import type { MessageOutcome } from './publish.js';

/** The closing table: one row per article. */
export function summaryTable(outcomes: MessageOutcome[]): string {
  const rows: string[][] = [['post', 'message', 'images (new/reused)', 'media_id']];
  outcomes.forEach((outcome, messageIndex) => {
    outcome.batch.articles.forEach((article, index) => {
      rows.push([
        article.post.file,
        `${messageIndex + 1}.${index + 1}${index === 0 ? ' (lead)' : ''}`,
        index === 0
          ? outcome.status === 'reused'
            ? 'unchanged'
            : `${outcome.imagesUploaded}/${outcome.imagesReused}`
          : '',
        index === 0 ? outcome.media_id : '',
      ]);
    });
  });
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => displayWidth(row[column]!))));
  const line = (row: string[]) =>
    row
      .map((cell, column) => cell + ' '.repeat(widths[column]! - displayWidth(cell)))
      .join('  ')
      .trimEnd();
  return ['', line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** CJK characters take two columns in a terminal. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text)
    width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(char)
      ? 2
      : 1;
  return width;
}
