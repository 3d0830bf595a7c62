// The upload pool of publishBatches, with a sink that records what runs at once.
import { describe, expect, it } from 'vitest';
import type { Batch } from '../src/messages/batches.js';
import type { PreparedArticle, PreparedImage } from '../src/render/article.js';
import { type ApiArticle, type AssetSink, publishBatches } from '../src/messages/publish-batches.js';

function article(n: number, images: string[]): PreparedArticle {
  return {
    post: { file: `p${n}.md` },
    title: `Post ${n}`,
    html: images.map((hash) => `<img src="asset:${hash}">`).join(''),
    images: images.map(
      (hash) => ({ placeholder: `asset:${hash}`, src: `./${hash}.png`, kind: 'image', hash }) as PreparedImage,
    ),
    cover: { src: `./cover-${n}.jpg`, hash: `cover-${n}` },
    showCoverPic: false,
    needOpenComment: false,
    onlyFansCanComment: false,
  } as unknown as PreparedArticle;
}

/** A sink whose uploads finish in an order of its choosing, counting how many run at once. */
function slowSink(failOn?: string, delayOf = (hash: string) => 30 - Number(hash.slice(1))) {
  let running = 0;
  const seen = { maxRunning: 0, uploads: [] as string[], sent: [] as ApiArticle[][] };
  const work = async (key: string, ms: number) => {
    running += 1;
    seen.maxRunning = Math.max(seen.maxRunning, running);
    await new Promise((resolve) => setTimeout(resolve, ms));
    running -= 1;
    if (key === failOn) throw new Error(`upload of ${key} failed`);
    seen.uploads.push(key);
  };
  const sink: AssetSink = {
    mode: 'api',
    existingMessage: () => undefined,
    // Later images finish first, so the order of the articles cannot come from the order of uploads.
    image: async (image) => {
      await work(image.hash, delayOf(image.hash));
      return { url: `https://mmbiz.example/${image.hash}`, reused: false };
    },
    cover: async (a) => {
      await work(a.cover.hash, 5);
      return { mediaId: `thumb-${a.cover.hash}`, reused: false };
    },
    sendMessage: async (_batch, articles) => {
      seen.sent.push(articles);
      return { mediaId: 'm' };
    },
  };
  return { sink, seen };
}

const batch = (articles: PreparedArticle[]): Batch => ({ name: 'b', hash: 'h', articles });

describe('publishBatches uploads through a bounded pool', () => {
  it('runs at most `concurrency` uploads at once, each distinct image once, and keeps article order', async () => {
    const articles = [0, 1, 2, 3].map((n) => article(n, [`i${n * 3}`, `i${n * 3 + 1}`, `i${n * 3 + 2}`, 'i20']));
    const { sink, seen } = slowSink();
    const [outcome] = await publishBatches([batch(articles)], sink, {}, undefined, 3);
    expect(seen.maxRunning).toBe(3);
    // 12 own images, 1 shared by all four posts, 4 covers.
    expect(seen.uploads).toHaveLength(17);
    expect(outcome).toMatchObject({ imagesUploaded: 13, imagesReused: 3 });
    expect(seen.sent[0]!.map((a) => a.title)).toEqual(['Post 0', 'Post 1', 'Post 2', 'Post 3']);
    expect(seen.sent[0]![1]!.content).toBe(
      '<img src="https://mmbiz.example/i3"><img src="https://mmbiz.example/i4"><img src="https://mmbiz.example/i5"><img src="https://mmbiz.example/i20">',
    );
    expect(seen.sent[0]![2]!.thumb_media_id).toBe('thumb-cover-2');
  });

  it('stops starting uploads after the first failure and sends no message', async () => {
    const articles = [0, 1, 2].map((n) => article(n, [`i${n * 4}`, `i${n * 4 + 1}`, `i${n * 4 + 2}`, `i${n * 4 + 3}`]));
    const { sink, seen } = slowSink('i1');
    await expect(publishBatches([batch(articles)], sink, {}, undefined, 2)).rejects.toThrow('upload of i1 failed');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen.sent).toHaveLength(0);
    // Two ran at once; after i1 failed, only the one already running finished.
    expect(seen.uploads.length).toBeLessThan(3);
  });

  it('starts nothing more when the failure and another upload end in the same tick', async () => {
    const articles = [0, 1, 2].map((n) => article(n, [`i${n * 4}`, `i${n * 4 + 1}`, `i${n * 4 + 2}`, `i${n * 4 + 3}`]));
    const { sink, seen } = slowSink('i1', () => 10);
    await expect(publishBatches([batch(articles)], sink, {}, undefined, 2)).rejects.toThrow('upload of i1 failed');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen.sent).toHaveLength(0);
    // i0 succeeded and freed its slot first, so i2 may have started; nothing after the failure did.
    expect(seen.uploads.filter((key) => key !== 'i0' && key !== 'i2')).toEqual([]);
  });
});
