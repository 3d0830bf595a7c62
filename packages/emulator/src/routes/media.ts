import { ApiError } from '../errors.js';
import type { Limits } from '../limits.js';
import { parseUpload, type UploadedFile, type UploadForm } from '../multipart.js';
import { randomId } from '../random.js';
import { mmbizFormat, sniff, type MediaFormat, type Sniffed } from '../sniff.js';
import type { MaterialRecord, MediaRecord } from '../store.js';
import { appid, seconds, type ApiEnv, type CallContext, type Route } from './context.js';

interface FileRule {
  formats: MediaFormat[];
  extensions: string[];
  maxBytes: number;
  /** Errcode when too big: uploadimg says "invalid file size", media calls "media size out of limit". */
  sizeErrcode: number;
}

async function mediaFile(
  ctx: CallContext,
  rule: FileRule,
): Promise<{ file: UploadedFile; sniffed: Sniffed; form: UploadForm }> {
  const form = await parseUpload(ctx.body, ctx.contentType);
  if (!form.media) {
    const seen = [...form.otherFileFields, ...form.fields.keys()];
    throw new ApiError(
      41005,
      undefined,
      `no file in the field named "media"${seen.length ? ` (fields sent: ${seen.join(', ')})` : ''}`,
    );
  }
  const file = form.media;
  if (file.bytes.length === 0) throw new ApiError(44001, undefined, `${file.filename || 'the file'} is empty`);
  // The platform goes by the file name's extension as well as the bytes (a Blob named "blob" fails).
  const extension = /\.([a-z0-9]+)$/i.exec(file.filename)?.[1]?.toLowerCase();
  if (!extension || !rule.extensions.includes(extension)) {
    throw new ApiError(
      40005,
      undefined,
      `file name ${JSON.stringify(file.filename)}: the extension must be one of ${rule.extensions.join(', ')}`,
    );
  }
  const sniffed = sniff(file.bytes);
  if (!sniffed || !rule.formats.includes(sniffed.format)) {
    throw new ApiError(
      40005,
      undefined,
      `the bytes are ${sniffed?.format ?? 'not a known format'}; allowed: ${rule.formats.join(', ')}`,
    );
  }
  if (file.bytes.length > rule.maxBytes) {
    throw new ApiError(rule.sizeErrcode, undefined, `${file.bytes.length} bytes, over the limit of ${rule.maxBytes}`);
  }
  return { file, sniffed, form };
}

type MediaType = 'image' | 'thumb' | 'voice' | 'video';

function mediaRule(type: MediaType, limits: Limits, permanent: boolean): FileRule {
  switch (type) {
    case 'image':
      return {
        formats: ['jpeg', 'png', 'gif', 'bmp'],
        extensions: ['jpg', 'jpeg', 'png', 'gif', 'bmp'],
        maxBytes: permanent ? limits.materialImageMaxBytes : limits.tempImageMaxBytes,
        sizeErrcode: 45001,
      };
    case 'thumb':
      return { formats: ['jpeg'], extensions: ['jpg', 'jpeg'], maxBytes: limits.thumbMaxBytes, sizeErrcode: 45001 };
    case 'voice':
      return {
        formats: ['mp3', 'amr'],
        extensions: ['mp3', 'amr'],
        maxBytes: limits.voiceMaxBytes,
        sizeErrcode: 45001,
      };
    case 'video':
      return { formats: ['mp4'], extensions: ['mp4'], maxBytes: limits.videoMaxBytes, sizeErrcode: 45001 };
  }
}

function mediaType(ctx: CallContext): MediaType {
  const type = ctx.query.get('type');
  if (type === 'image' || type === 'thumb' || type === 'voice' || type === 'video') return type;
  throw new ApiError(40004, undefined, `type=${JSON.stringify(type)}; expected image, thumb, voice or video`);
}

/** An mmbiz-shaped URL on the emulator's own origin, so pages can load what was uploaded. */
function imageUrl(env: ApiEnv, format: MediaFormat): { id: string; url: string } {
  const id = randomId(54);
  const { dir, fmt } = mmbizFormat(format);
  return { id, url: `${env.baseUrl()}/${dir}/${id}/0?wx_fmt=${fmt}` };
}

function fileFields(ctx: CallContext, env: ApiEnv, file: UploadedFile, sniffed: Sniffed) {
  return {
    appid: appid(ctx),
    format: sniffed.format,
    size: file.bytes.length,
    filename: file.filename,
    contentType: file.contentType,
    ...(sniffed.width !== undefined ? { width: sniffed.width, height: sniffed.height! } : {}),
    created_at: seconds(env),
    bytes: Buffer.from(file.bytes),
  };
}

export const mediaRoutes: Record<string, Route> = {
  'media/uploadimg': {
    method: 'POST',
    auth: true,
    async handler(ctx, env) {
      const { file, sniffed } = await mediaFile(ctx, {
        formats: ['jpeg', 'png'],
        extensions: ['jpg', 'jpeg', 'png'],
        maxBytes: env.limits.uploadImgMaxBytes,
        sizeErrcode: 40006,
      });
      const { id, url } = imageUrl(env, sniffed.format);
      env.store.images.push({ id, url, ...fileFields(ctx, env, file, sniffed) });
      return { url };
    },
  },

  'media/upload': {
    method: 'POST',
    auth: true,
    async handler(ctx, env) {
      const type = mediaType(ctx);
      const { file, sniffed } = await mediaFile(ctx, mediaRule(type, env.limits, false));
      const record: MediaRecord = {
        media_id: randomId(64),
        type,
        ...fileFields(ctx, env, file, sniffed),
        expires_at: seconds(env) + env.limits.mediaTtlSeconds,
      };
      env.store.media.push(record);
      // The platform names the id field thumb_media_id for thumbs.
      return type === 'thumb'
        ? { type, thumb_media_id: record.media_id, created_at: record.created_at }
        : { type, media_id: record.media_id, created_at: record.created_at };
    },
  },

  'material/add_material': {
    method: 'POST',
    auth: true,
    async handler(ctx, env) {
      const type = mediaType(ctx);
      const { file, sniffed, form } = await mediaFile(ctx, mediaRule(type, env.limits, true));
      const record: MaterialRecord = { media_id: randomId(43), type, ...fileFields(ctx, env, file, sniffed) };
      if (type === 'image' || type === 'thumb') Object.assign(record, imageUrl(env, sniffed.format));
      if (type === 'video') {
        // Some SDKs send the description as a form field, others as a query parameter.
        const text = form.fields.get('description') ?? ctx.query.get('description');
        if (!text) throw new ApiError(40097, undefined, 'a video needs a description {"title","introduction"}');
        try {
          record.description = JSON.parse(text);
        } catch {
          throw new ApiError(47001, undefined, 'description is not JSON');
        }
      }
      env.store.materials.push(record);
      return record.url ? { media_id: record.media_id, url: record.url } : { media_id: record.media_id };
    },
  },
};
