import { normalizeThumb, type NormalizedImage } from '../images/normalize.js';
import type { Batch } from '../messages/batches.js';
import type { PreparedArticle, PreparedImage } from '../render/article.js';
import type { ApiArticle, AssetSink } from '../messages/publish-batches.js';
import { normalizeFor } from '../images/convert.js';

/** Told apart by name: the same bytes may be a card's crop, or an animated GIF kept whole. */
const SUFFIXES: Record<PreparedImage['kind'], string> = {
  image: '',
  'miniprogram-card': '-card',
  'animated-gif': '-animated',
};

/** Where the dev server serves the preview's images. */
export const IMAGES_PATH = '/__weixin/images/';

/**
 * The dev server's stand-in for the API: nothing leaves the machine. Each image is converted
 * exactly as it would be before upload (so a conversion failure shows here as in the build) and
 * served from the dev server.
 */
export class DevAssets implements AssetSink {
  readonly mode = 'dry-run';
  private images = new Map<string, Promise<NormalizedImage>>();
  private previous = new Map<string, Promise<NormalizedImage>>();

  /** Starts a new rendering; conversions of images that did not change are kept. */
  reset(): void {
    this.previous = this.images;
    this.images = new Map();
  }

  existingMessage(): undefined {
    return undefined;
  }

  async image(image: PreparedImage): Promise<{ url: string; reused: boolean }> {
    const name = `${image.hash.slice(0, 16)}${SUFFIXES[image.kind]}`;
    return { url: await this.convert(name, () => normalizeFor(image)), reused: false };
  }

  /** An image post's picture: its address on the dev server stands for its media id. */
  async picture(image: PreparedImage): Promise<{ mediaId: string; url: string; reused: boolean }> {
    const { url } = await this.image(image);
    return { mediaId: url, url, reused: false };
  }

  async cover(article: PreparedArticle): Promise<{ mediaId: string; reused: boolean }> {
    const name = `${article.cover.hash.slice(0, 16)}-cover`;
    return {
      mediaId: await this.convert(name, () => article.cover.source.bytes().then(normalizeThumb)),
      reused: false,
    };
  }

  async sendMessage(_batch: Batch, _articles: ApiArticle[]): Promise<{ mediaId: string }> {
    return { mediaId: 'dev-preview' };
  }

  /** The converted image behind a file name this sink gave out (`<hash>.png`), or undefined. */
  async read(file: string): Promise<NormalizedImage | undefined> {
    const match = /^(.+)\.(jpg|png|gif)$/.exec(file);
    const image = match ? await this.images.get(match[1]!)?.catch(() => undefined) : undefined;
    return image && image.extension === match?.[2] ? image : undefined;
  }

  private async convert(name: string, convert: () => Promise<NormalizedImage>): Promise<string> {
    const pending = this.images.get(name) ?? this.previous.get(name) ?? convert();
    this.images.set(name, pending);
    return `${IMAGES_PATH}${name}.${(await pending).extension}`;
  }
}
