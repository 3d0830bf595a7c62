/** The part of Astro's logger we use, so the CLI can bring its own. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  fork(label: string): Logger;
}
