import type { DraftArticle, ImagePostArticle, NewsArticle, WeixinClient } from '@astro-weixin/api';
import { TEMPORARY_MEDIA_LIFETIME_MS } from '@astro-weixin/rules';
import type { AccountView } from '../account/view.js';
import type { Batch } from '../messages/batches.js';
import { messageOf } from '../deliver/context.js';
import { endCall, irreversible, pendingCall, storedKeys } from '../account/intents.js';
import type { AccountLock, LockedMessage, Lockfile } from '../account/lockfile.js';
import type { PreparedArticle, PreparedImage } from '../render/article.js';
import type { ApiArticle, AssetSink } from '../messages/publish-batches.js';
import { normalizeCover, normalizeFor } from '../images/convert.js';
import { type ConversionCache, ConversionsAhead } from '../images/cache.js';
import type { Logger } from '../utils/logger.js';

/** A draft stays in the draft box until it is published; a publish that failed its checks leaves it there too. */
function stillADraft(message: LockedMessage): boolean {
  const delivery = message.delivery;
  return (
    !delivery ||
    (delivery.kind === 'publish' && delivery.status === 'failed' && [2, 3, 4].includes(delivery.publish_status ?? -1))
  );
}

/** A temporary thumb this close to expiry is uploaded again rather than risk 40007 mid-publish. */
const THUMB_EXPIRY_MARGIN_MS = 6 * 3600 * 1000;

export interface ApiSinkContext {
  client: WeixinClient;
  lock: Lockfile;
  /** The lockfile's key for this account. */
  account: string;
  target: 'news' | 'draft';
  view: AccountView;
  log: Logger;
  now: () => number;
  /** Messages are mass-sent after they are made, so an expired one must be made again first. */
  sendsNews: boolean;
  /** Conversions kept between builds. */
  conversions: ConversionCache;
}

/**
 * Uploads through the API, remembering every result in the lockfile the moment it exists. A draft
 * is made only after the account has been asked whether it already holds one for these posts.
 */
export class ApiSink implements AssetSink {
  readonly mode = 'api';
  readonly lock: Lockfile;
  readonly account: string;
  readonly now: () => number;

  constructor(private readonly context: ApiSinkContext) {
    this.lock = context.lock;
    this.account = context.account;
    this.now = context.now;
  }

  private get state(): AccountLock {
    return this.lock.account(this.account);
  }

  existingMessage(batch: Batch): { media_id: string } | undefined {
    const message = this.state.messages[batch.hash];
    if (!message || message.target !== this.context.target) return undefined;
    // uploadnews makes temporary media: one still to be sent and near its 3-day expiry is made again.
    const age = this.now() - Date.parse(message.publishedAt);
    const expiring = age > TEMPORARY_MEDIA_LIFETIME_MS - THUMB_EXPIRY_MARGIN_MS;
    if (this.context.sendsNews && message.target === 'news' && !message.delivery && expiring) return undefined;
    return message;
  }

  private readonly ahead = new ConversionsAhead();

  prepare(image: PreparedImage): void {
    const key = `${image.kind}:${image.hash}`;
    if (!this.state.images[key]) this.ahead.start(key, () => normalizeFor(image, this.context.conversions));
  }

  prepareCover(article: PreparedArticle): void {
    if (!this.usableThumb(article)) {
      this.ahead.start(`cover:${article.cover.hash}`, () => normalizeCover(article.cover, this.context.conversions));
    }
  }

  async image(image: PreparedImage): Promise<{ url: string; reused: boolean }> {
    const key = `${image.kind}:${image.hash}`;
    const known = this.state.images[key];
    if (known) return { url: known.url, reused: true };
    const normalized = await this.ahead.take(key, () => normalizeFor(image, this.context.conversions));
    const file = {
      data: normalized.data,
      filename: `${image.hash.slice(0, 16)}.${normalized.extension}`,
      contentType: normalized.contentType,
    };
    const uploadedAt = new Date(this.now()).toISOString();
    if (image.kind === 'animated-gif') {
      // uploadimg takes JPG and PNG only; permanent image material keeps every frame and answers a body URL.
      const material = await this.context.client.addMaterial('image', file);
      if (!material.url) throw new Error(`add_material answered no url for the animated GIF ${image.src}`);
      const url = material.url;
      await this.lock.update(this.account, (account) => {
        account.images[key] = { url, media_id: material.media_id, uploadedAt };
      });
      return { url, reused: false };
    }
    const { url } = await this.context.client.uploadImage(file);
    await this.lock.update(this.account, (account) => {
      account.images[key] = { url, uploadedAt };
    });
    return { url, reused: false };
  }

  async picture(image: PreparedImage): Promise<{ mediaId: string; url: string; reused: boolean }> {
    // An animated GIF is permanent image material already when an article used it: one upload serves both.
    const key = image.kind === 'animated-gif' ? `animated-gif:${image.hash}` : `picture:${image.hash}`;
    const known = this.state.images[key];
    if (known?.media_id) return { mediaId: known.media_id, url: known.url, reused: true };
    const normalized = await normalizeFor(image, this.context.conversions);
    const material = await this.context.client.addMaterial('image', {
      data: normalized.data,
      filename: `${image.hash.slice(0, 16)}.${normalized.extension}`,
      contentType: normalized.contentType,
    });
    const url = material.url ?? '';
    await this.lock.update(this.account, (account) => {
      account.images[key] = { url, media_id: material.media_id, uploadedAt: new Date(this.now()).toISOString() };
    });
    return { mediaId: material.media_id, url, reused: false };
  }

  /** The thumb uploaded earlier for this cover, if it can still be used. */
  private usableThumb(article: PreparedArticle): string | undefined {
    const known = this.state.thumbs[article.cover.hash];
    const usable =
      known &&
      (known.kind === 'permanent' ||
        (this.context.target === 'news' &&
          known.expiresAt !== undefined &&
          Date.parse(known.expiresAt) - this.now() > THUMB_EXPIRY_MARGIN_MS));
    return usable ? known.media_id : undefined;
  }

  async cover(article: PreparedArticle): Promise<{ mediaId: string; reused: boolean }> {
    const reusable = this.usableThumb(article);
    if (reusable) return { mediaId: reusable, reused: true };
    const thumb = await this.ahead.take(`cover:${article.cover.hash}`, () =>
      normalizeCover(article.cover, this.context.conversions),
    );
    const file = { data: thumb.data, filename: `${article.cover.hash.slice(0, 16)}.jpg`, contentType: 'image/jpeg' };
    const uploadedAt = new Date(this.now());
    if (this.context.target === 'draft') {
      // Drafts refuse temporary thumbs (40007): they need permanent material.
      const mediaId = (await this.context.client.addMaterial('thumb', file)).media_id;
      await this.lock.update(this.account, (account) => {
        account.thumbs[article.cover.hash] = {
          media_id: mediaId,
          kind: 'permanent',
          uploadedAt: uploadedAt.toISOString(),
        };
      });
      return { mediaId, reused: false };
    }
    const mediaId = (await this.context.client.uploadThumb(file)).thumb_media_id;
    await this.lock.update(this.account, (account) => {
      account.thumbs[article.cover.hash] = {
        media_id: mediaId,
        kind: 'temporary',
        uploadedAt: uploadedAt.toISOString(),
        expiresAt: new Date(uploadedAt.getTime() + TEMPORARY_MEDIA_LIFETIME_MS).toISOString(),
      };
    });
    return { mediaId, reused: false };
  }

  async sendMessage(batch: Batch, articles: ApiArticle[]): Promise<{ mediaId: string; updated: boolean }> {
    const draft = this.context.target === 'draft' ? await this.findDraft(batch) : undefined;
    if (draft) {
      const updated = await this.updateDraft(draft, batch, articles);
      if (updated) {
        await this.remember(batch, draft.media_id, undefined, draft.lockKey);
        return { mediaId: draft.media_id, updated: true };
      }
    }
    const call = this.context.target === 'draft' ? 'draft/add' : 'media/uploadnews';
    if (call === 'media/uploadnews' && pendingCall(this, call, batch.hash)) {
      this.context.log.warn(
        `an earlier uploadnews of batch ${batch.name} lost its answer: if it went through, its copy is invisible to readers and expires in 3 days`,
      );
    }
    const answer = await irreversible(this, call, messageOf(batch), {}, () =>
      call === 'draft/add'
        ? this.context.client.addDraft(articles as (DraftArticle | ImagePostArticle)[])
        : this.context.client.uploadNews(articles as NewsArticle[]),
    );
    await this.remember(batch, answer.media_id, answer as { created_at?: number | string }, draft?.lockKey, call);
    return { mediaId: answer.media_id, updated: false };
  }

  /**
   * The draft to edit instead of adding one: the one this batch made last time (lockfile), or one the
   * account already holds for these posts (a lost answer, a missing or an outdated lockfile).
   */
  private async findDraft(
    batch: Batch,
  ): Promise<{ media_id: string; articleHashes?: string[] | undefined; lockKey?: string } | undefined> {
    const files = batch.articles.map((a) => a.post.file).join('\n');
    const previous = Object.entries(this.state.messages).find(
      ([, message]) =>
        message.target === 'draft' &&
        stillADraft(message) &&
        message.batch === batch.name &&
        message.posts.join('\n') === files,
    );
    if (previous)
      return { media_id: previous[1].media_id, articleHashes: previous[1].articleHashes, lockKey: previous[0] };
    const remote = await this.context.view.findDraft(messageOf(batch).keys);
    if (!remote) return undefined;
    this.context.log.info(
      `batch ${batch.name}: the draft box already holds it (${remote.media_id}); editing it instead of adding another`,
    );
    return { media_id: remote.media_id };
  }

  /** Edits a draft in place, sending only the articles that changed; false when the draft is gone. */
  private async updateDraft(
    draft: { media_id: string; articleHashes?: string[] | undefined },
    batch: Batch,
    articles: ApiArticle[],
  ): Promise<boolean> {
    try {
      for (const [index, article] of articles.entries()) {
        if (draft.articleHashes?.[index] === batch.articles[index]!.contentHash) continue;
        await this.context.client.updateDraft(draft.media_id, index, article as DraftArticle);
      }
      return true;
    } catch (error) {
      // 40007: the draft was published or deleted in the meantime; make a new one.
      if ((error as { errcode?: number }).errcode !== 40007) throw error;
      return false;
    }
  }

  private async remember(
    batch: Batch,
    mediaId: string,
    answer: { created_at?: number | string } | undefined,
    replacedKey: string | undefined,
    ended?: 'draft/add' | 'media/uploadnews',
  ): Promise<void> {
    const publishedAt = new Date(this.now()).toISOString();
    const message = messageOf(batch);
    await this.lock.update(this.account, (account) => {
      if (replacedKey) delete account.messages[replacedKey];
      const record: LockedMessage = {
        target: this.context.target,
        batch: batch.name,
        media_id: mediaId,
        posts: message.files,
        articles: storedKeys(message.keys),
        articleHashes: batch.articles.map((a) => a.contentHash),
        publishedAt,
      };
      if (answer?.created_at !== undefined) record.created_at = answer.created_at;
      if (batch.articles.some((article) => article.type === 'newspic')) record.articleType = 'newspic';
      account.messages[batch.hash] = record;
      if (ended) endCall(account, ended, batch.hash);
      batch.articles.forEach((article, index) => {
        const delivered = account.posts[article.post.file]?.delivered;
        account.posts[article.post.file] = {
          contentHash: article.contentHash,
          messageHash: batch.hash,
          media_id: mediaId,
          index,
          publishedAt,
          ...(delivered ? { delivered } : {}),
        };
      });
    });
  }
}
