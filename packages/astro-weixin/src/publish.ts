import { escapeHtml, TEMPORARY_MEDIA_LIFETIME_MS } from '@astro-weixin/rules';
import type { NewsArticle, WeixinClient } from '@astro-weixin/api';
import { normalizeBodyImage, normalizeCardImage, normalizeThumb, type NormalizedImage } from './images/normalize.js';
import type { Batch } from './batches.js';
import type { PreparedArticle, PreparedImage } from './prepare.js';
import type { AccountLock, Lockfile } from './lockfile.js';

/** The article as uploadnews and draft/add take it (draft-only fields are not used). */
export type ApiArticle = NewsArticle;

export interface MessageOutcome {
  batch: Batch;
  media_id: string;
  /**
   * `reused`: the lockfile shows this exact message was already made; no call was needed.
   * `updated`: a changed batch's existing draft was edited in place with draft/update.
   */
  status: 'published' | 'updated' | 'reused' | 'dry-run';
  articles: ApiArticle[];
  imagesUploaded: number;
  imagesReused: number;
}

export interface PublishEvents {
  image?: (event: { article: PreparedArticle; image: PreparedImage; reused: boolean; url: string }) => void;
  cover?: (event: { article: PreparedArticle; reused: boolean; mediaId: string }) => void;
  message?: (outcome: MessageOutcome) => void;
}

/** Where images and covers go: the API (remembered in the lockfile) or files for a dry run. */
export interface AssetSink {
  readonly mode: 'api' | 'dry-run';
  image(image: PreparedImage): Promise<{ url: string; reused: boolean }>;
  cover(article: PreparedArticle): Promise<{ mediaId: string; reused: boolean }>;
  /** A message already made from exactly these articles, if any. */
  existingMessage(batch: Batch): { media_id: string } | undefined;
  sendMessage(batch: Batch, articles: ApiArticle[]): Promise<{ mediaId: string; updated?: boolean }>;
}

/** A temporary thumb this close to expiry is uploaded again rather than risk 40007 mid-publish. */
const THUMB_EXPIRY_MARGIN_MS = 6 * 3600 * 1000;

/** Sends batches through the sink in order; stops at the first failure with the lockfile up to date. */
export async function publishBatches(
  batches: Batch[],
  sink: AssetSink,
  events: PublishEvents = {},
): Promise<MessageOutcome[]> {
  const outcomes: MessageOutcome[] = [];
  for (const batch of batches) {
    const existing = sink.existingMessage(batch);
    if (existing) {
      const outcome: MessageOutcome = {
        batch,
        media_id: existing.media_id,
        status: 'reused',
        articles: [],
        imagesUploaded: 0,
        imagesReused: 0,
      };
      events.message?.(outcome);
      outcomes.push(outcome);
      continue;
    }
    let imagesUploaded = 0;
    let imagesReused = 0;
    const articles: ApiArticle[] = [];
    for (const article of batch.articles) {
      let content = article.html;
      for (const image of article.images) {
        const { url, reused } = await sink.image(image);
        if (reused) imagesReused += 1;
        else imagesUploaded += 1;
        events.image?.({ article, image, reused, url });
        content = content.replaceAll(image.placeholder, escapeHtml(url));
      }
      const cover = await sink.cover(article);
      events.cover?.({ article, reused: cover.reused, mediaId: cover.mediaId });
      articles.push(toApiArticle(article, content, cover.mediaId));
    }
    const sent = await sink.sendMessage(batch, articles);
    const outcome: MessageOutcome = {
      batch,
      media_id: sent.mediaId,
      status: sink.mode === 'dry-run' ? 'dry-run' : sent.updated ? 'updated' : 'published',
      articles,
      imagesUploaded,
      imagesReused,
    };
    events.message?.(outcome);
    outcomes.push(outcome);
  }
  return outcomes;
}

function toApiArticle(article: PreparedArticle, content: string, thumbMediaId: string): ApiArticle {
  const api: ApiArticle = {
    title: article.title,
    content,
    thumb_media_id: thumbMediaId,
    show_cover_pic: article.showCoverPic ? 1 : 0,
    need_open_comment: article.needOpenComment ? 1 : 0,
    only_fans_can_comment: article.onlyFansCanComment ? 1 : 0,
  };
  if (article.author) api.author = article.author;
  if (article.digest) api.digest = article.digest;
  if (article.post.url) api.content_source_url = article.post.url;
  return api;
}

function createdAt(answer: object): number | string | undefined {
  const value = (answer as { created_at?: unknown }).created_at;
  return typeof value === 'number' || typeof value === 'string' ? value : undefined;
}

export async function normalizeFor(image: Pick<PreparedImage, 'kind' | 'source'>): Promise<NormalizedImage> {
  return image.kind === 'miniprogram-card'
    ? normalizeCardImage(image.source.data)
    : normalizeBodyImage(image.source.data);
}

/** Uploads through the API, remembering every result in the lockfile the moment it exists. */
export class ApiSink implements AssetSink {
  readonly mode = 'api';
  constructor(
    private readonly client: WeixinClient,
    private readonly lock: Lockfile,
    private readonly account: string,
    private readonly target: 'news' | 'draft',
    private readonly now: () => number = Date.now,
  ) {}

  private get state(): AccountLock {
    return this.lock.account(this.account);
  }

  existingMessage(batch: Batch): { media_id: string } | undefined {
    const message = this.state.messages[batch.hash];
    return message && message.target === this.target ? message : undefined;
  }

  async image(image: PreparedImage): Promise<{ url: string; reused: boolean }> {
    const key = `${image.kind}:${image.hash}`;
    const known = this.state.images[key];
    if (known) return { url: known.url, reused: true };
    const normalized = await normalizeFor(image);
    const { url } = await this.client.uploadImage({
      data: normalized.data,
      filename: `${image.hash.slice(0, 16)}.${normalized.extension}`,
      contentType: normalized.contentType,
    });
    await this.lock.update(this.account, (account) => {
      account.images[key] = { url, uploadedAt: new Date(this.now()).toISOString() };
    });
    return { url, reused: false };
  }

  async cover(article: PreparedArticle): Promise<{ mediaId: string; reused: boolean }> {
    const known = this.state.thumbs[article.cover.hash];
    const usable =
      known &&
      (known.kind === 'permanent' ||
        (this.target === 'news' &&
          known.expiresAt !== undefined &&
          Date.parse(known.expiresAt) - this.now() > THUMB_EXPIRY_MARGIN_MS));
    if (known && usable) return { mediaId: known.media_id, reused: true };
    const thumb = await normalizeThumb(article.cover.source.data);
    const file = { data: thumb.data, filename: `${article.cover.hash.slice(0, 16)}.jpg`, contentType: 'image/jpeg' };
    const uploadedAt = this.now();
    let mediaId: string;
    if (this.target === 'draft') {
      // Drafts refuse temporary thumbs (40007): they need permanent material.
      mediaId = (await this.client.addMaterial('thumb', file)).media_id;
      await this.lock.update(this.account, (account) => {
        account.thumbs[article.cover.hash] = {
          media_id: mediaId,
          kind: 'permanent',
          uploadedAt: new Date(uploadedAt).toISOString(),
        };
      });
    } else {
      mediaId = (await this.client.uploadThumb(file)).thumb_media_id;
      await this.lock.update(this.account, (account) => {
        account.thumbs[article.cover.hash] = {
          media_id: mediaId,
          kind: 'temporary',
          uploadedAt: new Date(uploadedAt).toISOString(),
          expiresAt: new Date(uploadedAt + TEMPORARY_MEDIA_LIFETIME_MS).toISOString(),
        };
      });
    }
    return { mediaId, reused: false };
  }

  /** The draft this batch made last time, if it holds the same posts in the same order. */
  private previousDraft(batch: Batch): [string, { media_id: string }] | undefined {
    if (this.target !== 'draft') return undefined;
    const files = batch.articles.map((a) => a.post.file).join('\n');
    return Object.entries(this.state.messages).find(
      ([, message]) => message.target === 'draft' && message.batch === batch.name && message.posts.join('\n') === files,
    );
  }

  async sendMessage(batch: Batch, articles: ApiArticle[]): Promise<{ mediaId: string; updated: boolean }> {
    const previous = this.previousDraft(batch);
    let answer: { media_id: string; created_at?: number | string } | undefined;
    if (previous) {
      // Edit the draft in place so the draft box does not fill with old versions of a post.
      try {
        for (const [index, article] of articles.entries())
          await this.client.updateDraft(previous[1].media_id, index, article);
        answer = { media_id: previous[1].media_id };
      } catch (error) {
        // 40007: the draft was published or deleted in the meantime; make a new one.
        if ((error as { errcode?: number }).errcode !== 40007) throw error;
      }
    }
    answer ??= this.target === 'draft' ? await this.client.addDraft(articles) : await this.client.uploadNews(articles);
    const publishedAt = new Date(this.now()).toISOString();
    const replaced = previous?.[0];
    await this.lock.update(this.account, (account) => {
      if (replaced) delete account.messages[replaced];
      account.messages[batch.hash] = {
        target: this.target,
        batch: batch.name,
        media_id: answer!.media_id,
        posts: batch.articles.map((a) => a.post.file),
        publishedAt,
        ...(createdAt(answer!) !== undefined ? { created_at: createdAt(answer!)! } : {}),
      };
      batch.articles.forEach((article, index) => {
        account.posts[article.post.file] = {
          contentHash: article.contentHash,
          messageHash: batch.hash,
          media_id: answer!.media_id,
          index,
          publishedAt,
        };
      });
    });
    return { mediaId: answer.media_id, updated: answer.media_id === previous?.[1].media_id };
  }
}
