/**
 * Bounded backoff for transient failures. Hand-written on purpose: what may be repeated depends on
 * our safety table (calls.ts) and on WeChat's errcodes, which no retry library knows about.
 */
import { isSafeToRetry } from './calls.js';
import type { RetryOptions } from './options.js';
import { retryClass } from './transport.js';

export interface RetryPolicy extends Required<RetryOptions> {
  /** The longest single wait allowed (45011 is waited out only if this covers rateLimitWaitMs). */
  maxRetryWaitMs: number;
}

export function retryPolicy(option: number | RetryOptions | undefined, maxRetryWaitMs = 0): RetryPolicy {
  const retries = typeof option === 'number' ? { retries: option } : (option ?? {});
  return {
    retries: Math.max(0, Math.floor(retries.retries ?? 2)),
    baseDelayMs: retries.baseDelayMs ?? 500,
    factor: retries.factor ?? 2,
    maxDelayMs: retries.maxDelayMs ?? 8000,
    rateLimitWaitMs: retries.rateLimitWaitMs ?? 60_000,
    random: retries.random ?? Math.random,
    maxRetryWaitMs,
  };
}

/** How long to wait before attempt `n + 1`, or undefined when this failure must be thrown. */
function delayFor(error: unknown, call: string, n: number, policy: RetryPolicy): number | undefined {
  if (n > policy.retries) return undefined;
  const kind = retryClass(error);
  if (kind === 'before-send' || (kind === 'after-send' && isSafeToRetry(call))) {
    const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** (n - 1));
    return Math.round(exponential * (0.5 + policy.random() * 0.5));
  }
  // 45011 is a refusal, so repeating cannot duplicate anything; but it needs a long wait.
  if (kind === 'rate-limit' && policy.maxRetryWaitMs >= policy.rateLimitWaitMs) return policy.rateLimitWaitMs;
  return undefined;
}

/**
 * One client's calls slow down together: when WeChat says it is busy (-1, 5xx) or over its minute
 * quota (45011), every call in flight waits out the same pause instead of each hammering on alone.
 */
export class SlowDown {
  private paused: Promise<unknown> = Promise.resolve();

  /** Resolves once every pause asked for so far has passed (pauses overlap: the longest wins). */
  async ready(): Promise<void> {
    for (let current = this.paused; ; current = this.paused) {
      await current;
      if (current === this.paused) return;
    }
  }

  pause(ms: number): void {
    this.paused = Promise.all([this.paused, new Promise((resolve) => setTimeout(resolve, ms))]);
  }
}

/** Runs `attempt` until it succeeds or fails in a way that must not (or may no longer) be repeated. */
export async function withRetries<T>(
  call: string,
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  warn: (message: string) => void,
  slowDown: SlowDown = new SlowDown(),
): Promise<T> {
  for (let n = 1; ; n += 1) {
    try {
      await slowDown.ready();
      return await attempt();
    } catch (error) {
      const wait = delayFor(error, call, n, policy);
      if (wait === undefined) throw error;
      slowDown.pause(wait);
      // Our errors already name the call; say it once.
      const reason = (error as Error).message;
      const what = reason.startsWith(`${call}:`) ? reason : `${call}: ${reason}`;
      // A repeat of an upload whose answer was lost may store a second copy: nobody sees it, but say so.
      const copy =
        retryClass(error) === 'after-send' ? '; if the first attempt went through, WeChat keeps an unseen copy' : '';
      warn(`${what}; retrying in ${wait} ms (attempt ${n + 1} of ${policy.retries + 1})${copy}`);
    }
  }
}
