import type { MiniprogramSpec } from './describe.js';

/** How a claimed node turns into hast: mdast-util-to-hast reads these from `node.data`. */
interface HastClaim {
  hName: string;
  hProperties: Record<string, string | string[]>;
  /** Replaces the children (cards); links keep their mdast children (the label). */
  hChildren?: HastChild[];
}

type HastChild =
  | { type: 'text'; value: string }
  | { type: 'element'; tagName: string; properties: Record<string, string | string[]>; children: HastChild[] };

/** The tags of WeChat's documentation (uploadnews, "Note"), attribute order included. */
export function weixinClaim(spec: MiniprogramSpec): HastClaim {
  if (spec.form === 'card') {
    return {
      hName: 'mp-common-miniprogram',
      hProperties: {
        dataMiniprogramAppid: spec.appid,
        dataMiniprogramPath: spec.path,
        dataMiniprogramTitle: spec.title ?? '',
        dataMiniprogramImageurl: spec.imageurl ?? '',
        dataMiniprogramType: 'card',
      },
      hChildren: [],
    };
  }
  return { hName: 'a', hProperties: { dataMiniprogramAppid: spec.appid, dataMiniprogramPath: spec.path, href: '' } };
}

/** The site cannot open a mini-program, so it shows what the reader would find, and where. */
export function webClaim(spec: MiniprogramSpec, hint: string): HastClaim {
  const linkProps = (extra: Record<string, string | string[]>) => (spec.url ? { href: spec.url, ...extra } : extra);
  if (spec.form === 'card') {
    const children: HastChild[] = [];
    if (spec.imageurl)
      children.push({
        type: 'element',
        tagName: 'img',
        properties: { src: spec.imageurl, alt: spec.title ?? '', loading: 'lazy' },
        children: [],
      });
    children.push({
      type: 'element',
      tagName: 'strong',
      properties: { className: ['weixin-miniprogram-title'] },
      children: [{ type: 'text', value: spec.title ?? '' }],
    });
    children.push({
      type: 'element',
      tagName: 'small',
      properties: { className: ['weixin-miniprogram-hint'] },
      children: [{ type: 'text', value: hint }],
    });
    return {
      hName: spec.url ? 'a' : 'div',
      hProperties: linkProps({ className: ['weixin-miniprogram-card'], dataMiniprogramPath: spec.path, title: hint }),
      hChildren: children,
    };
  }
  return {
    hName: spec.url ? 'a' : 'span',
    hProperties: linkProps({ className: ['weixin-miniprogram-link'], title: hint }),
  };
}
