import type { AccountOptions, ResolvedOptions } from './options.js';

/** The accounts listed in `accounts`, in order; empty without it (one account, as `WEIXIN_APPID` says). */
export function accountNames(options: Pick<ResolvedOptions, 'accounts'>): string[] {
  return Object.keys(options.accounts ?? {});
}

/** Where a post without `weixin.account` goes: `defaultAccount`, else the first account listed. */
export function defaultAccountName(options: Pick<ResolvedOptions, 'accounts' | 'defaultAccount'>): string | undefined {
  return options.defaultAccount ?? accountNames(options)[0];
}

/** The environment variables that hold an account's credentials: the name upper-cased, other characters as `_`. */
export function credentialVariables(name: string): { appid: string; secret: string } {
  const suffix = name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  return { appid: `WEIXIN_APPID_${suffix}`, secret: `WEIXIN_APPSECRET_${suffix}` };
}

/**
 * The options one account works with: the top-level ones, with what the account sets instead
 * (`render` merged key by key). Without a name, the top-level options as they are.
 */
export function optionsForAccount(options: ResolvedOptions, name: string | undefined): ResolvedOptions {
  const account: AccountOptions | undefined = name === undefined ? undefined : options.accounts?.[name];
  if (!account) return options;
  const own = Object.fromEntries(Object.entries(account).filter(([, value]) => value !== undefined));
  return { ...options, ...own, render: { ...options.render, ...account.render } };
}
