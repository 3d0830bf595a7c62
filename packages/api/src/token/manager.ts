/**
 * Access tokens: where they come from (stable_token, the classic cgi-bin/token, or a function of
 * the caller's), how long they are kept, and how a rejected one is replaced.
 *
 * One refresh at a time: concurrent callers share the refresh in flight. After a rejection
 * (40001/42001/40014/41001) the failing token is compared with the one held now (WxJava's model):
 * only if it is still the same is a new one fetched, so ten concurrent rejections cause one
 * refresh. With stable_token, normal mode hands back the token still on record, so when that is
 * the very token that was rejected the replacement is asked for with force_refresh: true.
 */
import type { TokenFileCache } from './file-cache.js';

export interface TokenAnswer {
  access_token: string;
  /** Seconds the token stays valid (for stable_token: what remains). */
  expires_in?: number;
}

/** A caller's own token source: a third-party platform's authorizer token, a token service… */
export type TokenFunction = (context: { forceRefresh: boolean }) => Promise<string | TokenAnswer>;

export interface TokenSource {
  kind: 'stable' | 'classic' | 'function';
  fetch(forceRefresh: boolean): Promise<TokenAnswer>;
}

/** A plain string from a token function carries no lifetime: ask the function again after this. */
const FUNCTION_TOKEN_TTL_MS = 5 * 60_000;

interface HeldToken {
  token: string;
  expiresAt: number;
  refreshAt: number;
}

export interface TokenManagerOptions {
  source: TokenSource;
  marginMs: number;
  now: () => number;
  cache?: { file: TokenFileCache; key: string };
  onToken: (token: string) => void;
  log: { info(message: string): void; warn(message: string): void; debug(message: string): void };
}

export class TokenManager {
  private held: HeldToken | undefined;
  private inflight: Promise<string> | undefined;

  constructor(private readonly options: TokenManagerOptions) {}

  get kind(): TokenSource['kind'] {
    return this.options.source.kind;
  }

  /** The token to use now: the held one, the cache file's, or a new one (shared by concurrent callers). */
  async get(): Promise<string> {
    const held = this.held;
    if (held && this.options.now() < held.refreshAt) return held.token;
    if (this.inflight) return this.inflight;
    return this.refresh({ force: false, readCache: true });
  }

  /**
   * WeChat rejected `rejected`. Returns the token to replay with: a newer one another caller
   * already obtained, or a fresh one (forced for stable_token when normal mode returns the
   * rejected token again).
   */
  async replaceRejected(rejected: string, errcode: number): Promise<string> {
    for (;;) {
      if (this.inflight) {
        const token = await this.inflight;
        if (token !== rejected) return token;
        continue;
      }
      if (this.held && this.held.token !== rejected) return this.held.token;
      this.options.log.warn(`access token rejected (errcode ${errcode}); fetching a new one`);
      this.held = undefined;
      return this.refresh({ force: true, readCache: true, rejected });
    }
  }

  /** A token straight from the source, bypassing the caches (checkCredentials). */
  async fetchFresh(): Promise<{ token: string; expiresIn: number | undefined }> {
    const started = this.options.now();
    const answer = await this.options.source.fetch(false);
    await this.hold(answer, started);
    return { token: answer.access_token, expiresIn: answer.expires_in };
  }

  private refresh(how: { force: boolean; readCache: boolean; rejected?: string }): Promise<string> {
    const run = (async () => {
      const { cache } = this.options;
      if (how.readCache && cache && this.kind !== 'function') {
        const entry = await cache.file.read(cache.key).catch(() => undefined);
        const now = this.options.now();
        // Another process may have refreshed already: take its token unless it is the rejected one.
        if (entry && entry.access_token !== how.rejected && entry.expires_at - this.options.marginMs > now) {
          this.options.onToken(entry.access_token);
          this.held = {
            token: entry.access_token,
            expiresAt: entry.expires_at,
            refreshAt: entry.expires_at - this.options.marginMs,
          };
          this.options.log.debug(`access token read from ${cache.file.file}`);
          return entry.access_token;
        }
      }
      const started = this.options.now();
      let answer: TokenAnswer;
      if (how.rejected !== undefined && this.kind === 'stable') {
        // Normal mode first: if another system already forced a refresh, it hands out that newer
        // token, and forcing again would invalidate it (and spend the small force quota). Only when
        // it hands back the rejected token is force_refresh needed.
        answer = await this.options.source.fetch(false);
        if (answer.access_token === how.rejected) answer = await this.options.source.fetch(true);
      } else {
        answer = await this.options.source.fetch(how.force);
      }
      await this.hold(answer, started);
      return answer.access_token;
    })();
    this.inflight = run;
    // Clear the slot whatever happens, so a failed refresh is not handed to later callers.
    const clear = () => {
      if (this.inflight === run) this.inflight = undefined;
    };
    run.then(clear, clear);
    return run;
  }

  private async hold(answer: TokenAnswer, started: number): Promise<void> {
    const token = answer.access_token;
    this.options.onToken(token);
    let expiresAt: number;
    let refreshAt: number;
    if (typeof answer.expires_in === 'number' && answer.expires_in > 0) {
      const lifetime = answer.expires_in * 1000;
      expiresAt = started + lifetime;
      // A token with less life left than the margin is still used for half of it, not re-asked on every call.
      refreshAt = expiresAt - Math.min(this.options.marginMs, lifetime / 2);
    } else {
      expiresAt = started + FUNCTION_TOKEN_TTL_MS;
      refreshAt = expiresAt;
    }
    this.held = { token, expiresAt, refreshAt };
    const seconds = Math.round((expiresAt - started) / 1000);
    this.options.log.info(
      `access token obtained (${this.kind === 'stable' ? 'stable_token' : this.kind === 'classic' ? 'cgi-bin/token' : 'token function'}), valid for ${seconds} s`,
    );
    const { cache } = this.options;
    if (cache && this.kind !== 'function') {
      await cache.file.write(cache.key, { access_token: token, expires_at: expiresAt }).catch((error: unknown) => {
        this.options.log.warn(`could not write the token cache file ${cache.file.file}: ${(error as Error).message}`);
      });
    }
  }
}

/** Normalises what a token function returns. */
export function fromFunction(fn: TokenFunction): TokenSource {
  return {
    kind: 'function',
    async fetch(forceRefresh) {
      const value = await fn({ forceRefresh });
      const answer = typeof value === 'string' ? { access_token: value } : value;
      if (!answer || typeof answer.access_token !== 'string' || answer.access_token === '') {
        throw new TypeError('the token function must return a non-empty string or { access_token, expires_in }');
      }
      return answer;
    },
  };
}
