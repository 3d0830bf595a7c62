import type { Element, Root } from 'hast';
import { visit } from '../utils/visit.js';
import { createHash } from 'node:crypto';
import type { VFile } from 'vfile';
import { addStyle } from '../css/style.js';
import { weixinData, type WeixinAsset } from '../types.js';

export interface ImagesOptions {
  /** Image hosts WeChat serves itself: such URLs are already usable and stay as they are. */
  keepHosts?: string[];
}

const WEIXIN_IMAGE_HOSTS = ['mmbiz.qpic.cn', 'mmbiz.qlogo.cn'];

/**
 * WeChat shows only images uploaded through media/uploadimg, so every image (and every
 * mini-program card image) becomes an asset to upload, with a placeholder where its URL goes.
 */
export default function rehypeWeixinImages(options: ImagesOptions = {}) {
  const keep = options.keepHosts ?? WEIXIN_IMAGE_HOSTS;
  return (tree: Root, file: VFile): void => {
    const data = weixinData(file);
    const add = (src: string, alt: string, kind: WeixinAsset['kind'], position: WeixinAsset['position']): string => {
      const index = data.assets.length;
      const digest = createHash('sha256')
        .update(`${file.path ?? ''}\0${src}\0${index}`)
        .digest('hex')
        .slice(0, 8);
      const placeholder = `weixin-asset:${index}:${digest}`;
      data.assets.push({ placeholder, src, alt, kind, ...(position ? { position } : {}) });
      return placeholder;
    };
    // canParse first: a relative path (most images) would make URL throw, which is slow.
    const kept = (src: string) => URL.canParse(src) && keep.includes(new URL(src).hostname);
    visit(tree, 'element', (node, index, parent) => {
      if (node.tagName === 'img') {
        const src = typeof node.properties['src'] === 'string' ? node.properties['src'] : '';
        if (!src) {
          file.message('an image without a source is left out', {
            place: node.position,
            ruleId: 'image-without-src',
            source: 'rehype-weixin',
          }).fatal = false;
          // Left out indeed: an empty <img> would show as a broken image, at full size.
          if (parent && index !== undefined) {
            parent.children.splice(index, 1);
            return index;
          }
          return;
        }
        fitToWidth(node);
        if (kept(src)) return;
        node.properties['src'] = add(
          src,
          typeof node.properties['alt'] === 'string' ? node.properties['alt'] : '',
          'image',
          node.position,
        );
      } else if (node.tagName === 'mp-common-miniprogram' || node.tagName === 'mp-miniprogram') {
        const key =
          node.properties['dataMiniprogramImageurl'] !== undefined ? 'dataMiniprogramImageurl' : 'dataProgarmImageurl';
        const src = node.properties[key];
        if (typeof src === 'string' && src && !kept(src)) {
          node.properties[key] = add(
            src,
            String(node.properties['dataMiniprogramTitle'] ?? ''),
            'miniprogram-card',
            node.position,
          );
        }
      }
    });
  };
}

/**
 * The editor scales a wide image down to the phone but keeps its `height` attribute, which
 * distorts it: the size moves into style, never wider than the column, the height following.
 */
function fitToWidth(image: Element): void {
  const width = Number.parseInt(String(image.properties['width'] ?? ''), 10);
  delete image.properties['width'];
  delete image.properties['height'];
  addStyle(image, {
    ...(width > 0 ? { width: `${width}px` } : { width: '100%' }),
    'max-width': '100%',
    height: 'auto',
  });
}

export { replaceAssetPlaceholders } from '../placeholders.js';
