/** The real emulator for tests that need a WeChat-like server, and what those tests share. */
import { type Emulator, startEmulator } from '@astro-weixin/emulator';
import { TEST_APP } from '../../../../test/helpers/app.js';
import { makeImage } from '../../../../test/helpers/images.js';
import { WeixinClient, type WeixinClientOptions } from '../../src/index.js';

/** Retries without waiting: backoff timing is tested with fake timers elsewhere. */
const NO_WAIT = { retries: { retries: 2, baseDelayMs: 0, maxDelayMs: 0 } } as const;

export function start(options: Parameters<typeof startEmulator>[0] = {}): Promise<Emulator> {
  return startEmulator({ port: 0, apps: [TEST_APP], ...options });
}

export function clientFor(emulator: Emulator, extra: Partial<WeixinClientOptions> = {}): WeixinClient {
  return new WeixinClient({ ...TEST_APP, baseUrl: emulator.url, ...NO_WAIT, ...extra });
}

/** Requests the emulator answered for one call. */
export const callsTo = (emulator: Emulator, call: string) => emulator.requests.filter((r) => r.call === call);

/** A token fetched the way another system sharing the account would (force: it replaces ours). */
export async function otherSystemToken(emulator: Emulator, force: boolean): Promise<string> {
  const response = await fetch(`${emulator.url}/cgi-bin/stable_token`, {
    method: 'POST',
    body: JSON.stringify({ grant_type: 'client_credential', ...TEST_APP, force_refresh: force }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

/** A port nothing listens on: connections to it are refused. */
export async function closedUrl(): Promise<string> {
  const emulator = await start();
  await emulator.close();
  return emulator.url;
}

let images: { png: Uint8Array; jpeg: Uint8Array } | undefined;

/** A real PNG body image and a real JPEG cover, which the emulator checks byte by byte. */
export async function pictures() {
  images ??= {
    png: await makeImage(40, 30, 'png', { color: '#3a7' }),
    jpeg: await makeImage(120, 60, 'jpeg', { color: '#a37' }),
  };
  return {
    image: { data: images.png, filename: 'a.png', contentType: 'image/png' },
    thumb: { data: images.jpeg, filename: 't.jpg', contentType: 'image/jpeg' },
  };
}

export function article(thumb_media_id: string, title = 'Happy Day') {
  return {
    thumb_media_id,
    author: 'xxx',
    title,
    content_source_url: 'www.qq.com',
    content: 'content',
    digest: 'digest',
    show_cover_pic: 1 as const,
    need_open_comment: 1 as const,
    only_fans_can_comment: 1 as const,
  };
}
