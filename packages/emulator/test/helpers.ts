// Raw HTTP helpers: the tests talk to the emulator the way any client does, with fetch and FormData.
import { TEST_APP } from '../../../test/helpers/app.js';
import { makeImage } from '../../../test/helpers/images.js';
import type { Emulator } from '../src/index.js';

export interface Answer {
  status: number;
  contentType: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever fields an answer has
  body: Record<string, any>;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type'), body: JSON.parse(text) };
}

export async function get(emu: Emulator, path: string): Promise<Answer> {
  return answer(await fetch(`${emu.url}${path}`));
}

export async function postJson(emu: Emulator, path: string, body: unknown): Promise<Answer> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return answer(
    await fetch(`${emu.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text }),
  );
}

export async function classicToken(emu: Emulator, app = TEST_APP): Promise<string> {
  const { body } = await get(
    emu,
    `/cgi-bin/token?grant_type=client_credential&appid=${app.appid}&secret=${app.secret}`,
  );
  if (!body.access_token) throw new Error(`no token: ${JSON.stringify(body)}`);
  return body.access_token as string;
}

/** POST JSON to an API call with the token. */
export async function call(emu: Emulator, name: string, token: string, body: unknown): Promise<Answer> {
  return postJson(emu, `/cgi-bin/${name}?access_token=${encodeURIComponent(token)}`, body);
}

export interface FilePart {
  bytes: Uint8Array;
  filename: string;
  contentType: string;
  field?: string;
}

export async function upload(
  emu: Emulator,
  name: string,
  token: string,
  file: FilePart,
  extra: Record<string, string> = {},
): Promise<Answer> {
  const form = new FormData();
  form.append(file.field ?? 'media', new Blob([new Uint8Array(file.bytes)], { type: file.contentType }), file.filename);
  for (const [key, value] of Object.entries(extra)) form.append(key, value);
  return answer(
    await fetch(
      `${emu.url}/cgi-bin/${name}${name.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(token)}`,
      { method: 'POST', body: form },
    ),
  );
}

/** Bytes from the shared image maker as a multipart file part, named by their format. */
function filePart(bytes: Uint8Array, format: 'jpeg' | 'png', name = 'image'): FilePart {
  return { bytes, filename: `${name}.${format === 'jpeg' ? 'jpg' : 'png'}`, contentType: `image/${format}` };
}

export const jpeg = async (width: number, height: number, color: string): Promise<FilePart> =>
  filePart(await makeImage(width, height, 'jpeg', { color }), 'jpeg');

export const png = async (width: number, height: number, color: string): Promise<FilePart> =>
  filePart(await makeImage(width, height, 'png', { color }), 'png');

/** Noise compresses badly: a way to get big files of a known format. */
export async function noisy(width: number, height: number, format: 'jpeg' | 'png'): Promise<FilePart> {
  return filePart(await makeImage(width, height, format, { noise: true, quality: 100 }), format, 'noise');
}

export const RID = /rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/;

/** A draft with these articles (title and content default), each with a new permanent thumb. */
export async function addDraft(emu: Emulator, token: string, articles: Record<string, unknown>[]): Promise<string> {
  const thumb = (await upload(emu, 'material/add_material?type=thumb', token, await jpeg(40, 40, '#393'))).body
    .media_id;
  const draft = await call(emu, 'draft/add', token, {
    articles: articles.map((a) => ({ title: 'Title', content: '<p>Hello</p>', thumb_media_id: thumb, ...a })),
  });
  if (!draft.body.media_id) throw new Error(`no draft: ${JSON.stringify(draft.body)}`);
  return draft.body.media_id as string;
}

/** Lets the event loop run (setImmediate, never faked here) until the condition holds. */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
