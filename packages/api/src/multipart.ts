/**
 * multipart/form-data with one file in the field `media`, serialised by Node's FormData (the
 * filename and content type travel on the part). Serialised once into bytes, so retries and the
 * token replay send the same body, with a known length, through any fetch.
 */

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

export async function multipartFile(file: WeixinFile, field = 'media'): Promise<MultipartBody> {
  if (!file || typeof file.filename !== 'string' || file.filename === '')
    throw new TypeError('file.filename is required (WeChat rejects parts without one)');
  if (typeof file.contentType !== 'string' || file.contentType === '')
    throw new TypeError('file.contentType is required (image/jpeg, image/png, …)');
  if (!(file.data instanceof Uint8Array || file.data instanceof Blob))
    throw new TypeError('file.data must be a Uint8Array (Buffer) or a Blob');
  const form = new FormData();
  // A new Blob carries the content type we were given, whatever type a Blob passed in had.
  form.append(field, new Blob([file.data as BlobPart], { type: file.contentType }), file.filename);
  const response = new Response(form);
  return {
    body: new Uint8Array(await response.arrayBuffer()),
    contentType: response.headers.get('content-type') ?? 'multipart/form-data',
  };
}
