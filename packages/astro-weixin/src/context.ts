import type { WeixinClient } from '@astro-weixin/api';
import type { ResolvedOptions } from './config/options.js';
import type { PublishingSettings, resolveDelivery } from './config/settings.js';
import type { Batch } from './messages/batches.js';
import type { MessageOutcome } from './messages/publish-batches.js';
import type { PreparedArticle } from './render/article.js';
import type { Logger } from './utils/logger.js';

/** What a run is given: the site's folders, the options and the logger. */
export interface RunContext {
  root: string;
  srcDir: string;
  publicDir: string;
  /**
   * Astro's cacheDir: the content layer's data store is there (without it posts are found by
   * globs), and converted images are kept there between builds.
   */
  cacheDir?: string;
  /** The site's address with its base, for content_source_url. */
  site?: string;
  /** Where the dry run writes (see dry-run/dir.ts: outside the site's output unless asked). */
  outDir: string;
  options: ResolvedOptions;
  logger: Logger;
  env?: Record<string, string | undefined>;
  /** The CLI's --dry-run: write the dry run whatever the credentials and switches say. */
  dryRun?: boolean;
  /** `check` only selects and renders; `preview` publishes and sends previews; `publish` as configured. */
  mode?: 'publish' | 'check';
  /** The clock used to judge thumb expiry and delivery time limits; tests move it. */
  now?: () => number;
  /** How delivery waits between polls; tests make it instant. */
  sleep?: (ms: number) => Promise<void>;
}

export interface RunResult {
  mode: 'published' | 'dry-run' | 'checked' | 'nothing';
  outcomes: MessageOutcome[];
  dryRunIndex?: string;
}

/** One account's part of what the checks found: its articles, grouped into messages. */
export interface AccountPosts {
  /** Its name in `accounts`; undefined without that option (the one account of WEIXIN_APPID). */
  name?: string;
  /** The options this account works with: the top-level ones with its own over them. */
  options: ResolvedOptions;
  settings: PublishingSettings;
  articles: PreparedArticle[];
  batches: Batch[];
  delivery: ReturnType<typeof resolveDelivery>;
  /** The client that will publish, already fetching its token; absent for a dry run. */
  client?: WeixinClient;
}

/** What the checks found, account by account, ready for upload once the site is built. */
export interface CheckedPosts {
  /** Each account with posts, in the order of `accounts`. */
  accounts: AccountPosts[];
  env: Record<string, string | undefined>;
  /** Whether uploadPosts will publish (credentials, the switch on, not --dry-run) or write a dry run. */
  publishes: boolean;
  /** Whether every post is as the last build left it, its checks taken from then and nothing rendered. */
  unchanged: boolean;
}
