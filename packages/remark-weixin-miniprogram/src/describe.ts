import { CARD_TITLE_MAX, isAppid } from '@astro-weixin/rules';
import type { ResolvedOptions } from './options.js';

/** The shape of a directive node both remark and Sätteri give us (mdast-util-directive). */
export interface DirectiveLike {
  type: 'textDirective' | 'leafDirective' | 'containerDirective';
  name: string;
  attributes?: Record<string, string | null | undefined> | null;
  children: ReadonlyArray<{ type: string; url?: string; alt?: string | null; value?: string; children?: unknown[] }>;
}

type Form = 'card' | 'text-link' | 'image-link';

/** What a directive asks for, after targets and defaults are applied. */
export interface MiniprogramSpec {
  form: Form;
  appid: string;
  path: string;
  title?: string;
  imageurl?: string;
  url?: string;
}

interface Problem {
  reason: string;
  ruleId: string;
  severity: 'error' | 'warning';
}

const KNOWN = new Set(['appid', 'path', 'title', 'imageurl', 'target', 'url']);

/**
 * Reads one of our directives: which form it is, where it goes, and every mistake in it.
 * Pure, so the remark plugin and the Sätteri plugin share it.
 */
export function describeDirective(
  node: DirectiveLike,
  options: ResolvedOptions,
): { spec?: MiniprogramSpec; problems: Problem[] } {
  const problems: Problem[] = [];
  const error = (reason: string, ruleId: string) => problems.push({ reason, ruleId, severity: 'error' });
  const warn = (reason: string, ruleId: string) => problems.push({ reason, ruleId, severity: 'warning' });
  const attributes = node.attributes ?? {};
  const directive = node.type === 'leafDirective' ? `::${options.name}` : `:${options.name}`;

  if (node.type === 'containerDirective') {
    error(
      `\`:::${options.name}\` is not a form WeChat has: use \`::${options.name}{…}\` for a card or \`:${options.name}[text]{…}\` for a link`,
      'container',
    );
    return { problems };
  }

  for (const key of Object.keys(attributes)) {
    if (!KNOWN.has(key))
      warn(`unknown attribute \`${key}\` on \`${directive}\` (known: ${[...KNOWN].join(', ')})`, 'unknown-attribute');
  }
  const targetName = attributes['target'] ?? undefined;
  const target = targetName ? options.targets[targetName] : undefined;
  if (targetName && !target) {
    const names = Object.keys(options.targets);
    error(
      `unknown target \`${targetName}\`${names.length > 0 ? ` (known: ${names.join(', ')})` : ': define it in the `targets` option'}`,
      'unknown-target',
    );
    return { problems };
  }
  const pick = (key: 'appid' | 'path' | 'title' | 'imageurl' | 'url'): string | undefined => {
    const value = attributes[key] ?? target?.[key];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };

  const appid = pick('appid') ?? options.appid;
  if (!appid)
    error(
      `\`${directive}\` has no appid: add \`appid=wx…\`, a \`target=\`, or set the \`appid\` option`,
      'missing-appid',
    );
  else if (!isAppid(appid))
    error(
      `appid \`${appid}\` is not a mini-program appid (\`wx\` followed by 16 hexadecimal characters)`,
      'invalid-appid',
    );
  const path = pick('path');
  if (!path)
    error(`\`${directive}\` has no path: add \`path=pages/…\` (the mini-program page to open)`, 'missing-path');

  let form: Form;
  if (node.type === 'leafDirective') {
    form = 'card';
    if (node.children.length > 0)
      warn('a card has no label: the text in `[…]` is ignored; set `title=` instead', 'card-label');
  } else if (node.children.length === 0) {
    error(
      `\`${directive}\` needs a label: \`${directive}[text]{…}\` for a text link, \`${directive}[![alt](image)]{…}\` for an image link`,
      'missing-label',
    );
    return { problems };
  } else {
    form = node.children.some((child) => child.type === 'image') ? 'image-link' : 'text-link';
  }

  const title = pick('title');
  const imageurl = pick('imageurl');
  if (form === 'card') {
    if (!title) error('a mini-program card needs `title=`', 'card-missing-title');
    else if ([...title].length > CARD_TITLE_MAX) {
      const reason = `the card title is ${[...title].length} characters; WeChat shows at most ${CARD_TITLE_MAX}`;
      // The site has no such limit, so only a WeChat article fails on it (unless the author allows it).
      if (options.mode === 'web' || options.allowLongCardTitle) warn(reason, 'card-long-title');
      else error(`${reason}: shorten \`title=\` or set \`allowLongCardTitle\``, 'card-long-title');
    }
    if (!imageurl)
      error('a mini-program card needs `imageurl=` (an image, shown at 1080x864)', 'card-missing-imageurl');
  }

  if (problems.some((p) => p.severity === 'error') || !appid || !path) return { problems };
  const spec: MiniprogramSpec = { form, appid, path };
  if (title) spec.title = title;
  if (imageurl) spec.imageurl = imageurl;
  const url = pick('url');
  if (url) spec.url = url;
  return { spec, problems };
}
