import type { Root } from 'hast';
import { defaultSchema, sanitize, type Schema } from 'hast-util-sanitize';
import { visit } from '../utils/visit.js';
import type { VFile } from 'vfile';
import { removeBrokenSvg, SVG_ATTRIBUTES, SVG_TAG_NAMES } from '../svg/editor-svg.js';

/** Elements WeChat removes or that have no place in an article; reported so authors know. */
const DROPPED = new Set([
  'script',
  'style',
  'iframe',
  'form',
  'input',
  'button',
  'select',
  'textarea',
  'object',
  'embed',
  'frame',
  'frameset',
  'link',
  'meta',
  'base',
  'canvas',
  'video',
  'audio',
]);

const MINIPROGRAM_ATTRIBUTES = [
  'dataMiniprogramAppid',
  'dataMiniprogramPath',
  'dataMiniprogramTitle',
  'dataMiniprogramImageurl',
  'dataMiniprogramType',
  'dataMiniprogramServicetype',
  'dataProgarmImageurl',
];

/**
 * An allowlist: GitHub's schema (what hast-util-sanitize ships), plus the mini-program tags and
 * their data attributes, `style`, and the inline tags blogs use. Everything else goes, including
 * every event handler and `javascript:` URL.
 */
export const weixinSchema: Schema = {
  ...defaultSchema,
  // No `user-content-` prefixes: WeChat drops ids anyway, and the footnote pass has already run.
  clobberPrefix: '',
  clobber: [],
  // GitHub keeps `input` for task lists; ours are text by now, and WeChat removes inputs.
  tagNames: [
    ...(defaultSchema.tagNames ?? []).filter((name) => name !== 'input'),
    'mp-common-miniprogram',
    'mp-miniprogram',
    'section',
    'mark',
    'abbr',
    'cite',
    'small',
    'u',
    'figure',
    'figcaption',
    'span',
    ...SVG_TAG_NAMES,
  ],
  attributes: {
    ...defaultSchema.attributes,
    '*': [
      ...(defaultSchema.attributes?.['*'] ?? []),
      'style',
      'className',
      'dataWeixinFootnotes',
      'dataWeixinCallout',
      'dataWeixinCalloutTitle',
      'dataWeixinList',
      'dataWeixinListItem',
    ],
    ...Object.fromEntries(SVG_TAG_NAMES.map((name) => [name, SVG_ATTRIBUTES])),
    a: [...(defaultSchema.attributes?.['a'] ?? []), ...MINIPROGRAM_ATTRIBUTES],
    img: [...(defaultSchema.attributes?.['img'] ?? []), 'alt', 'title', 'width', 'height'],
    'mp-common-miniprogram': MINIPROGRAM_ATTRIBUTES,
    'mp-miniprogram': MINIPROGRAM_ATTRIBUTES,
    code: [...(defaultSchema.attributes?.['code'] ?? []), ['className', /^language-./]],
    abbr: ['title'],
    td: ['align', 'style'],
    th: ['align', 'style'],
  },
  protocols: { ...defaultSchema.protocols, href: ['http', 'https', 'mailto', 'tel'] },
  // Mini-program links carry `href=""`, which must stay as the documentation shows it.
  required: Object.fromEntries(Object.entries(defaultSchema.required ?? {}).filter(([name]) => name !== 'input')),
};

export interface SanitizeOptions {
  /** What is kept; `weixinSchema` unless given. */
  schema?: Schema;
  /** Keep inline SVG that follows the editor's rules (no ids, classes, defs, style, foreignObject). */
  keepSvg?: boolean;
}

export default function rehypeWeixinSanitize(options: SanitizeOptions = {}) {
  const keepSvg = options.keepSvg !== false;
  const given = options.schema ?? weixinSchema;
  // Without SVG, the whole drawing goes: unwrapped, its <text> would show as stray words.
  const schema: Schema = keepSvg
    ? given
    : { ...given, tagNames: given.tagNames?.filter((name) => name !== 'svg'), strip: [...(given.strip ?? []), 'svg'] };
  return (tree: Root, file: VFile): Root => {
    if (keepSvg) removeBrokenSvg(tree, file);
    visit(tree, 'element', (node) => {
      const handlers = Object.keys(node.properties).filter((name) => /^on[A-Z]/.test(name));
      const dropped = DROPPED.has(node.tagName) || (!keepSvg && node.tagName === 'svg');
      if (dropped || handlers.length > 0) {
        const what = dropped ? `<${node.tagName}>` : `the ${handlers.join(', ')} handler on <${node.tagName}>`;
        const message = file.message(`${what} is removed: WeChat articles cannot contain it`, {
          place: node.position,
          ruleId: 'removed-element',
          source: 'rehype-weixin',
        });
        message.fatal = false;
      }
    });
    return sanitize(tree, schema) as Root;
  };
}
