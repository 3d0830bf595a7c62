import type { ImagePostArticle, NewsArticle } from '@astro-weixin/api';
import pLimit from 'p-limit';
import { replaceAssetPlaceholders } from 'rehype-weixin/placeholders';
import type { Batch } from './batches.js';
import type { DeliveryOutcome } from '../account/lockfile.js';
import type { PreparedArticle, PreparedImage } from '../render/article.js';

/** The article as uploadnews and draft/add take it, or an image post (draft/add only). */
export type ApiArticle = NewsArticle | ImagePostArticle;

/** Whether an article made for the API is an image post. */
export function isImagePost(article: ApiArticle): article is ImagePostArticle {
  return 'article_type' in article && article.article_type === 'newspic';
}

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
  /** What reached readers, when delivery is on: published, sent, or still under way. */
  delivery?: DeliveryOutcome;
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
  /** An image post's picture, as permanent image material: its media id, and where it can be seen. */
  picture(image: PreparedImage): Promise<{ mediaId: string; url: string; reused: boolean }>;
  /** Starts converting what `image` and `cover` will need, ahead of the upload pool. */
  prepare?(image: PreparedImage): void;
  prepareCover?(article: PreparedArticle): void;
  /** A message already made from exactly these articles, if any. */
  existingMessage(batch: Batch): { media_id: string } | undefined;
  sendMessage(batch: Batch, articles: ApiArticle[]): Promise<{ mediaId: string; updated?: boolean }>;
}

/** Sends batches through the sink in order; stops at the first failure with the lockfile up to date. */
export async function publishBatches(
  batches: Batch[],
  sink: AssetSink,
  events: PublishEvents = {},
  deliver?: (batch: Batch, mediaId: string) => Promise<DeliveryOutcome | undefined>,
  concurrency = 6,
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
      if (deliver) setDelivery(outcome, await deliver(batch, outcome.media_id));
      continue;
    }
    const { articles, imagesUploaded, imagesReused } = await uploadAssets(batch, sink, events, concurrency);
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
    if (deliver) setDelivery(outcome, await deliver(batch, outcome.media_id));
  }
  return outcomes;
}

/**
 * Uploads a message's images and covers through a bounded pool (conversion and upload of one image
 * overlap those of the others), each distinct one once; the articles keep their order. The first
 * failure stops what has not started; what finished is already in the lockfile.
 */
async function uploadAssets(
  batch: Batch,
  sink: AssetSink,
  events: PublishEvents,
  concurrency: number,
): Promise<{ articles: ApiArticle[]; imagesUploaded: number; imagesReused: number }> {
  const { once, running } = uploadPool(concurrency);
  // Conversion is CPU work and runs ahead; the pool bounds only the calls in flight.
  for (const article of batch.articles) {
    // An image post's pictures are converted as they go up; it has no cover.
    if (article.type === 'newspic') continue;
    for (const image of article.images) sink.prepare?.(image);
    sink.prepareCover?.(article);
  }
  let imagesUploaded = 0;
  let imagesReused = 0;
  /** One upload through the pool, counted as new or reused and told to `events`. */
  const upload = <T extends { reused: boolean; url: string }>(
    article: PreparedArticle,
    image: PreparedImage,
    key: string,
    task: () => Promise<T>,
  ): Promise<T> => {
    const { result, first } = once(key, task);
    return result.then((answer) => {
      const again = answer.reused || !first;
      if (again) imagesReused += 1;
      else imagesUploaded += 1;
      events.image?.({ article, image, reused: again, url: answer.url });
      return answer;
    });
  };
  const building = Promise.all(
    batch.articles.map(async (article) => {
      if (article.type === 'newspic') {
        const pictures = article.images.filter((image) => image.kind !== 'miniprogram-card');
        const answers = await Promise.all(
          pictures.map((image) => upload(article, image, `picture:${image.hash}`, () => sink.picture(image))),
        );
        return toImagePost(
          article,
          answers.map((answer) => answer.mediaId),
        );
      }
      const images = article.images.map((image) =>
        upload(article, image, `${image.kind}:${image.hash}`, () => sink.image(image)).then(
          ({ url }) => [image.placeholder, url] as const,
        ),
      );
      const cover = once(`cover:${article.cover.hash}`, () => sink.cover(article));
      const [urls, thumb] = await Promise.all([Promise.all(images), cover.result]);
      events.cover?.({ article, reused: thumb.reused || !cover.first, mediaId: thumb.mediaId });
      return toApiArticle(article, replaceAssetPlaceholders(article.html, new Map(urls)), thumb.mediaId);
    }),
  );
  try {
    return { articles: await building, imagesUploaded, imagesReused };
  } catch (error) {
    // Uploads already running finish (and are recorded) before the failure is reported: nothing
    // may write the lockfile once the build has let go of it.
    await Promise.allSettled(running);
    throw error;
  }
}

/**
 * A bounded pool where each key runs once (later askers share its result, `first` false). The first
 * failure clears the queue; `running` holds the tasks the pool actually began, since queued ones
 * are dropped and never settle.
 */
function uploadPool(concurrency: number) {
  const limit = pLimit(concurrency);
  const started = new Map<string, Promise<unknown>>();
  const running = new Set<Promise<unknown>>();
  let failed = false;
  const once = <T>(key: string, task: () => Promise<T>): { result: Promise<T>; first: boolean } => {
    const known = started.get(key) as Promise<T> | undefined;
    if (known) return { result: known, first: false };
    const result = limit(async () => {
      // Marked inside the task, before the pool hears of the failure and starts the next one.
      if (failed) throw new Error('not started: an earlier upload failed');
      const work = task();
      running.add(work);
      try {
        return await work;
      } catch (error) {
        failed = true;
        limit.clearQueue();
        throw error;
      }
    });
    started.set(key, result);
    return { result, first: true };
  };
  return { once, running };
}

function setDelivery(outcome: MessageOutcome, delivery: DeliveryOutcome | undefined): void {
  if (delivery) outcome.delivery = delivery;
}

/** An image post as draft/add takes it: its pictures in the post's order, its text plain, no cover. */
function toImagePost(article: PreparedArticle, mediaIds: string[]): ImagePostArticle {
  return {
    article_type: 'newspic',
    title: article.title,
    content: article.text ?? '',
    image_info: { image_list: mediaIds.map((id) => ({ image_media_id: id })) },
    need_open_comment: article.needOpenComment ? 1 : 0,
    only_fans_can_comment: article.onlyFansCanComment ? 1 : 0,
  };
}

function toApiArticle(article: PreparedArticle, content: string, thumbMediaId: string): NewsArticle {
  const api: NewsArticle = {
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
