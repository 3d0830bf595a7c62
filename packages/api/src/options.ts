/** What a WeixinClient can be told: the account, where calls go, how long to wait and how often to repeat. */
import type { ArticleLimits } from '@astro-weixin/rules';
import type { TokenFunction } from './token/manager.js';
import type { WeixinLogger } from './types.js';

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
  /** Source of the jitter, a number in [0, 1) (default Math.random); a constant makes delays predictable. */
  random?: () => number;
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
