import type { Root } from 'hast';
import { defaultSchema, sanitize, type Schema } from 'hast-util-sanitize';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

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
  'svg',
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
  ],
  attributes: {
    ...defaultSchema.attributes,
    '*': [...(defaultSchema.attributes?.['*'] ?? []), 'style', 'className', 'dataWeixinFootnotes'],
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
  schema?: Schema;
}

export default function rehypeWeixinSanitize(options: SanitizeOptions = {}) {
  const schema = options.schema ?? weixinSchema;
  return (tree: Root, file: VFile): Root => {
    visit(tree, 'element', (node) => {
      const handlers = Object.keys(node.properties).filter((name) => /^on[A-Z]/.test(name));
      if (DROPPED.has(node.tagName) || handlers.length > 0) {
        const what = DROPPED.has(node.tagName)
          ? `<${node.tagName}>`
          : `the ${handlers.join(', ')} handler on <${node.tagName}>`;
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
