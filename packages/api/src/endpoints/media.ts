/** Uploads: body images, temporary media and permanent material, each one multipart file in `media`. */
import { WeixinCore } from '../core.js';
import { WeixinConfigError } from '../errors.js';
import type { WeixinFile } from '../multipart.js';
import type {
  AddMaterialResult,
  MediaType,
  UploadImageResult,
  UploadMediaResult,
  UploadThumbResult,
} from '../types.js';

export class MediaCalls extends WeixinCore {
  /** media/uploadimg: an image for article bodies (JPG/PNG under 1 MB) -> `{ url }`. */
  uploadImage(file: WeixinFile): Promise<UploadImageResult> {
    return this.api<UploadImageResult>('media/uploadimg', { method: 'POST', file });
  }

  /** media/upload?type=thumb: a temporary cover (JPG ≤ 64 KB, 3 days) -> `{ type, thumb_media_id, created_at }`. */
  uploadThumb(file: WeixinFile): Promise<UploadThumbResult> {
    return this.uploadMedia('thumb', file) as Promise<UploadThumbResult>;
  }

  /** media/upload?type=…: temporary media (expires after 3 days). */
  uploadMedia(type: MediaType, file: WeixinFile): Promise<UploadMediaResult> {
    return this.api<UploadMediaResult>('media/upload', { method: 'POST', query: { type }, file });
  }

  /** material/add_material?type=image|thumb: permanent material (drafts need a permanent thumb) -> `{ media_id, url? }`. */
  addMaterial(type: 'image' | 'thumb', file: WeixinFile): Promise<AddMaterialResult> {
    if (type !== 'image' && type !== 'thumb')
      throw new WeixinConfigError(`addMaterial takes 'image' or 'thumb', not ${JSON.stringify(type)}`);
    return this.api<AddMaterialResult>('material/add_material', { method: 'POST', query: { type }, file });
  }
}
