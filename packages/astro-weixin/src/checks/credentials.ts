import { AstroError } from 'astro/errors';
import type { AccountPosts } from '../context.js';
import { accountKey } from '../config/settings.js';
import { accountLine } from '../select/accounts.js';
import { formatProblem, type Problem } from '../utils/problems.js';
import { plural } from '../utils/plural.js';

/**
 * In a build that publishes, an account with posts but no credentials is an error at its first
 * post, naming the variables to set: its posts would otherwise stay behind without a word.
 */
export function checkCredentials(accounts: AccountPosts[]): void {
  const problems: Problem[] = accounts
    .filter((account) => !account.settings.credentials)
    .map((account) => {
      const { variables } = account.settings;
      const first = account.articles[0]!.post;
      const options =
        account.name === undefined ? 'the appid/secret options' : `\`accounts.${account.name}.appid\`/\`secret\``;
      const which = account.name === undefined ? 'the account' : `account "${account.name}"`;
      return {
        file: first.file,
        ...(accountLine(first) === undefined ? {} : { line: accountLine(first)! }),
        severity: 'error',
        message: `${which} has no credentials, and ${plural(account.articles.length, 'post')} go to it: set ${variables.appid} and ${variables.secret} (environment or .env), or ${options}`,
      };
    });
  if (problems.length > 0) {
    throw new AstroError(
      `${plural(problems.length, 'account')} without credentials in a build that publishes; nothing was uploaded:\n${problems.map(formatProblem).join('\n')}`,
      'Set the variables named above for every account that has posts, or take the posts out of that account.',
    );
  }
  checkDistinct(accounts);
}

/** Two names for one appid would share its lockfile section and deliver its posts twice. */
function checkDistinct(accounts: AccountPosts[]): void {
  const seen = new Map<string, string>();
  for (const account of accounts) {
    const key = accountKey(account.settings);
    const other = seen.get(key);
    if (other !== undefined) {
      throw new AstroError(
        `accounts "${other}" and "${account.name}" have the same appid; nothing was uploaded.`,
        'Give each account its own Official Account, or list it once and name it in the posts of both.',
      );
    }
    seen.set(key, account.name ?? '');
  }
}
