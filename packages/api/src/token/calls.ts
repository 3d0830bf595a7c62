/**
 * The two token calls WeChat offers, as token sources: stable_token (POST, JSON body, shared live
 * token) and the classic cgi-bin/token (GET, secret in the query). Both are safe to repeat.
 */
import { WeixinConfigError, WeixinHttpError } from '../errors.js';
import type { TokenAnswer, TokenSource } from './manager.js';
import type { Answer, Exchange } from '../transport.js';

export interface TokenCallContext {
  appid: string;
  secret: string;
  baseUrl: string;
  timeoutMs: number;
  /** Sends one exchange with retries. */
  send(request: Exchange): Promise<Answer>;
  /** Remembers a token so redaction masks it. */
  remember(token: string): void;
}

function requireSecret(context: TokenCallContext, call: string): void {
  if (context.secret) return;
  throw new WeixinConfigError(
    `${call} needs the AppSecret: set the secret option (WEIXIN_APPSECRET) or give a token function`,
    { call, hint: "Set WEIXIN_APPSECRET to the AppSecret from the console's Basic configuration page." },
  );
}

function tokenAnswer(context: TokenCallContext, call: 'stable_token' | 'token', answer: Answer): TokenAnswer {
  const token = answer['access_token'];
  if (typeof token !== 'string' || token === '') {
    throw new WeixinHttpError(`${call}: the answer has no access_token`, {
      kind: 'malformed',
      call,
      hint: 'Something other than WeChat may be answering: check baseUrl and the proxy.',
    });
  }
  context.remember(token);
  const expires = Number(answer['expires_in']);
  return { access_token: token, ...(Number.isFinite(expires) && expires > 0 ? { expires_in: expires } : {}) };
}

export function stableTokenSource(context: TokenCallContext): TokenSource {
  return {
    kind: 'stable',
    async fetch(forceRefresh) {
      requireSecret(context, 'stable_token');
      const json = {
        grant_type: 'client_credential',
        appid: context.appid,
        secret: context.secret,
        force_refresh: forceRefresh,
      };
      const answer = await context.send({
        call: 'stable_token',
        method: 'POST',
        url: `${context.baseUrl}/cgi-bin/stable_token`,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(json),
        timeoutMs: context.timeoutMs,
        safe: true,
      });
      return tokenAnswer(context, 'stable_token', answer);
    },
  };
}

export function classicTokenSource(context: TokenCallContext): TokenSource {
  return {
    kind: 'classic',
    async fetch() {
      requireSecret(context, 'token');
      const url = new URL(`${context.baseUrl}/cgi-bin/token`);
      url.searchParams.set('grant_type', 'client_credential');
      url.searchParams.set('appid', context.appid);
      url.searchParams.set('secret', context.secret);
      const answer = await context.send({
        call: 'token',
        method: 'GET',
        url: url.toString(),
        timeoutMs: context.timeoutMs,
        safe: true,
      });
      return tokenAnswer(context, 'token', answer);
    },
  };
}
