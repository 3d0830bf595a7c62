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

/** Collects the problems of one directive. */
interface Report {
  problems: Problem[];
  error(reason: string, ruleId: string): void;
  warn(reason: string, ruleId: string): void;
}

type Attribute = 'appid' | 'path' | 'title' | 'imageurl' | 'url';
/** An attribute's trimmed value, from the directive or else its target; undefined when blank. */
type Pick = (key: Attribute) => string | undefined;

/**
 * Reads one of our directives: which form it is, where it goes, and every mistake in it.
 * Pure, so the remark plugin and the Sätteri plugin share it.
 */
export function describeDirective(
  node: DirectiveLike,
  options: ResolvedOptions,
): { spec?: MiniprogramSpec; problems: Problem[] } {
  const report = newReport();
  const { problems } = report;
  const attributes = node.attributes ?? {};
  const directive = node.type === 'leafDirective' ? `::${options.name}` : `:${options.name}`;

  if (node.type === 'containerDirective') {
    report.error(
      `\`:::${options.name}\` is not a form WeChat has: use \`::${options.name}{…}\` for a card or \`:${options.name}[text]{…}\` for a link`,
      'container',
    );
    return { problems };
  }
  const pick = attributeReader(attributes, directive, options, report);
  if (!pick) return { problems };
  const { appid, path } = checkAddress(pick, directive, options, report);
  const form = formOf(node, directive, report);
  if (!form) return { problems };
  const title = pick('title');
  const imageurl = pick('imageurl');
  if (form === 'card') checkCard(title, imageurl, options, report);

  if (problems.some((p) => p.severity === 'error') || !appid || !path) return { problems };
  const spec: MiniprogramSpec = { form, appid, path };
  if (title) spec.title = title;
  if (imageurl) spec.imageurl = imageurl;
  const url = pick('url');
  if (url) spec.url = url;
  return { spec, problems };
}

function newReport(): Report {
  const problems: Problem[] = [];
  return {
    problems,
    error: (reason, ruleId) => problems.push({ reason, ruleId, severity: 'error' }),
    warn: (reason, ruleId) => problems.push({ reason, ruleId, severity: 'warning' }),
  };
}

/** Warns of unknown attributes and reads the rest, with the target's values under them; undefined for an unknown target. */
function attributeReader(
  attributes: NonNullable<DirectiveLike['attributes']>,
  directive: string,
  options: ResolvedOptions,
  report: Report,
): Pick | undefined {
  for (const key of Object.keys(attributes)) {
    if (!KNOWN.has(key))
      report.warn(
        `unknown attribute \`${key}\` on \`${directive}\` (known: ${[...KNOWN].join(', ')})`,
        'unknown-attribute',
      );
  }
  const targetName = attributes['target'] ?? undefined;
  const target = targetName ? options.targets[targetName] : undefined;
  if (targetName && !target) {
    const names = Object.keys(options.targets);
    report.error(
      `unknown target \`${targetName}\`${names.length > 0 ? ` (known: ${names.join(', ')})` : ': define it in the `targets` option'}`,
      'unknown-target',
    );
    return undefined;
  }
  return (key) => {
    const value = attributes[key] ?? target?.[key];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
}

/** The mini-program and page to open, each reported when missing or malformed. */
function checkAddress(
  pick: Pick,
  directive: string,
  options: ResolvedOptions,
  report: Report,
): { appid?: string; path?: string } {
  const appid = pick('appid') ?? options.appid;
  if (!appid)
    report.error(
      `\`${directive}\` has no appid: add \`appid=wx…\`, a \`target=\`, or set the \`appid\` option`,
      'missing-appid',
    );
  else if (!isAppid(appid))
    report.error(
      `appid \`${appid}\` is not a mini-program appid (\`wx\` followed by 16 hexadecimal characters)`,
      'invalid-appid',
    );
  const path = pick('path');
  if (!path)
    report.error(`\`${directive}\` has no path: add \`path=pages/…\` (the mini-program page to open)`, 'missing-path');
  return { ...(appid ? { appid } : {}), ...(path ? { path } : {}) };
}

/** A leaf directive is a card; a text directive a text or image link, by its label; undefined without a label. */
function formOf(node: DirectiveLike, directive: string, report: Report): Form | undefined {
  if (node.type === 'leafDirective') {
    if (node.children.length > 0)
      report.warn('a card has no label: the text in `[…]` is ignored; set `title=` instead', 'card-label');
    return 'card';
  }
  if (node.children.length === 0) {
    report.error(
      `\`${directive}\` needs a label: \`${directive}[text]{…}\` for a text link, \`${directive}[![alt](image)]{…}\` for an image link`,
      'missing-label',
    );
    return undefined;
  }
  return node.children.some((child) => child.type === 'image') ? 'image-link' : 'text-link';
}

/** A card needs a title WeChat can show whole, and a cover image. */
function checkCard(
  title: string | undefined,
  imageurl: string | undefined,
  options: ResolvedOptions,
  report: Report,
): void {
  if (!title) report.error('a mini-program card needs `title=`', 'card-missing-title');
  else if ([...title].length > CARD_TITLE_MAX) {
    const reason = `the card title is ${[...title].length} characters; WeChat shows at most ${CARD_TITLE_MAX}`;
    // The site has no such limit, so only a WeChat article fails on it (unless the author allows it).
    if (options.mode === 'web' || options.allowLongCardTitle) report.warn(reason, 'card-long-title');
    else report.error(`${reason}: shorten \`title=\` or set \`allowLongCardTitle\``, 'card-long-title');
  }
  if (!imageurl)
    report.error('a mini-program card needs `imageurl=` (an image, shown at 1080x864)', 'card-missing-imageurl');
}
