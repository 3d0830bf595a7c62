/** The part of Astro's logger we use, so the CLI can bring its own. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  fork(label: string): Logger;
}

/**
 * A logger whose every label names the account, `[astro-weixin:publish:tech]`, so the lines of
 * several accounts in one build tell which account each is about.
 */
export function accountLogger(logger: Logger, account: string, label = 'astro-weixin'): Logger {
  const own = logger.fork(`${label}:${account}`);
  return {
    info: (message) => own.info(message),
    warn: (message) => own.warn(message),
    error: (message) => own.error(message),
    debug: (message) => own.debug(message),
    fork: (next) => accountLogger(logger, account, next),
  };
}
