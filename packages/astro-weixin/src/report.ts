import stringWidth from 'string-width';
import type { MessageOutcome } from './publish.js';

/** The closing table: one row per article. */
export function summaryTable(outcomes: MessageOutcome[]): string {
  const delivering = outcomes.some((outcome) => outcome.delivery);
  const rows: string[][] = [
    ['post', 'message', 'images (new/reused)', 'media_id', ...(delivering ? ['delivery'] : [])],
  ];
  outcomes.forEach((outcome, messageIndex) => {
    outcome.batch.articles.forEach((article, index) => {
      const delivery = outcome.delivery;
      const reached =
        delivery?.kind === 'publish'
          ? `${delivery.status}${delivery.urls?.[index] ? ` ${delivery.urls[index]}` : ''}`
          : delivery && index === 0
            ? `${delivery.status} (msg_id ${delivery.msg_id})`
            : '';
      rows.push([
        article.post.file,
        `${messageIndex + 1}.${index + 1}${index === 0 ? ' (lead)' : ''}`,
        index === 0
          ? outcome.status === 'reused'
            ? 'unchanged'
            : `${outcome.imagesUploaded}/${outcome.imagesReused}`
          : '',
        index === 0 ? outcome.media_id : '',
        ...(delivering ? [reached] : []),
      ]);
    });
  });
  return table(rows);
}

/** Rows as aligned columns, the first row a header; CJK characters take two columns in a terminal. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => stringWidth(row[column] ?? ''))));
  const line = (row: string[]) =>
    row
      .map((cell, column) => cell + ' '.repeat(widths[column]! - stringWidth(cell)))
      .join('  ')
      .trimEnd();
  return ['', line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
