import { ApiError } from './errors.js';

export interface UploadedFile {
  bytes: Uint8Array;
  filename: string;
  contentType: string;
}

export interface UploadForm {
  /** The file in the `media` field, if there was one. */
  media?: UploadedFile;
  /** Plain text fields (add_material's video `description` arrives as one in some SDKs). */
  fields: Map<string, string>;
  /** Names of file fields other than `media`, to explain a 41005. */
  otherFileFields: string[];
}

/**
 * Parses a multipart/form-data body with the platform's rules: the file must be in the field named
 * `media` and carry a filename. Anything else is "media data missing" (41005), the error peers hit
 * most when a client names the field `file`.
 */
export async function parseUpload(body: Buffer, contentType: string | undefined): Promise<UploadForm> {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) {
    throw new ApiError(41005, undefined, `expected multipart/form-data, got ${contentType ?? 'no content type'}`);
  }
  let form: FormData;
  try {
    // Node's own fetch implementation parses multipart; no dependency needed.
    form = await new Request('http://emulator.local/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: new Uint8Array(body),
    }).formData();
  } catch (error) {
    throw new ApiError(41005, undefined, `unreadable multipart body: ${(error as Error).message}`);
  }
  const fields = new Map<string, string>();
  const otherFileFields: string[] = [];
  let media: UploadedFile | undefined;
  for (const [name, value] of form) {
    if (typeof value === 'string') {
      if (name === 'media')
        throw new ApiError(41005, undefined, 'the media field is a plain text field, not a file (no filename)');
      fields.set(name, value);
    } else if (name === 'media') {
      media ??= { bytes: new Uint8Array(await value.arrayBuffer()), filename: value.name, contentType: value.type };
    } else {
      otherFileFields.push(name);
    }
  }
  return media ? { media, fields, otherFileFields } : { fields, otherFileFields };
}
