/**
 * WeixinClient: the calls a publisher needs, with tokens, retries, validation and redaction
 * handled once here.
 */
import { inspect } from 'node:util';
import { isSafeToRetry, type WeixinCall } from './calls.js';
import { WeixinApiError, WeixinConfigError, WeixinError, WeixinHttpError } from './errors.js';
import { multipartFile, type MultipartBody, type WeixinFile } from './multipart.js';
import { chooseRoute, type Route } from './proxy.js';
import { Redactor } from './redact.js';
import { TokenFileCache, cacheKey } from './token-cache.js';
import { TokenManager, fromFunction, type TokenAnswer, type TokenFunction, type TokenSource } from './token.js';
import { exchange, retryClass, type Answer } from './transport.js';
import type {
  AddDraftResult,
  AddMaterialResult,
  CredentialCheck,
  CredentialVerdict,
  DraftArticle,
  GetDraftResult,
  GetPublishResult,
  MediaType,
  NewsArticle,
  NumberOrString,
  OkAnswer,
  PreviewResult,
  PreviewTarget,
  SendAllOptions,
  SendAllResult,
  SubmitPublishResult,
  UploadImageResult,
  UploadMediaResult,
  UploadNewsResult,
  UploadThumbResult,
  WeixinLogger,
} from './types.js';
import { type ArticleLimits, isAppid } from '@astro-weixin/rules';
import { validateArticles } from './validate.js';

export interface RetryOptions {
  /** Repeats after the first attempt (default 2: three attempts in all). 0 turns retrying off. */
  retries?: number;
  /** First backoff delay (default 500 ms), multiplied by `factor` (2) each time, with jitter. */
  baseDelayMs?: number;
  factor?: number;
  /** Cap for one backoff delay (default 8000 ms). */
  maxDelayMs?: number;
  /** How long 45011 (minute quota) makes us wait (default 60,000 ms; WeChat asks for at least 60 s). */
  rateLimitWaitMs?: number;
}

export interface WeixinClientOptions {
  appid: string;
  /** The AppSecret. Needed unless `token` is a function. */
  secret?: string;
  /** Default https://api.weixin.qq.com; the emulator's URL in tests. */
  baseUrl?: string;
  /** 'stable' (default): cgi-bin/stable_token; 'classic': cgi-bin/token; or a function of yours. */
  token?: 'stable' | 'classic' | TokenFunction;
  /** Keep tokens in this file between runs (mode 0600, keyed by appid and baseUrl). */
  tokenCacheFile?: string;
  /** Refresh this long before expiry (default 300,000 ms). */
  tokenMarginMs?: number;
  /** For JSON calls (default 30,000 ms). */
  timeoutMs?: number;
  /** For uploads (default 120,000 ms). */
  uploadTimeoutMs?: number;
  /** A number is `{ retries: n }`. */
  retries?: number | RetryOptions;
  /**
   * The longest single wait the client may take by itself (default 0). 45011 asks for 60 s: it is
   * waited out only when this is at least `rateLimitWaitMs`; otherwise the error is thrown.
   */
  maxRetryWaitMs?: number;
  /** Proxy URL for every call (for a whitelisted IP). Otherwise HTTPS_PROXY/HTTP_PROXY/NO_PROXY if set. */
  proxy?: string;
  /** A fetch to use instead of Node's (tests, instrumentation). */
  fetch?: typeof globalThis.fetch;
  logger?: WeixinLogger;
  /** sendAll reaches every follower and cannot be undone: off unless set. */
  allowMassSend?: boolean;
  /** Limits for validateArticles before uploadNews/addDraft/updateDraft. */
  limits?: Partial<ArticleLimits>;
  /** Validate articles before sending (default true). */
  validate?: boolean;
  /** Clock, for tests. */
  now?: () => number;
  /** Environment for proxy variables (default process.env). */
  env?: Record<string, string | undefined>;
}

/** Errcodes that mean "this token is no good": fetch another and replay the call once. */
const TOKEN_REJECTED = new Set([40001, 40014, 41001, 42001]);

const DEFAULT_BASE = 'https://api.weixin.qq.com';

interface CallInit {
  method: 'GET' | 'POST';
  query?: Record<string, string>;
  json?: unknown;
  file?: WeixinFile;
}

export class WeixinClient {
  readonly appid: string;
  readonly baseUrl: string;
  private readonly secret: string;
  private readonly options: WeixinClientOptions;
  private readonly redactor = new Redactor();
  private readonly tokens: TokenManager;
  private readonly route: Route;
  private readonly fetchImpl: typeof globalThis.fetch;
  private readonly retry: Required<RetryOptions>;
  private readonly now: () => number;
  private readonly log: Required<WeixinLogger>;

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
    const retries = typeof options.retries === 'number' ? { retries: options.retries } : (options.retries ?? {});
    this.retry = {
      retries: Math.max(0, Math.floor(retries.retries ?? 2)),
      baseDelayMs: retries.baseDelayMs ?? 500,
      factor: retries.factor ?? 2,
      maxDelayMs: retries.maxDelayMs ?? 8000,
      rateLimitWaitMs: retries.rateLimitWaitMs ?? 60_000,
    };
    this.route = chooseRoute(this.baseUrl, options.proxy, options.env ?? process.env);
    this.fetchImpl = options.fetch ?? this.route.fetch ?? globalThis.fetch;

    const mode = options.token ?? 'stable';
    let source: TokenSource;
    if (typeof mode === 'function') source = fromFunction(mode);
    else if (mode === 'classic') source = { kind: 'classic', fetch: () => this.fetchClassicToken() };
    else if (mode === 'stable') source = { kind: 'stable', fetch: (force) => this.fetchStableToken(force) };
    else throw new WeixinConfigError(`token must be 'stable', 'classic' or a function, not ${JSON.stringify(mode)}`);
    this.tokens = new TokenManager({
      source,
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

  // ---- uploads -------------------------------------------------------------------------------

  /** media/uploadimg: an image for article bodies (JPG/PNG under 1 MB) -> `{ url }`. */
  uploadImage(file: WeixinFile): Promise<UploadImageResult> {
    return this.api<UploadImageResult>('media/uploadimg', { method: 'POST', file });
  }

  /** media/upload?type=thumb: a temporary cover (JPG ≤ 64 KB, 3 days) -> `{ type, thumb_media_id, created_at }`. */
  uploadThumb(file: WeixinFile): Promise<UploadThumbResult> {
    return this.uploadMedia('thumb', file) as Promise<UploadThumbResult>;
  }

  /** media/upload?type=…: temporary media (expires after 3 days). */
  uploadMedia(type: MediaType, file: WeixinFile): Promise<UploadMediaResult> {
    return this.api<UploadMediaResult>('media/upload', { method: 'POST', query: { type }, file });
  }

  /** material/add_material?type=image|thumb: permanent material (drafts need a permanent thumb) -> `{ media_id, url? }`. */
  addMaterial(type: 'image' | 'thumb', file: WeixinFile): Promise<AddMaterialResult> {
    if (type !== 'image' && type !== 'thumb')
      throw new WeixinConfigError(`addMaterial takes 'image' or 'thumb', not ${JSON.stringify(type)}`);
    return this.api<AddMaterialResult>('material/add_material', { method: 'POST', query: { type }, file });
  }

  // ---- graphic messages and drafts -------------------------------------------------------------

  /** media/uploadnews: 1 to 8 articles -> `{ type: 'news', media_id, created_at }`. Never retried after sending. */
  async uploadNews(articles: NewsArticle[]): Promise<UploadNewsResult> {
    this.check(articles, 'news');
    return this.api<UploadNewsResult>('media/uploadnews', { method: 'POST', json: { articles } });
  }

  /** draft/add: 1 to 8 articles with permanent thumbs -> `{ media_id }`. Never retried after sending. */
  async addDraft(articles: DraftArticle[]): Promise<AddDraftResult> {
    this.check(articles, 'draft');
    return this.api<AddDraftResult>('draft/add', { method: 'POST', json: { articles } });
  }

  /** draft/update: replace the article at `index` (0-based) of a draft. */
  async updateDraft(media_id: string, index: number, article: DraftArticle): Promise<OkAnswer> {
    this.check([article], 'draft');
    return this.api<OkAnswer>('draft/update', { method: 'POST', json: { media_id, index, articles: article } });
  }

  /** draft/get -> `{ news_item: [...] }`. */
  getDraft(media_id: string): Promise<GetDraftResult> {
    return this.api<GetDraftResult>('draft/get', { method: 'POST', json: { media_id } });
  }

  /** draft/count -> `{ total_count }`; a harmless read that shows whether the account may use drafts. */
  countDrafts(): Promise<{ total_count: number }> {
    return this.api<{ total_count: number }>('draft/count', { method: 'GET' });
  }

  /** draft/delete. */
  deleteDraft(media_id: string): Promise<OkAnswer> {
    return this.api<OkAnswer>('draft/delete', { method: 'POST', json: { media_id } });
  }

  /** freepublish/submit -> `{ publish_id, msg_data_id }`; then poll getPublish. Never retried after sending. */
  submitPublish(media_id: string): Promise<SubmitPublishResult> {
    return this.api<SubmitPublishResult>('freepublish/submit', { method: 'POST', json: { media_id } });
  }

  /** freepublish/get -> `{ publish_id, publish_status, article_id?, article_detail? }`. */
  getPublish(publish_id: NumberOrString): Promise<GetPublishResult> {
    return this.api<GetPublishResult>('freepublish/get', { method: 'POST', json: { publish_id } });
  }

  /** message/mass/preview: send a graphic message to one follower (by openid or WeChat ID) to check it. */
  async previewNews(target: PreviewTarget): Promise<PreviewResult> {
    const { media_id, touser, towxname } = target ?? ({} as PreviewTarget);
    if (!media_id) throw new WeixinConfigError('previewNews needs a media_id');
    if (Boolean(touser) === Boolean(towxname))
      throw new WeixinConfigError('previewNews needs exactly one of touser (an openid) or towxname (a WeChat ID)');
    const to = touser ? { touser } : { towxname: towxname! };
    return this.api<PreviewResult>('message/mass/preview', {
      method: 'POST',
      json: { ...to, mpnews: { media_id }, msgtype: 'mpnews' },
    });
  }

  /** message/mass/sendall: send to every follower (or a tag). Refused unless the client has `allowMassSend: true`. */
  async sendAll(media_id: string, options: SendAllOptions = {}): Promise<SendAllResult> {
    if (this.options.allowMassSend !== true) {
      throw new WeixinConfigError(
        'sendAll sends to every follower and cannot be undone; create the client with `allowMassSend: true` to allow it',
        {
          call: 'message/mass/sendall',
        },
      );
    }
    if (!media_id) throw new WeixinConfigError('sendAll needs a media_id');
    const filter = options.is_to_all === false ? { is_to_all: false, tag_id: options.tag_id } : { is_to_all: true };
    const json = {
      filter,
      mpnews: { media_id },
      msgtype: 'mpnews',
      send_ignore_reprint: options.send_ignore_reprint ?? 0,
      ...(options.clientmsgid ? { clientmsgid: options.clientmsgid } : {}),
    };
    return this.api<SendAllResult>('message/mass/sendall', { method: 'POST', json });
  }

  // ---- credentials check ------------------------------------------------------------------------

  /** Fetches a token (bypassing the caches) and says what, if anything, to fix. */
  /** Whether the account may call the draft and material APIs: a read that changes nothing. */
  private async checkPermissions(): Promise<CredentialCheck> {
    try {
      const { total_count } = await this.countDrafts();
      return {
        name: 'permissions',
        ok: true,
        message: `draft box reachable (${total_count} draft${total_count === 1 ? '' : 's'})`,
      };
    } catch (error) {
      const e = error instanceof WeixinError ? error : undefined;
      return {
        name: 'permissions',
        ok: false,
        message: e?.hint ? `${e.message}. ${e.hint}` : (e?.message ?? this.redact(String(error))),
        ...(error instanceof WeixinApiError ? { errcode: error.errcode } : {}),
        ...(e?.hint ? { hint: e.hint } : {}),
      };
    }
  }

  async checkCredentials(): Promise<CredentialVerdict> {
    const checks: CredentialCheck[] = [];
    const mode = typeof this.options.token === 'function' ? 'function' : (this.options.token ?? 'stable');
    const appidShape = isAppid(this.appid);
    checks.push({
      name: 'appid',
      ok: appidShape,
      message: appidShape
        ? `${this.appid}`
        : `"${this.appid}" does not look like an Official Account AppID (wx followed by 16 hexadecimal characters); copy it from the console's Basic configuration page`,
    });
    const needsSecret = mode !== 'function';
    const secretOk = !needsSecret || this.secret !== '';
    checks.push({
      name: 'secret',
      ok: secretOk,
      message: !needsSecret
        ? 'not needed: tokens come from your token function'
        : secretOk
          ? 'set (not shown)'
          : "missing: set WEIXIN_APPSECRET (or the secret option) to the AppSecret from the console's Basic configuration page",
    });
    checks.push({ name: 'route', ok: true, message: `${this.baseUrl}, ${this.route.description}` });
    let expiresIn: number | undefined;
    if (!secretOk) {
      checks.push({ name: 'token', ok: false, message: 'not tried: no AppSecret' });
    } else {
      try {
        const fresh = await this.tokens.fetchFresh();
        expiresIn = fresh.expiresIn;
        const from =
          mode === 'stable'
            ? 'stable_token'
            : mode === 'classic'
              ? 'cgi-bin/token (note: each call invalidates the previous token)'
              : 'your token function';
        checks.push({
          name: 'token',
          ok: true,
          message: `obtained from ${from}${expiresIn ? `, valid for ${expiresIn} s` : ''}`,
        });
        checks.push(await this.checkPermissions());
      } catch (error) {
        const e = error instanceof WeixinError ? error : undefined;
        const message = e ? e.message : this.redact(String((error as Error)?.message ?? error));
        checks.push({
          name: 'token',
          ok: false,
          message: e?.hint ? `${message}. ${e.hint}` : message,
          ...(error instanceof WeixinApiError ? { errcode: error.errcode } : {}),
          ...(e?.hint ? { hint: e.hint } : {}),
        });
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

  // ---- internals ----------------------------------------------------------------------------------

  private check(articles: readonly (NewsArticle | DraftArticle)[], kind: 'news' | 'draft'): void {
    if (this.options.validate === false) return;
    validateArticles(articles, { kind, ...(this.options.limits ? { limits: this.options.limits } : {}) });
  }

  /** A call with the access token: replayed once with a new token if WeChat rejects the token. */
  private async api<T>(call: WeixinCall, init: CallInit): Promise<T> {
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
    return this.withRetries(call, () =>
      exchange(
        {
          call,
          method: init.method,
          url: url.toString(),
          headers,
          ...(body !== undefined ? { body } : {}),
          timeoutMs,
          safe: isSafeToRetry(call),
        },
        this.transport(),
      ),
    );
  }

  private transport() {
    return {
      fetch: this.fetchImpl,
      ...(this.route.dispatcher ? { dispatcher: this.route.dispatcher } : {}),
      redact: this.redactor.redact,
      now: this.now,
      debug: this.log.debug,
    };
  }

  /** Bounded backoff for transient failures; what may be repeated depends on the call (see calls.ts). */
  private async withRetries(call: WeixinCall, attempt: () => Promise<Answer>): Promise<Answer> {
    const safe = isSafeToRetry(call);
    const attempts = this.retry.retries + 1;
    for (let n = 1; ; n += 1) {
      try {
        return await attempt();
      } catch (error) {
        const kind = retryClass(error);
        const left = n < attempts;
        let wait: number | undefined;
        if (left && (kind === 'before-send' || (kind === 'after-send' && safe))) {
          const exponential = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * this.retry.factor ** (n - 1));
          wait = Math.round(exponential * (0.5 + Math.random() * 0.5));
        } else if (left && kind === 'rate-limit' && (this.options.maxRetryWaitMs ?? 0) >= this.retry.rateLimitWaitMs) {
          // 45011 is a refusal, so repeating cannot duplicate anything; but it needs a long wait.
          wait = this.retry.rateLimitWaitMs;
        }
        if (wait === undefined) throw error;
        // Our errors already name the call; say it once.
        const reason = (error as Error).message;
        this.log.warn(
          `${reason.startsWith(`${call}:`) ? reason : `${call}: ${reason}`}; retrying in ${wait} ms (attempt ${n + 1} of ${attempts})`,
        );
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  private requireSecret(call: string): void {
    if (!this.secret) {
      throw new WeixinConfigError(
        `${call} needs the AppSecret: set the secret option (WEIXIN_APPSECRET) or give a token function`,
        {
          call,
          hint: "Set WEIXIN_APPSECRET to the AppSecret from the console's Basic configuration page.",
        },
      );
    }
  }

  private async fetchStableToken(forceRefresh: boolean): Promise<TokenAnswer> {
    this.requireSecret('stable_token');
    const json = {
      grant_type: 'client_credential',
      appid: this.appid,
      secret: this.secret,
      force_refresh: forceRefresh,
    };
    const answer = await this.withRetries('stable_token', () =>
      exchange(
        {
          call: 'stable_token',
          method: 'POST',
          url: `${this.baseUrl}/cgi-bin/stable_token`,
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: JSON.stringify(json),
          timeoutMs: this.options.timeoutMs ?? 30_000,
          safe: true,
        },
        this.transport(),
      ),
    );
    return this.tokenAnswer('stable_token', answer);
  }

  private async fetchClassicToken(): Promise<TokenAnswer> {
    this.requireSecret('token');
    const url = new URL(`${this.baseUrl}/cgi-bin/token`);
    url.searchParams.set('grant_type', 'client_credential');
    url.searchParams.set('appid', this.appid);
    url.searchParams.set('secret', this.secret);
    const answer = await this.withRetries('token', () =>
      exchange(
        { call: 'token', method: 'GET', url: url.toString(), timeoutMs: this.options.timeoutMs ?? 30_000, safe: true },
        this.transport(),
      ),
    );
    return this.tokenAnswer('token', answer);
  }

  private tokenAnswer(call: 'stable_token' | 'token', answer: Answer): TokenAnswer {
    const token = answer['access_token'];
    if (typeof token !== 'string' || token === '') {
      throw new WeixinHttpError(`${call}: the answer has no access_token`, {
        kind: 'malformed',
        call,
        hint: 'Something other than WeChat may be answering: check baseUrl and the proxy.',
      });
    }
    this.redactor.add(token);
    const expires = Number(answer['expires_in']);
    return { access_token: token, ...(Number.isFinite(expires) && expires > 0 ? { expires_in: expires } : {}) };
  }
}
