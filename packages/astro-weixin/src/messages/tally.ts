import type { PreparedArticle } from '../render/article.js';
import type { MessageOutcome, PublishEvents } from './publish-batches.js';
import type { Logger } from '../utils/logger.js';
import { table } from '../utils/table.js';

/** Covers uploaded and reused, per article, so a message's image count includes them. */
class CoverTally {
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

/**
 * What a run uploads, counted and logged: a line per image and cover, as each finishes. A dry run
 * writes its files in milliseconds, and a logger call per file would cost more than the files do,
 * so its lines go out together once each message is done.
 */
export class UploadTally {
  /** New uploads so far, for the error that says what the lockfile kept. */
  uploads = 0;
  /** The articles of the message being made: the one WeChat judges when it refuses content. */
  pending: PreparedArticle[] = [];
  readonly covers = new CoverTally();
  /** What a dry run said, message by message, to be said again when it is replayed. */
  readonly said: string[] = [];
  private lines: string[] = [];
  private readonly fresh: string;
  private readonly again: string;

  constructor(
    private readonly log: Logger,
    private readonly dryRun: boolean,
  ) {
    // A dry run uploads nothing, and its log must not say otherwise.
    [this.fresh, this.again] = dryRun ? ['would upload', 'would reuse '] : ['uploaded', 'reused  '];
  }

  readonly events: Required<Pick<PublishEvents, 'image' | 'cover'>> = {
    image: ({ article, image, reused }) => {
      if (!reused) this.uploads += 1;
      this.line(`${reused ? this.again : this.fresh} ${image.src} (${article.post.file})`);
    },
    cover: ({ article, reused }) => {
      this.covers.count(article, reused);
      if (!reused) this.uploads += 1;
      this.pending.push(article);
      this.line(`${reused ? this.again : this.fresh} cover ${article.cover.src} (${article.post.file})`);
    },
  };

  /** A message is made (or found unchanged): its articles are no longer pending, and a dry run's lines go out. */
  messageDone(): void {
    this.pending = [];
    if (this.lines.length > 0) this.say(this.lines.join('\n'));
    this.lines = [];
  }

  /** Says again what a kept dry run said. */
  replay(said: string[]): void {
    for (const text of said) this.say(text);
  }

  private say(text: string): void {
    this.said.push(text);
    this.log.info(text);
  }

  private line(text: string): void {
    if (this.dryRun) this.lines.push(text);
    else this.log.info(text);
  }
}

/** The closing table: one row per article; a message's images (body, cards and covers) on its lead row. */
export function summaryTable(outcomes: MessageOutcome[], covers = new CoverTally()): Promise<string> {
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
