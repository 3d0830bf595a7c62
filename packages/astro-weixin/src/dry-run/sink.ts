import { escapeHtml } from '@astro-weixin/rules';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Deliver, plannedDelivery } from '../config/options.js';
import type { ConversionCache } from '../images/cache.js';
import { squareCrop } from '../images/cover.js';
import type { ApiArticle, AssetSink, MessageOutcome } from '../messages/publish-batches.js';
import { normalizeCover, writeConvertedCover, writeConvertedImage } from '../images/convert.js';
import type { Batch } from '../messages/batches.js';
import type { PreparedArticle, PreparedImage } from '../render/article.js';
import { articlePage, messageCard, phoneDocument, thumbOf } from '../preview/phone.js';
import { darkArticlePage } from '../preview/dark.js';
import { plural } from '../utils/plural.js';

/**
 * A dry run does everything but call the API: images and covers are converted exactly as they
 * would be uploaded and written next to each message's request body, so the author can check
 * what WeChat would receive, and `index.html` previews the messages at phone width.
 */
export class DryRunSink implements AssetSink {
  readonly mode = 'dry-run';
  private readonly written = new Map<string, string>();
  private count = 0;

  constructor(
    readonly outDir: string,
    private readonly target: 'news' | 'draft',
    /** What delivery would do with each message, in words ("would publish"). */
    readonly delivery: string,
    private readonly conversions: ConversionCache,
  ) {}

  static async create(
    outDir: string,
    target: 'news' | 'draft',
    deliver: Deliver,
    sendTo: 'all' | { tagId: number } | undefined,
    conversions: ConversionCache,
  ): Promise<DryRunSink> {
    await rm(outDir, { recursive: true, force: true });
    await mkdir(path.join(outDir, 'images'), { recursive: true });
    await mkdir(path.join(outDir, 'articles'), { recursive: true });
    return new DryRunSink(outDir, target, plannedDelivery(deliver, target, sendTo), conversions);
  }

  existingMessage(): undefined {
    return undefined;
  }

  /** Where an image was written, for pages that show the same article in another theme. */
  fileOf(image: Pick<PreparedImage, 'kind' | 'hash'>): string | undefined {
    return this.written.get(`${image.kind}:${image.hash}`);
  }

  async image(image: PreparedImage): Promise<{ url: string; reused: boolean }> {
    const key = `${image.kind}:${image.hash}`;
    const known = this.written.get(key);
    if (known) return { url: known, reused: true };
    const name = `images/${image.hash.slice(0, 16)}${image.kind === 'miniprogram-card' ? '-card' : ''}`;
    // An animated GIF keeps its .gif name and every frame: the preview shows it moving.
    const extension = await writeConvertedImage(image, this.conversions, path.join(this.outDir, name));
    const relative = `${name}.${extension}`;
    this.written.set(key, relative);
    return { url: relative, reused: false };
  }

  /** A picture of an image post: written as it would be uploaded; its file stands for its media id. */
  async picture(image: PreparedImage): Promise<{ mediaId: string; url: string; reused: boolean }> {
    const { url, reused } = await this.image(image);
    return { mediaId: url, url, reused };
  }

  async cover(article: PreparedArticle): Promise<{ mediaId: string; reused: boolean }> {
    const key = `cover:${article.cover.hash}`;
    const known = this.written.get(key);
    if (known) return { mediaId: known, reused: true };
    const name = `images/${article.cover.hash.slice(0, 16)}-cover`;
    const relative = `${name}.jpg`;
    await writeConvertedCover(article.cover, this.conversions, path.join(this.outDir, name));
    // Rows show the centre square, as WeChat crops a cover for its small thumbs.
    await this.conversions.writeTo(
      'cover-square',
      article.cover.hash,
      async () => squareCrop((await normalizeCover(article.cover, this.conversions)).data),
      path.join(this.outDir, `${name}-1x1`),
    );
    this.written.set(key, relative);
    return { mediaId: relative, reused: false };
  }

  async sendMessage(batch: Batch, articles: ApiArticle[]): Promise<{ mediaId: string }> {
    this.count += 1;
    const mediaId = `dry-run-${this.count}`;
    const endpoint = this.target === 'draft' ? 'cgi-bin/draft/add' : 'cgi-bin/media/uploadnews';
    await writeFile(
      path.join(this.outDir, `message-${this.count}.json`),
      `${JSON.stringify({ endpoint, batch: batch.name, delivery: this.delivery, body: { articles } }, null, 2)}\n`,
    );
    await Promise.all(
      batch.articles.flatMap((article, index) => [
        writeFile(
          path.join(this.outDir, 'articles', `${articleFileName(article)}.html`),
          articlePage(articles[index]!, '../'),
        ),
        // The same article as WeChat's dark mode shows it.
        writeFile(
          path.join(this.outDir, 'articles', `${articleFileName(article)}.dark.html`),
          darkArticlePage(articles[index]!, '../', `${articleFileName(article)}.html`),
        ),
        // The `content` exactly as it would be sent (image addresses are the dry run's files), for diffing;
        // an image post's is plain text.
        writeFile(
          path.join(this.outDir, 'articles', `${articleFileName(article)}.weixin.html`),
          articles[index]!.content,
        ),
      ]),
    );
    return { mediaId };
  }
}

function squareThumb(cover: string): string {
  return cover.replace(/\.jpg$/, '-1x1.jpg');
}

export function articleFileName(article: Pick<PreparedArticle, 'post'>): string {
  return article.post.slug.replaceAll('/', '-') || 'article';
}

/** The previews of the other themes, when there are several: a link to each index. */
export interface ThemeLinks {
  /** This index's theme (its article pages end in `.<theme>.html`), or undefined for the configured one. */
  current?: string;
  /** Every theme, the configured one first, each with its index file. */
  all: { name: string; index: string }[];
}

/** Links to each article of a message as WeChat's dark mode shows it. */
function darkModeLinks(outcome: MessageOutcome): string {
  const links = outcome.batch.articles.map(
    (article, index) =>
      `<a href="articles/${articleFileName(article)}.dark.html">${escapeHtml(outcome.articles[index]?.title ?? articleFileName(article))}</a>`,
  );
  return `<p class="note dark-mode">Dark mode: ${links.join(' · ')}</p>`;
}

/** The message list (first article big, the rest as rows) linking to each article. */
export async function writeDryRunIndex(
  outDir: string,
  outcomes: MessageOutcome[],
  delivery: string,
  themes?: ThemeLinks,
): Promise<string> {
  const suffix = themes?.current ? `.${themes.current}` : '';
  const messages = outcomes
    .map((outcome) => {
      const [lead, ...rest] = outcome.articles;
      if (!lead) return '';
      const link = (index: number) => `articles/${articleFileName(outcome.batch.articles[index]!)}${suffix}.html`;
      const card = messageCard({
        batch: outcome.batch.name,
        // The rows show the centre square, as WeChat crops a cover for its small thumbs.
        items: [lead, ...rest].map((article, index) => ({
          title: article.title,
          thumb: index === 0 ? thumbOf(article) : squareThumb(thumbOf(article)),
          href: link(index),
        })),
        delivery,
      });
      // Dark mode pages are written for the configured theme only.
      return suffix ? card : `${card}\n${darkModeLinks(outcome)}`;
    })
    .join('\n');
  const currentName = themes?.current ?? themes?.all[0]?.name;
  const current = themes?.all.find((theme) => theme.name === currentName);
  const switcher = themes
    ? `<p class="note">Theme: ${themes.all
        .map((theme) =>
          theme === current
            ? `<b>${escapeHtml(theme.name)}</b>`
            : `<a href="${theme.index}">${escapeHtml(theme.name)}</a>`,
        )
        .join(' · ')}</p>\n`
    : '';
  const file = path.join(outDir, current?.index ?? 'index.html');
  await writeFile(
    file,
    phoneDocument(
      'WeChat preview (dry run)',
      `<p class="note">Dry run: ${plural(outcomes.length, 'message')}, nothing was uploaded. Each message-N.json is the request body that would be sent.</p>
${switcher}${messages}
`,
    ),
  );
  return file;
}
