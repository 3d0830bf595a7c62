import stringWidth from 'string-width';
import type { PreparedArticle } from './prepare.js';
import type { MessageOutcome } from './publish.js';

/** Covers uploaded and reused, per article, so a message's image count includes them. */
export class CoverTally {
  private readonly byArticle = new Map<PreparedArticle, boolean>();

  count(article: PreparedArticle, reused: boolean): void {
    this.byArticle.set(article, reused);
  }

  /** New and reused covers among these articles. */
  of(articles: PreparedArticle[]): { uploaded: number; reused: number } {
    let uploaded = 0;
    let reused = 0;
    for (const article of articles) {
      const state = this.byArticle.get(article);
      if (state === true) reused += 1;
      else if (state === false) uploaded += 1;
    }
    return { uploaded, reused };
  }
}

/** The closing table: one row per article; a message's images (body, cards and covers) on its lead row. */
export function summaryTable(outcomes: MessageOutcome[], covers = new CoverTally()): string {
  const delivering = outcomes.some((outcome) => outcome.delivery);
  const rows: string[][] = [
    ['post', 'message', 'images (new/reused)', 'media_id', ...(delivering ? ['delivery'] : [])],
  ];
  outcomes.forEach((outcome, messageIndex) => {
    const cover = covers.of(outcome.batch.articles);
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
            : `${outcome.imagesUploaded + cover.uploaded}/${outcome.imagesReused + cover.reused}`
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
