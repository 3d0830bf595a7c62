import { quotaDay, type EmulatorClock } from './clock.js';
import { ApiError } from './errors.js';
import type { Limits } from './limits.js';
import { randomId } from './random.js';
import type { App, Store, TokenRecord } from './store.js';

/** Shape of a real token: a number, an underscore, then base64url-like text. */
const TOKEN_SHAPE = /^\d+_[A-Za-z0-9_-]{20,}$/;

export interface TokenAnswer {
  access_token: string;
  expires_in: number;
}

/**
 * Token rules. Classic tokens (`cgi-bin/token`) and stable tokens (`cgi-bin/stable_token`) are
 * independent of each other, as on the platform: getting one never invalidates the other kind.
 */
export class TokenService {
  constructor(
    private readonly store: Store,
    private readonly clock: EmulatorClock,
    private readonly limits: Limits,
    private readonly ttlSeconds: number,
    private readonly apps: Map<string, App>,
    private readonly whitelist: string[] | undefined,
  ) {}

  /** Credentials, then the caller's IP: a wrong secret says so even from outside the whitelist. */
  authenticate(grantType: unknown, appid: unknown, secret: unknown, ip: string): App {
    if (grantType !== 'client_credential')
      throw new ApiError(40002, undefined, `grant_type must be client_credential, got ${JSON.stringify(grantType)}`);
    const app = typeof appid === 'string' ? this.apps.get(appid) : undefined;
    if (!app) throw new ApiError(40013, undefined, `unknown appid ${JSON.stringify(appid)}`);
    if (secret !== app.secret) throw new ApiError(40125, undefined, 'wrong secret');
    const allowed = app.whitelist ?? this.whitelist;
    const v4 = ip.replace(/^::ffff:/i, '');
    if (allowed && !allowed.includes(ip) && !allowed.includes(v4)) {
      const v6 = ip.includes(':') ? ip : `::ffff:${ip}`;
      throw new ApiError(
        40164,
        `invalid ip ${v4} ipv6 ${v6}, not in whitelist`,
        `caller ${v4} is not in the whitelist`,
      );
    }
    return app;
  }

  classic(app: App): TokenAnswer {
    const now = this.clock.now();
    if (!this.store.take(`${app.appid}|token|${quotaDay(now)}`, this.limits.classicTokenPerDay)) {
      throw new ApiError(45009, undefined, `cgi-bin/token is limited to ${this.limits.classicTokenPerDay} calls a day`);
    }
    // The previous tokens keep working for a grace period, then answer 40001.
    const graceEnd = now + this.limits.tokenGraceSeconds * 1000;
    for (const token of this.store.tokens) {
      if (
        token.appid === app.appid &&
        token.kind === 'classic' &&
        (token.revokedAt === undefined || token.revokedAt > graceEnd)
      ) {
        token.revokedAt = Math.min(graceEnd, token.expiresAt);
      }
    }
    return this.answer(this.issue(app, 'classic'));
  }

  stable(app: App, forceRefresh: boolean): TokenAnswer {
    const now = this.clock.now();
    const current = this.store.tokens.findLast(
      (t) =>
        t.appid === app.appid &&
        t.kind === 'stable' &&
        t.expiresAt > now &&
        (t.revokedAt === undefined || t.revokedAt > now),
    );
    if (!forceRefresh) return this.answer(current ?? this.issue(app, 'stable'));
    const last = this.store.lastForceRefresh[app.appid];
    if (last !== undefined && now - last < this.limits.stableForceRefreshIntervalSeconds * 1000) {
      throw new ApiError(
        45011,
        undefined,
        `force_refresh again after ${this.limits.stableForceRefreshIntervalSeconds} s (last one ${Math.round((now - last) / 1000)} s ago)`,
      );
    }
    if (!this.store.take(`${app.appid}|stable_force|${quotaDay(now)}`, this.limits.stableForceRefreshPerDay)) {
      throw new ApiError(45009, undefined, `force_refresh is limited to ${this.limits.stableForceRefreshPerDay} a day`);
    }
    this.store.lastForceRefresh[app.appid] = now;
    // A forced refresh invalidates the previous stable token at once.
    if (current) current.revokedAt = now;
    return this.answer(this.issue(app, 'stable'));
  }

  /** The app a token belongs to, or the error the platform gives for it. */
  check(value: string | null): TokenRecord {
    if (value === null || value === '') throw new ApiError(41001, undefined, 'no access_token query parameter');
    const token = this.store.tokens.find((t) => t.access_token === value);
    const now = this.clock.now();
    if (!token) {
      if (!TOKEN_SHAPE.test(value)) throw new ApiError(40014, undefined, 'the access_token does not look like one');
      throw new ApiError(40001, undefined, 'this emulator never issued that access_token (or it was reset)');
    }
    if (token.revokedAt !== undefined && token.revokedAt <= now)
      throw new ApiError(40001, undefined, `the ${token.kind} token was replaced by a newer one`);
    if (token.expiresAt <= now) throw new ApiError(42001, undefined, `the ${token.kind} token expired`);
    return token;
  }

  /** Fault "token expiry now": the token in this call expires at this instant. */
  expire(value: string | null): void {
    const token = value ? this.store.tokens.find((t) => t.access_token === value) : undefined;
    if (token) token.expiresAt = Math.min(token.expiresAt, this.clock.now());
  }

  private issue(app: App, kind: TokenRecord['kind']): TokenRecord {
    const now = this.clock.now();
    const token: TokenRecord = {
      access_token: `${90 + (this.store.nextNumber++ % 10)}_${randomId(120)}`,
      appid: app.appid,
      kind,
      issuedAt: now,
      expiresAt: now + this.ttlSeconds * 1000,
    };
    this.store.tokens.push(token);
    return token;
  }

  private answer(token: TokenRecord): TokenAnswer {
    return {
      access_token: token.access_token,
      expires_in: Math.max(0, Math.ceil((token.expiresAt - this.clock.now()) / 1000)),
    };
  }
}
