import type { Logger } from '../utils/logger.js';

type Level = 'info' | 'warn' | 'error' | 'debug';

/**
 * A logger that keeps what it is told and says it later, in order: work that runs while Astro
 * builds the pages reports after Astro's own lines instead of in the middle of them.
 */
export class DeferredLogger implements Logger {
  private constructor(
    private readonly lines: { label: string | undefined; level: Level; message: string }[],
    private readonly label: string | undefined,
  ) {}

  static create(): DeferredLogger {
    return new DeferredLogger([], undefined);
  }

  info(message: string): void {
    this.lines.push({ label: this.label, level: 'info', message });
  }

  warn(message: string): void {
    this.lines.push({ label: this.label, level: 'warn', message });
  }

  error(message: string): void {
    this.lines.push({ label: this.label, level: 'error', message });
  }

  debug(message: string): void {
    this.lines.push({ label: this.label, level: 'debug', message });
  }

  fork(label: string): Logger {
    return new DeferredLogger(this.lines, label);
  }

  /** Says everything kept so far through `logger` (forked as each line was), and forgets it. */
  replay(logger: Logger): void {
    const forks = new Map<string, Logger>();
    for (const { label, level, message } of this.lines.splice(0)) {
      let target = logger;
      if (label !== undefined) {
        target = forks.get(label) ?? logger.fork(label);
        forks.set(label, target);
      }
      target[level](message);
    }
  }
}
