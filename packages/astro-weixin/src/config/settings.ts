import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { AstroError } from 'astro/errors';
import { type Deliver, deliverSchema, deliveryProblem, type ResolvedOptions } from './options.js';
import { credentialVariables } from './accounts.js';

const REAL_API_BASE = 'https://api.weixin.qq.com';

/** WEIXIN_* variables from the environment, then from the project's .env files (never printed). */
export function readEnv(
  root: string,
  env: Record<string, string | undefined> = process.env,
): Record<string, string | undefined> {
  const merged: Record<string, string | undefined> = {};
  for (const name of ['.env', '.env.local', '.env.production', '.env.production.local']) {
    try {
      Object.assign(merged, parseEnv(readFileSync(path.join(root, name), 'utf8')));
    } catch {
      // A missing .env file is the usual case.
    }
  }
  for (const [key, value] of Object.entries(env)) if (value !== undefined) merged[key] = value;
  return Object.fromEntries(Object.entries(merged).filter(([key]) => key.startsWith('WEIXIN_')));
}

export type PublishingSettings = ReturnType<typeof publishingSettings>;

/**
 * Where and whether to publish: credentials, API origin, the switch and the lockfile. With an
 * account's name (from `accounts`), its credentials come from its options or WEIXIN_APPID_<NAME>.
 */
export function publishingSettings(
  options: ResolvedOptions,
  env: Record<string, string | undefined>,
  account?: string | undefined,
) {
  const variables =
    account === undefined ? { appid: 'WEIXIN_APPID', secret: 'WEIXIN_APPSECRET' } : credentialVariables(account);
  const appid = options.appid ?? env[variables.appid];
  const secret = options.secret ?? env[variables.secret];
  const apiBase = env['WEIXIN_API_BASE'] ?? options.apiBase ?? REAL_API_BASE;
  const switchedOn = options.publish ?? ['1', 'true', 'yes'].includes((env['WEIXIN_PUBLISH'] ?? '').toLowerCase());
  const hasToken = typeof options.token === 'function';
  const credentials = Boolean(appid && (secret || hasToken));
  const lockfile = env['WEIXIN_LOCKFILE'] ?? options.lockfile;
  return { account, variables, appid, secret, apiBase, switchedOn, credentials, lockfile };
}

/** The lockfile's key for an account: its appid, and the API origin when it is not WeChat's own (the emulator). */
export function accountKey(settings: { appid?: string | undefined; apiBase: string }): string {
  return settings.apiBase === REAL_API_BASE ? settings.appid! : `${settings.appid}@${new URL(settings.apiBase).host}`;
}

/** Delivery as configured: the option, else WEIXIN_DELIVER; a wrong combination says what to change. */
export function resolveDelivery(
  options: ResolvedOptions,
  env: Record<string, string | undefined>,
): { deliver: Deliver; confirmNeverSent: boolean } {
  const fromEnv = env['WEIXIN_DELIVER'];
  let deliver: Deliver = options.deliver ?? 'none';
  if (options.deliver === undefined && fromEnv) {
    const parsed = deliverSchema.safeParse(fromEnv);
    if (!parsed.success) {
      throw new AstroError(
        `WEIXIN_DELIVER is "${fromEnv}", which astro-weixin does not know.`,
        'Set it to none, publish or sendall (or leave it unset).',
      );
    }
    deliver = parsed.data;
  }
  const problem = deliveryProblem(deliver, options);
  if (problem) {
    const source = options.deliver === undefined && fromEnv ? `WEIXIN_DELIVER=${fromEnv}` : 'the deliver option';
    throw new AstroError(`Invalid astro-weixin options: ${problem}.`, `Delivery was asked for by ${source}.`);
  }
  const confirm = ['1', 'true', 'yes'].includes((env['WEIXIN_CONFIRM_NEVER_SENT'] ?? '').toLowerCase());
  return { deliver, confirmNeverSent: options.confirmNeverSent || confirm };
}
