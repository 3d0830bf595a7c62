import { escapeHtml } from '@astro-weixin/rules';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describeAudience } from './deliver.js';
import { normalizeThumb } from './images/normalize.js';
import type { Deliver } from './options.js';
import { normalizeFor, type ApiArticle, type AssetSink, type MessageOutcome } from './publish.js';
import type { Batch } from './batches.js';
import type { PreparedArticle, PreparedImage } from './prepare.js';

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
  ) {}

  static async create(
    outDir: string,
    target: 'news' | 'draft',
    deliver: Deliver,
    sendTo: 'all' | { tagId: number } | undefined,
  ): Promise<DryRunSink> {
    await rm(outDir, { recursive: true, force: true });
    await mkdir(path.join(outDir, 'images'), { recursive: true });
    await mkdir(path.join(outDir, 'articles'), { recursive: true });
    return new DryRunSink(outDir, target, plannedDelivery(deliver, target, sendTo));
  }

  existingMessage(): undefined {
    return undefined;
  }

  async image(image: PreparedImage): Promise<{ url: string; reused: boolean }> {
    const key = `${image.kind}:${image.hash}`;
    const known = this.written.get(key);
    if (known) return { url: known, reused: true };
    const normalized = await normalizeFor(image);
    const relative = `images/${image.hash.slice(0, 16)}${image.kind === 'miniprogram-card' ? '-card' : ''}.${normalized.extension}`;
    await writeFile(path.join(this.outDir, relative), normalized.data);
    this.written.set(key, relative);
    return { url: relative, reused: false };
  }

  async cover(article: PreparedArticle): Promise<{ mediaId: string; reused: boolean }> {
    const key = `cover:${article.cover.hash}`;
    const known = this.written.get(key);
    if (known) return { mediaId: known, reused: true };
    const thumb = await normalizeThumb(article.cover.source.data);
    const relative = `images/${article.cover.hash.slice(0, 16)}-cover.jpg`;
    await writeFile(path.join(this.outDir, relative), thumb.data);
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
        // The `content` exactly as it would be sent (image addresses are the dry run's files), for diffing.
        writeFile(
          path.join(this.outDir, 'articles', `${articleFileName(article)}.weixin.html`),
          articles[index]!.content,
        ),
      ]),
    );
    return { mediaId };
  }
}

/** What a real build would do after making each message. */
function plannedDelivery(
  deliver: Deliver,
  target: 'news' | 'draft',
  sendTo: 'all' | { tagId: number } | undefined,
): string {
  if (deliver === 'publish') return 'would publish (freepublish/submit)';
  if (deliver === 'sendall') return `would send to ${describeAudience(sendTo ?? 'all')} (sendall)`;
  return target === 'draft'
    ? 'would wait in the draft box (no delivery)'
    : 'would be uploaded for a mass send, not sent (no delivery)';
}

function articleFileName(article: PreparedArticle): string {
  return article.post.slug.replaceAll('/', '-') || 'article';
}

const PHONE_CSS = `body{margin:0;background:#ededed;font:15px/1.6 -apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei",sans-serif;color:#222}
.phone{max-width:414px;margin:0 auto;padding:16px 12px}
.note{font-size:12px;color:#888;margin:0 0 12px}
.message{background:#fff;border-radius:8px;overflow:hidden;margin-bottom:18px}
.lead{position:relative;display:block;color:#fff;text-decoration:none}
.lead img{display:block;width:100%;aspect-ratio:2.35/1;object-fit:cover;background:#ccc}
.lead span{position:absolute;left:0;right:0;bottom:0;padding:24px 14px 10px;background:linear-gradient(transparent,rgba(0,0,0,.6));font-size:17px}
.row{display:flex;align-items:center;gap:10px;padding:10px 14px;border-top:1px solid #eee;color:#222;text-decoration:none}
.delivery{margin:0;padding:8px 14px;border-top:1px solid #eee;font-size:13px;color:#576b95}
.row span{flex:1}.row img{width:56px;height:56px;object-fit:cover;background:#ccc}
article{background:#fff;padding:20px 16px;margin-bottom:18px}
article h1{font-size:22px;line-height:1.4;margin:0 0 8px}.meta{color:#888;font-size:14px;margin-bottom:18px}`;

/** One article as a phone shows it: title, author, content as WeChat stores it. */
function articlePage(article: ApiArticle, assetBase: string): string {
  const content = article.content.replace(/(<img\b[^>]*\bsrc=")(images\/)/g, `$1${assetBase}$2`);
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(article.title)}</title><style>${PHONE_CSS}</style></head>
<body><div class="phone"><article><h1>${escapeHtml(article.title)}</h1><div class="meta">${escapeHtml(article.author ?? '')}</div>${content}${
    article.content_source_url
      ? `<p class="meta"><a href="${escapeHtml(article.content_source_url)}">阅读原文</a></p>`
      : ''
  }</article></div></body></html>\n`;
}

/** The message list (first article big, the rest as rows) linking to each article. */
export async function writeDryRunIndex(outDir: string, outcomes: MessageOutcome[], delivery: string): Promise<string> {
  const messages = outcomes
    .map((outcome) => {
      const [lead, ...rest] = outcome.articles;
      if (!lead) return '';
      const link = (index: number) => `articles/${articleFileName(outcome.batch.articles[index]!)}.html`;
      return `<section class="message" data-batch="${escapeHtml(outcome.batch.name)}">
<a class="lead" href="${link(0)}"><img src="${escapeHtml(lead.thumb_media_id)}" alt=""><span>${escapeHtml(lead.title)}</span></a>
${rest.map((article, i) => `<a class="row" href="${link(i + 1)}"><span>${escapeHtml(article.title)}</span><img src="${escapeHtml(article.thumb_media_id)}" alt=""></a>`).join('\n')}
<p class="delivery">${escapeHtml(delivery)}</p>
</section>`;
    })
    .join('\n');
  const file = path.join(outDir, 'index.html');
  await writeFile(
    file,
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>WeChat preview (dry run)</title><style>${PHONE_CSS}</style></head>
<body><div class="phone"><p class="note">Dry run: ${outcomes.length} message${outcomes.length === 1 ? '' : 's'}, nothing was uploaded. Each message-N.json is the request body that would be sent.</p>
${messages}
</div></body></html>\n`,
  );
  return file;
}
