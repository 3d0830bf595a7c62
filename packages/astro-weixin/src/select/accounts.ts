import { accountNames, defaultAccountName } from '../config/accounts.js';
import type { ResolvedOptions } from '../config/options.js';
import type { ProblemList } from '../utils/problems.js';
import type { SelectedPost } from './posts.js';

/** The posts one account gets; `name` is undefined without `accounts` (the one account of WEIXIN_APPID). */
export interface AccountPostGroup {
  name: string | undefined;
  posts: SelectedPost[];
}

/** The line a post's account choice is written on, for messages. */
export function accountLine(post: Pick<SelectedPost, 'parsed'>): number | undefined {
  return post.parsed.lines.get('weixin.account') ?? post.parsed.lines.get('weixin');
}

/**
 * Which account gets each post: those named in `weixin.account`, else the default account. A name
 * that is not one of `accounts` is an error at its line, and the post goes nowhere.
 */
export function postsByAccount(
  posts: SelectedPost[],
  options: Pick<ResolvedOptions, 'accounts' | 'defaultAccount'>,
  problems: ProblemList,
): AccountPostGroup[] {
  const names = accountNames(options);
  if (names.length === 0) {
    for (const post of posts) {
      if (post.settings.account === undefined) continue;
      problems.error(
        post.file,
        '`weixin.account` chooses among the `accounts` option of astro-weixin, which is not set: list the accounts there, or take `account` out',
        { line: accountLine(post) },
      );
    }
    return [{ name: undefined, posts }];
  }
  const groups = new Map<string, SelectedPost[]>(names.map((name) => [name, []]));
  const fallback = defaultAccountName(options)!;
  for (const post of posts) {
    const chosen = post.settings.account === undefined ? [fallback] : [post.settings.account].flat();
    const unknown = chosen.filter((name) => !groups.has(name));
    if (unknown.length > 0) {
      problems.error(
        post.file,
        `\`weixin.account\`: ${unknown.map((name) => `"${name}"`).join(', ')} ${unknown.length > 1 ? 'are not accounts' : 'is not an account'} of this site (the accounts are ${names.join(', ')})`,
        { line: accountLine(post) },
      );
      continue;
    }
    for (const name of new Set(chosen)) groups.get(name)!.push(post);
  }
  return [...groups].filter(([, members]) => members.length > 0).map(([name, members]) => ({ name, posts: members }));
}
