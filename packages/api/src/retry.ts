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

/** Runs `attempt` until it succeeds or fails in a way that must not (or may no longer) be repeated. */
export async function withRetries<T>(
  call: string,
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  warn: (message: string) => void,
): Promise<T> {
  for (let n = 1; ; n += 1) {
    try {
      return await attempt();
    } catch (error) {
      const wait = delayFor(error, call, n, policy);
      if (wait === undefined) throw error;
      // Our errors already name the call; say it once.
      const reason = (error as Error).message;
      const what = reason.startsWith(`${call}:`) ? reason : `${call}: ${reason}`;
      warn(`${what}; retrying in ${wait} ms (attempt ${n + 1} of ${policy.retries + 1})`);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
