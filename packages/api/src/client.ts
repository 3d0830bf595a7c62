/**
 * WeixinClient: the calls a publisher needs, grouped by API area the way co-wechat-api does
 * (core -> media -> drafts -> publishing -> mass messages), plus the credentials check.
 */
import { isAppid } from '@astro-weixin/rules';
import { MassCalls } from './endpoints/mass.js';
import { WeixinApiError, WeixinError } from './errors.js';
import type { CredentialCheck, CredentialVerdict } from './types.js';

type TokenMode = CredentialVerdict['tokenMode'];

/** A failed check, its message carrying the hint so one line says what to fix. */
function failedCheck(name: CredentialCheck['name'], error: unknown, redact: (text: string) => string): CredentialCheck {
  const e = error instanceof WeixinError ? error : undefined;
  const message = e ? e.message : redact(String((error as Error)?.message ?? error));
  return {
    name,
    ok: false,
    message: e?.hint ? `${message}. ${e.hint}` : message,
    ...(error instanceof WeixinApiError ? { errcode: error.errcode } : {}),
    ...(e?.hint ? { hint: e.hint } : {}),
  };
}

function tokenOrigin(mode: TokenMode): string {
  if (mode === 'stable') return 'stable_token';
  if (mode === 'classic') return 'cgi-bin/token (note: each call invalidates the previous token)';
  return 'your token function';
}

export class WeixinClient extends MassCalls {
  /** Fetches a token (bypassing the caches) and says what, if anything, to fix. */
  async checkCredentials(): Promise<CredentialVerdict> {
    const mode: TokenMode = typeof this.options.token === 'function' ? 'function' : (this.options.token ?? 'stable');
    const appidShape = isAppid(this.appid);
    const needsSecret = mode !== 'function';
    const secretOk = !needsSecret || this.secret !== '';
    const checks: CredentialCheck[] = [
      {
        name: 'appid',
        ok: appidShape,
        message: appidShape
          ? `${this.appid}`
          : `"${this.appid}" does not look like an Official Account AppID (wx followed by 16 hexadecimal characters); copy it from the console's Basic configuration page`,
      },
      {
        name: 'secret',
        ok: secretOk,
        message: !needsSecret
          ? 'not needed: tokens come from your token function'
          : secretOk
            ? 'set (not shown)'
            : "missing: set WEIXIN_APPSECRET (or the secret option) to the AppSecret from the console's Basic configuration page",
      },
      { name: 'route', ok: true, message: `${this.baseUrl}, ${this.routeDescription}` },
    ];
    let expiresIn: number | undefined;
    if (!secretOk) {
      checks.push({ name: 'token', ok: false, message: 'not tried: no AppSecret' });
    } else {
      try {
        expiresIn = (await this.tokens.fetchFresh()).expiresIn;
        const valid = expiresIn ? `, valid for ${expiresIn} s` : '';
        checks.push({ name: 'token', ok: true, message: `obtained from ${tokenOrigin(mode)}${valid}` });
        checks.push(await this.checkPermissions());
      } catch (error) {
        checks.push(failedCheck('token', error, (text) => this.redact(text)));
      }
    }
    return {
      ok: checks.every((c) => c.ok),
      appid: this.appid,
      baseUrl: this.baseUrl,
      tokenMode: mode,
      checks,
      ...(expiresIn !== undefined ? { expiresIn } : {}),
    };
  }

  /** Whether the account may call the draft and material APIs: a read that changes nothing. */
  private async checkPermissions(): Promise<CredentialCheck> {
    try {
      const { total_count } = await this.countDrafts();
      const drafts = `${total_count} draft${total_count === 1 ? '' : 's'}`;
      return { name: 'permissions', ok: true, message: `draft box reachable (${drafts})` };
    } catch (error) {
      return failedCheck('permissions', error, (text) => this.redact(text));
    }
  }
}
