/** The logger astro-weixin takes (Astro's, in part), keeping what is said for a test to read. */
export interface CapturingLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  fork(label: string): CapturingLogger;
}

/** A logger that keeps every line in `lines`, prefixed with its level; forks write to the same lines. */
export function capturingLogger(lines: string[]): CapturingLogger {
  const log: CapturingLogger = {
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
    debug: (m) => lines.push(`debug ${m}`),
    fork: () => log,
  };
  return log;
}
