import type { Logger } from '../utils/logger.js';
import { plural } from '../utils/plural.js';
import type { LeftOutPost, LeftOutReason } from './posts.js';

/** How each reason reads in the summary, after its count. */
const REASON_WORDS: Record<LeftOutReason, string> = {
  'no `weixin:`': 'without `weixin:`',
  '`weixin: false`': 'with `weixin: false`',
  '`draft: true`': 'with `draft: true`',
  'the `filter` option': 'left out by the `filter` option',
  'invalid front matter': 'with front matter that is not valid YAML',
  'not UTF-8': 'not saved as UTF-8',
};

/**
 * Accounts for every post Astro sees: how many go to WeChat, and why each other one does not (a
 * line per post at debug level, `astro build --verbose`). A post never disappears without a word.
 */
export function reportSelection(
  logger: Pick<Logger, 'info' | 'debug'>,
  selected: number,
  leftOut: readonly LeftOutPost[],
): void {
  for (const post of leftOut) logger.debug(`left out: ${post.file} (${post.reason})`);
  const seen = selected + leftOut.length;
  const counted = countReasons(leftOut);
  if (selected === 0) {
    const detail = seen > 0 ? ` Of the ${plural(seen, 'post')} seen, ${counted}.` : ' No post was found.';
    logger.info(`No post is selected for WeChat: add \`weixin: true\` to a post's front matter.${detail}`);
  } else if (leftOut.length > 0) {
    logger.info(`${plural(selected, 'post')} of ${seen} selected for WeChat; left out: ${counted}.`);
  }
}

function countReasons(leftOut: readonly LeftOutPost[]): string {
  const counts = new Map<LeftOutReason, number>();
  for (const post of leftOut) counts.set(post.reason, (counts.get(post.reason) ?? 0) + 1);
  return [...counts].map(([reason, count]) => `${count} ${REASON_WORDS[reason]}`).join(', ');
}
