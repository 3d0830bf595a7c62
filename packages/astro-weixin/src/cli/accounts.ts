import { accountNames, optionsForAccount } from '../config/accounts.js';
import type { ResolvedOptions } from '../config/options.js';
import { accountKey, type PublishingSettings, publishingSettings } from '../config/settings.js';

/** One account a CLI command works on: its name (undefined without `accounts`), options and credentials. */
export interface CliAccount {
  name: string | undefined;
  options: ResolvedOptions;
  settings: PublishingSettings;
  /** Its section in the lockfile; undefined when its appid is not known here. */
  key: string | undefined;
}

/**
 * The accounts `--account NAME` picks: that one, or every account listed, or the one account of
 * WEIXIN_APPID without `accounts`. A name that is not an account answers with the reason.
 */
export function cliAccounts(
  options: ResolvedOptions,
  env: Record<string, string | undefined>,
  wanted: string | undefined,
): CliAccount[] | string {
  const names = accountNames(options);
  if (wanted !== undefined && !names.includes(wanted)) {
    return names.length === 0
      ? `--account ${wanted}: this site has no \`accounts\` option; leave --account out`
      : `--account ${wanted}: not one of this site's accounts (${names.join(', ')})`;
  }
  const chosen = wanted !== undefined ? [wanted] : names.length > 0 ? names : [undefined];
  return chosen.map((name) => {
    const accountOptions = optionsForAccount(options, name);
    const settings = publishingSettings(accountOptions, env, name);
    return { name, options: accountOptions, settings, key: settings.appid ? accountKey(settings) : undefined };
  });
}

/** How a CLI line names an account: nothing without `accounts`. */
export function accountPrefix(account: Pick<CliAccount, 'name'>): string {
  return account.name === undefined ? '' : `${account.name}: `;
}
