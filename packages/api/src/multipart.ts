/**
 * multipart/form-data with one file in the field `media`, built by hand: the bytes are exactly
 * what WeChat expects (filename and content type on the part), the body has a known length, and
 * any fetch (Node's, undici's for proxies, an injected one) can send it.
 */
import { randomBytes } from 'node:crypto';

/** A file to upload. `data` may be a Buffer, any Uint8Array or a Blob. */
export interface WeixinFile {
  data: Uint8Array | Blob;
  filename: string;
  contentType: string;
}

export interface MultipartBody {
  body: Uint8Array;
  contentType: string;
}

/** Quotes in a header parameter are percent-encoded and line breaks dropped, as browsers do. */
function headerValue(value: string): string {
  return value.replace(/\r\n|\r|\n/g, ' ').replaceAll('"', '%22');
}

async function toBytes(data: Uint8Array | Blob): Promise<Uint8Array> {
  if (data instanceof Uint8Array) return data;
  if (typeof Blob !== 'undefined' && data instanceof Blob) return new Uint8Array(await data.arrayBuffer());
  throw new TypeError('file.data must be a Uint8Array (Buffer) or a Blob');
}

export async function multipartFile(file: WeixinFile, field = 'media'): Promise<MultipartBody> {
  if (!file || typeof file.filename !== 'string' || file.filename === '')
    throw new TypeError('file.filename is required (WeChat rejects parts without one)');
  if (typeof file.contentType !== 'string' || file.contentType === '')
    throw new TypeError('file.contentType is required (image/jpeg, image/png, …)');
  const data = await toBytes(file.data);
  const boundary = `----weixin-api-${randomBytes(12).toString('hex')}`;
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  parts.push(
    encoder.encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="${headerValue(field)}"; filename="${headerValue(file.filename)}"\r\n` +
        `Content-Type: ${headerValue(file.contentType)}\r\n\r\n`,
    ),
  );
  parts.push(data);
  parts.push(encoder.encode(`\r\n--${boundary}--\r\n`));
  const length = parts.reduce((sum, part) => sum + part.byteLength, 0);
  const body = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    body.set(part, offset);
    offset += part.byteLength;
  }
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}
