/**
 * The core every endpoint group builds on: options, redaction, tokens, the route, and `api()`,
 * one call with the access token that is replayed once with a new token if WeChat rejects it.
 */
import { inspect } from 'node:util';
import { isSafeToRetry, type WeixinCall } from './calls.js';
import { WeixinApiError, WeixinConfigError } from './errors.js';
import { type MultipartBody, multipartFile, type WeixinFile } from './multipart.js';
import type { WeixinClientOptions } from './options.js';
import { chooseRoute, type Route } from './proxy.js';
import { Redactor } from './redact.js';
import { type RetryPolicy, retryPolicy, SlowDown, withRetries } from './retry.js';
import { fromFunction, TokenManager, type TokenSource } from './token/manager.js';
import { cacheKey, TokenFileCache } from './token/file-cache.js';
import { classicTokenSource, stableTokenSource, type TokenCallContext } from './token/calls.js';
import { type Answer, type Exchange, exchange } from './transport.js';
import type { DraftArticle, ImagePostArticle, NewsArticle, WeixinLogger } from './types.js';
import { validateArticles } from './validate.js';

/** Errcodes that mean "this token is no good": fetch another and replay the call once. */
const TOKEN_REJECTED = new Set([40001, 40014, 41001, 42001]);

const DEFAULT_BASE = 'https://api.weixin.qq.com';

export interface CallInit {
  method: 'GET' | 'POST';
  query?: Record<string, string>;
  json?: unknown;
  file?: WeixinFile;
}

export class WeixinCore {
  readonly appid: string;
  readonly baseUrl: string;
  protected readonly secret: string;
  protected readonly options: WeixinClientOptions;
  protected readonly tokens: TokenManager;
  protected readonly log: Required<WeixinLogger>;
  private readonly redactor = new Redactor();
  private readonly route: Route;
  private readonly fetchImpl: typeof globalThis.fetch;
  private readonly retry: RetryPolicy;
  /** Shared by every call of this client: a slow-down answer pauses them all. */
  private readonly slowDown = new SlowDown();
  private readonly now: () => number;

  constructor(options: WeixinClientOptions) {
    if (!options || typeof options.appid !== 'string' || options.appid === '')
      throw new WeixinConfigError('WeixinClient needs an appid');
    this.options = options;
    this.appid = options.appid;
    this.secret = options.secret ?? '';
    this.baseUrl = (options.baseUrl ?? DEFAULT_BASE).replace(/\/+$/, '');
    this.now = options.now ?? Date.now;
    this.redactor.add(this.secret);
    const redact = this.redactor.redact;
    const logger = options.logger ?? {};
    // Every log line goes through redaction, whoever wrote it.
    this.log = {
      debug: (message) => logger.debug?.(redact(message)),
      info: (message) => logger.info?.(redact(message)),
      warn: (message) => logger.warn?.(redact(message)),
    };
    this.retry = retryPolicy(options.retries, options.maxRetryWaitMs);
    this.route = chooseRoute(this.baseUrl, options.proxy, options.env ?? process.env);
    this.fetchImpl = options.fetch ?? this.route.fetch ?? globalThis.fetch;
    this.tokens = new TokenManager({
      source: this.tokenSource(),
      marginMs: options.tokenMarginMs ?? 300_000,
      now: this.now,
      onToken: (token) => this.redactor.add(token),
      log: this.log,
      ...(options.tokenCacheFile
        ? {
            cache: {
              file: new TokenFileCache(options.tokenCacheFile, this.now),
              key: cacheKey(this.appid, this.baseUrl),
            },
          }
        : {}),
    });
  }

  /** What logging or printing a client shows: never the secret, the tokens or the options. */
  toJSON(): Record<string, unknown> {
    return { appid: this.appid, baseUrl: this.baseUrl, token: this.tokens.kind, route: this.route.description };
  }

  [inspect.custom](): string {
    return `WeixinClient ${inspect(this.toJSON())}`;
  }

  /** How calls travel: 'direct' or the proxy (credentials masked). */
  get routeDescription(): string {
    return this.route.description;
  }

  /** Masks this client's secret, its tokens and anything credential-like. */
  redact(text: string): string {
    return this.redactor.redact(text);
  }

  /** The current access token (fetched or refreshed as needed), for calls this client does not wrap. */
  getAccessToken(): Promise<string> {
    return this.tokens.get();
  }

  /** Checks articles before uploadnews and draft calls, unless `validate: false`. */
  protected validate(
    articles: readonly (NewsArticle | DraftArticle | ImagePostArticle)[],
    kind: 'news' | 'draft',
  ): void {
    if (this.options.validate === false) return;
    validateArticles(articles, { kind, ...(this.options.limits ? { limits: this.options.limits } : {}) });
  }

  /** A call with the access token: replayed once with a new token if WeChat rejects the token. */
  protected async api<T>(call: WeixinCall, init: CallInit): Promise<T> {
    // The multipart body is built once: retries and the token replay send the same bytes.
    const multipart = init.file ? await multipartFile(init.file) : undefined;
    let token = await this.tokens.get();
    let replayed = false;
    for (;;) {
      try {
        return (await this.send(call, init, multipart, token)) as T;
      } catch (error) {
        if (!replayed && error instanceof WeixinApiError && TOKEN_REJECTED.has(error.errcode)) {
          replayed = true;
          token = await this.tokens.replaceRejected(token, error.errcode);
          this.log.info(`${call}: replaying once with a new access token`);
          continue;
        }
        throw error;
      }
    }
  }

  private send(call: WeixinCall, init: CallInit, multipart: MultipartBody | undefined, token: string): Promise<Answer> {
    const url = new URL(`${this.baseUrl}/cgi-bin/${call}`);
    url.searchParams.set('access_token', token);
    for (const [key, value] of Object.entries(init.query ?? {})) url.searchParams.set(key, value);
    const headers: Record<string, string> = {};
    let body: Uint8Array | string | undefined;
    if (multipart) {
      headers['content-type'] = multipart.contentType;
      body = multipart.body;
    } else if (init.json !== undefined) {
      headers['content-type'] = 'application/json; charset=utf-8';
      // Raw UTF-8, not \u escapes: WeChat stores escapes in article text literally.
      body = JSON.stringify(init.json);
    }
    const timeoutMs = multipart ? (this.options.uploadTimeoutMs ?? 120_000) : (this.options.timeoutMs ?? 30_000);
    return this.exchangeWithRetries({
      call,
      method: init.method,
      url: url.toString(),
      headers,
      ...(body !== undefined ? { body } : {}),
      timeoutMs,
      safe: isSafeToRetry(call),
    });
  }

  private exchangeWithRetries(request: Exchange): Promise<Answer> {
    const transport = {
      fetch: this.fetchImpl,
      ...(this.route.dispatcher ? { dispatcher: this.route.dispatcher } : {}),
      redact: this.redactor.redact,
      now: this.now,
      debug: this.log.debug,
    };
    return withRetries(request.call, () => exchange(request, transport), this.retry, this.log.warn, this.slowDown);
  }

  private tokenSource(): TokenSource {
    const mode = this.options.token ?? 'stable';
    if (typeof mode === 'function') return fromFunction(mode);
    const context: TokenCallContext = {
      appid: this.appid,
      secret: this.secret,
      baseUrl: this.baseUrl,
      timeoutMs: this.options.timeoutMs ?? 30_000,
      send: (request) => this.exchangeWithRetries(request),
      remember: (token) => this.redactor.add(token),
    };
    if (mode === 'classic') return classicTokenSource(context);
    if (mode === 'stable') return stableTokenSource(context);
    throw new WeixinConfigError(`token must be 'stable', 'classic' or a function, not ${JSON.stringify(mode)}`);
  }
}
