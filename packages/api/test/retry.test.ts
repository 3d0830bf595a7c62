// Which failures are repeated, how often and after how long. Fault matrix on the real emulator;
// backoff timing, timeouts and 45011 on an injected fetch with fake timers (no real waiting).
import type { Emulator } from '@astro-weixin/emulator';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WeixinApiError, WeixinClient, WeixinHttpError, type WeixinClientOptions } from '../src/index.js';
import { article, callsTo, clientFor, closedUrl, pictures, start } from './helpers/emulator.js';
import { canned, hang } from './helpers/fetch.js';
import { TEST_APP } from '../../../test/helpers/app.js';
import { capturingLogger } from '../../../test/helpers/logger.js';

const TRANSIENT = ['busy', 'drop', 'http', 'malformed'] as const;

describe('against the emulator', () => {
  let emulator: Emulator;
  beforeEach(async () => {
    emulator = await start();
  });
  afterEach(() => emulator.close());

  describe('safe calls are retried with backoff', () => {
    for (const kind of TRANSIENT) {
      it(`uploadimg after ${kind} twice`, async () => {
        const lines: string[] = [];
        const logger = capturingLogger(lines);
        const { image } = await pictures();
        emulator.faults.add({ kind, call: 'media/uploadimg', count: 2 });
        await expect(clientFor(emulator, { logger }).uploadImage(image)).resolves.toHaveProperty('url');
        expect(callsTo(emulator, 'media/uploadimg')).toHaveLength(3);
        expect(lines.filter((l) => l.startsWith('warn') && l.includes('retrying'))).toHaveLength(2);
      });
    }

    it('the token call after a dropped connection', async () => {
      emulator.faults.add({ kind: 'drop', call: 'stable_token', count: 1 });
      await expect(clientFor(emulator).countDrafts()).resolves.toEqual({ total_count: 0 });
      expect(callsTo(emulator, 'stable_token')).toHaveLength(2);
    });

    it('the reads: draft/get, draft/batchget, freepublish/get', async () => {
      const client = clientFor(emulator);
      const { thumb } = await pictures();
      const { media_id: thumbId } = await client.addMaterial('thumb', thumb);
      const { media_id } = await client.addDraft([article(thumbId)]);
      emulator.faults.add({ kind: 'http', call: 'draft/get', count: 1 });
      expect((await client.getDraft(media_id)).news_item).toHaveLength(1);
      emulator.faults.add({ kind: 'drop', call: 'draft/batchget', count: 1 });
      expect((await client.listDrafts()).item[0]?.media_id).toBe(media_id);
      const { publish_id } = await client.submitPublish(media_id);
      emulator.faults.add({ kind: 'busy', call: 'freepublish/get', count: 1 });
      expect((await client.getPublish(publish_id)).publish_status).toBe(1);
      expect(callsTo(emulator, 'draft/get')).toHaveLength(2);
      expect(callsTo(emulator, 'freepublish/get')).toHaveLength(2);
      expect(callsTo(emulator, 'draft/batchget')).toHaveLength(2);
    });

    it('gives up after the bounded attempts with the last error, not maybeCommitted', async () => {
      const { image } = await pictures();
      emulator.faults.add({ kind: 'busy', call: 'media/uploadimg' });
      const error = (await clientFor(emulator)
        .uploadImage(image)
        .catch((e: unknown) => e)) as WeixinApiError;
      expect(error).toBeInstanceOf(WeixinApiError);
      expect(error.errcode).toBe(-1);
      expect(error.maybeCommitted).toBe(false);
      expect(error.hint).toMatch(/busy/);
      expect(callsTo(emulator, 'media/uploadimg')).toHaveLength(3);
    });

    it('retries: 0 turns retrying off', async () => {
      const { image } = await pictures();
      emulator.faults.add({ kind: 'busy', call: 'media/uploadimg', count: 1 });
      await expect(clientFor(emulator, { retries: 0 }).uploadImage(image)).rejects.toBeInstanceOf(WeixinApiError);
      expect(callsTo(emulator, 'media/uploadimg')).toHaveLength(1);
    });

    it('a permanent error (40005) is not retried', async () => {
      const { image } = await pictures();
      emulator.faults.add({ kind: 'error', call: 'media/uploadimg', errcode: 40005, count: 1 });
      await expect(clientFor(emulator).uploadImage(image)).rejects.toMatchObject({
        errcode: 40005,
        rid: expect.any(String),
      });
      expect(callsTo(emulator, 'media/uploadimg')).toHaveLength(1);
    });
  });

  describe('calls that create something are not repeated after sending', () => {
    /** Each unsafe call, with what it needs already on the emulator. */
    async function unsafeCalls(client: WeixinClient): Promise<[string, () => Promise<unknown>][]> {
      const { thumb } = await pictures();
      const { media_id: thumbId } = await client.addMaterial('thumb', thumb);
      const { media_id: news } = await client.uploadNews([article(thumbId)]);
      const { media_id: draft } = await client.addDraft([article(thumbId)]);
      return [
        ['media/uploadnews', () => client.uploadNews([article(thumbId)])],
        ['draft/add', () => client.addDraft([article(thumbId)])],
        ['freepublish/submit', () => client.submitPublish(draft)],
        ['message/mass/preview', () => client.previewNews({ media_id: news, touser: 'oFollower' })],
        ['message/mass/sendall', () => client.sendAll(news, { clientmsgid: 'post-1' })],
      ];
    }

    for (const kind of TRANSIENT) {
      it(`after ${kind}: one request each, maybeCommitted, and the hint says to check`, async () => {
        const client = clientFor(emulator, { allowMassSend: true });
        for (const [call, run] of await unsafeCalls(client)) {
          emulator.faults.add({ kind, call, count: 1 });
          const before = callsTo(emulator, call).length;
          const error = (await run().catch((e: unknown) => e)) as WeixinApiError | WeixinHttpError;
          expect(error instanceof WeixinApiError || error instanceof WeixinHttpError, call).toBe(true);
          expect(error).toMatchObject({ call, maybeCommitted: true });
          expect(error.message).toMatch(/may have taken effect/);
          expect(error.hint).toMatch(/check the draft box or the material list/);
          expect(callsTo(emulator, call).length - before, call).toBe(1);
        }
      });
    }

    it('a definite refusal (45166) is not maybeCommitted', async () => {
      emulator.faults.add({ kind: 'error', call: 'media/uploadnews', errcode: 45166, errmsg: 'invalid content' });
      const error = (await clientFor(emulator, { validate: false })
        .uploadNews([article('m')])
        .catch((e: unknown) => e)) as WeixinApiError;
      expect(error.errcode).toBe(45166);
      expect(error.maybeCommitted).toBe(false);
      expect(error.hint).toMatch(/outside site/);
    });
  });
});

it('a connection that could not be made is retried even for uploadnews (nothing was sent)', async () => {
  const lines: string[] = [];
  const logger = capturingLogger(lines);
  const client = new WeixinClient({
    appid: TEST_APP.appid,
    baseUrl: await closedUrl(),
    retries: { retries: 2, baseDelayMs: 0 },
    logger,
    token: async () => 'TOKEN-offline-abcdef',
  });
  const error = (await client.uploadNews([article('m')]).catch((e: unknown) => e)) as WeixinHttpError;
  expect(error).toBeInstanceOf(WeixinHttpError);
  expect(error).toMatchObject({ kind: 'connect', code: 'ECONNREFUSED', maybeCommitted: false });
  expect(lines.filter((l) => l.includes('retrying'))).toHaveLength(2);
});

describe('on a clock the test moves', () => {
  const PNG = { data: new Uint8Array([1, 2, 3]), filename: 'a.png', contentType: 'image/png' };
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function setup(answers: Parameters<typeof canned>[0], extra: Partial<WeixinClientOptions> = {}) {
    const net = canned(answers);
    return { net, client: new WeixinClient({ ...TEST_APP, fetch: net.fetch, ...extra }) };
  }

  /** Lets pending I/O callbacks and promise chains run (setImmediate is not faked): no clock moves. */
  async function flush(): Promise<void> {
    for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
  }

  async function tick(ms: number): Promise<void> {
    await flush();
    await vi.advanceTimersByTimeAsync(ms);
    await flush();
  }

  /** Requests counted after the clock moved by each step in turn. */
  async function countsAfter(steps: number[], run: Promise<unknown>, count: () => number): Promise<number[]> {
    const counts: number[] = [];
    for (const ms of steps) {
      await tick(ms);
      counts.push(count());
    }
    await run;
    return counts;
  }

  it('waits baseDelayMs × factor^n, scaled by the injected jitter (0.5 + random/2)', async () => {
    let busy = 2;
    const answers = { 'media/uploadimg': () => (busy-- > 0 ? { errcode: -1, errmsg: 'system error' } : { url: 'u' }) };
    const low = setup(answers, { retries: { baseDelayMs: 1000, random: () => 0 } });
    const run = low.client.uploadImage(PNG);
    // random 0: 500 ms, then 1000 ms.
    expect(await countsAfter([0, 499, 1, 999, 1], run, () => low.net.calls('media/uploadimg').length)).toEqual([
      1, 1, 2, 2, 3,
    ]);

    busy = 2;
    const high = setup(answers, { retries: { baseDelayMs: 1000, random: () => 1 } });
    const again = high.client.uploadImage(PNG);
    // random 1: the full 1000 ms, then 2000 ms.
    expect(await countsAfter([0, 999, 1, 1999, 1], again, () => high.net.calls('media/uploadimg').length)).toEqual([
      1, 1, 2, 2, 3,
    ]);
  });

  it('one busy answer pauses every call of the client, not only the one that got it', async () => {
    let busy = 1;
    const answers = {
      'media/uploadimg': () => (busy-- > 0 ? { errcode: -1, errmsg: 'system error' } : { url: 'u' }),
      'media/upload': { type: 'thumb', thumb_media_id: 't', created_at: 1 },
    };
    const { client, net } = setup(answers, { retries: { baseDelayMs: 1000, random: () => 1 } });
    const image = client.uploadImage(PNG);
    await tick(0);
    // The thumb is asked for while the image waits out WeChat's "busy": it waits too.
    const thumb = client.uploadThumb({
      data: new Uint8Array([0xff, 0xd8, 0xff]),
      filename: 't.jpg',
      contentType: 'image/jpeg',
    });
    const count = () => net.calls('media/uploadimg').length + net.calls('media/upload').length;
    expect(await countsAfter([0, 999, 1], Promise.all([image, thumb]), count)).toEqual([1, 1, 3]);
  });

  it('a delay never exceeds maxDelayMs', async () => {
    const { client, net } = setup(
      { 'media/uploadimg': { errcode: -1, errmsg: 'system error' } },
      { retries: { retries: 3, baseDelayMs: 1000, factor: 10, maxDelayMs: 1500, random: () => 1 } },
    );
    const run = client.uploadImage(PNG).catch((e: unknown) => e);
    expect(await countsAfter([0, 1000, 1500, 1500], run, () => net.calls('media/uploadimg').length)).toEqual([
      1, 2, 3, 4,
    ]);
  });

  it('a safe call that times out is retried, then fails as a timeout', async () => {
    const { client, net } = setup({ 'media/uploadimg': hang }, { uploadTimeoutMs: 50, retries: { baseDelayMs: 0 } });
    const run = client.uploadImage(PNG).catch((e: unknown) => e);
    // Three attempts of 50 ms each; the 0 ms backoff timers run on the next step.
    for (const ms of [50, 1, 50, 1, 50]) await tick(ms);
    const error = (await run) as WeixinHttpError;
    expect(error).toBeInstanceOf(WeixinHttpError);
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/within 50 ms/);
    expect(error.maybeCommitted).toBe(false);
    expect(net.calls('media/uploadimg')).toHaveLength(3);
  });

  it('a slow answer within the timeout succeeds', async () => {
    const late = (ms: number) => () =>
      new Promise<Record<string, unknown>>((resolve) => setTimeout(() => resolve({ url: 'ok' }), ms));
    const { client, net } = setup({ 'media/uploadimg': late(999) }, { uploadTimeoutMs: 1000 });
    const run = client.uploadImage(PNG);
    await tick(999);
    await expect(run).resolves.toEqual({ url: 'ok' });
    expect(net.calls('media/uploadimg')).toHaveLength(1);
  });

  it('uploadnews that times out is not repeated and may have been committed', async () => {
    const { client, net } = setup({ 'media/uploadnews': hang }, { timeoutMs: 50 });
    const run = client.uploadNews([article('m')]).catch((e: unknown) => e);
    await tick(50);
    expect(await run).toMatchObject({ kind: 'timeout', maybeCommitted: true });
    expect(net.calls('media/uploadnews')).toHaveLength(1);
  });

  describe('45011 (minute quota)', () => {
    const TOO_OFTEN = { errcode: 45011, errmsg: 'api minute-quota reach limit  mustslower  retry next minute' };

    it('is thrown at once when maxRetryWaitMs does not allow the wait', async () => {
      const { client, net } = setup({ 'media/uploadimg': TOO_OFTEN });
      const error = (await client.uploadImage(PNG).catch((e: unknown) => e)) as WeixinApiError;
      expect(error.errcode).toBe(45011);
      expect(error.hint).toMatch(/at least 60 seconds/);
      expect(net.calls('media/uploadimg')).toHaveLength(1);
    });

    it('is waited out (rateLimitWaitMs) when maxRetryWaitMs allows it, even for uploadnews', async () => {
      let first = true;
      const { client, net } = setup(
        {
          'media/uploadnews': () => {
            if (!first) return { type: 'news', media_id: 'N2', created_at: '1391857799' };
            first = false;
            return TOO_OFTEN;
          },
        },
        { maxRetryWaitMs: 60_000 },
      );
      const run = client.uploadNews([article('m')]);
      expect(await countsAfter([0, 59_999, 1], run, () => net.calls('media/uploadnews').length)).toEqual([1, 1, 2]);
      expect(await run).toEqual({ type: 'news', media_id: 'N2', created_at: '1391857799' });
    });
  });
});
