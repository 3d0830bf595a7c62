/**
 * The emulator's time. Every expiry (tokens, temporary media, quotas) reads it, so tests can move
 * days forward without waiting.
 */
export interface EmulatorClock {
  /** Milliseconds since the epoch, as the emulator sees it. */
  now(): number;
  /** Moves the emulator's time forward (or back, with a negative value). */
  advance(ms: number): void;
}

/**
 * `undefined`: real time. A number or Date: frozen at that instant (deterministic tests), moved only
 * by `advance`. A function: your own time source; `advance` adds to it.
 */
export type ClockOption = number | Date | (() => number);

export function createClock(option?: ClockOption): EmulatorClock {
  let offset = 0;
  const base: () => number =
    option === undefined
      ? () => Date.now()
      : typeof option === 'function'
        ? option
        : (
            (at) => () =>
              at
          )(+option);
  return {
    now: () => base() + offset,
    advance(ms: number) {
      if (!Number.isFinite(ms)) throw new TypeError(`advance(ms) needs a finite number, got ${ms}`);
      offset += ms;
    },
  };
}

/** The platform's daily quotas reset at midnight Beijing time (UTC+8). */
export function quotaDay(ms: number): number {
  return Math.floor((ms + 8 * 3600_000) / 86_400_000);
}
