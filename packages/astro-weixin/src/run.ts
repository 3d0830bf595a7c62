import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { AstroError } from 'astro/errors';
import { WeixinClient, WeixinApiError, WeixinError } from '@astro-weixin/api';
import { planBatches } from './batches.js';
import { DryRunSink, writeDryRunIndex } from './dry-run.js';
import { ConversionCache } from './images/cache.js';
import { prepareArticles } from './prepare.js';
import { selectPosts } from './posts.js';
import { ProblemList, formatProblem } from './problems.js';
import { publishBatches, type MessageOutcome } from './publish.js';
import { publishToAccount, resolveDelivery } from './publish-run.js';
import { summaryTable } from './report.js';
import type { ResolvedOptions } from './options.js';

/** The part of Astro's logger we use, so the CLI can bring its own. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  fork(label: string): Logger;
}

export interface RunContext {
  root: string;
  srcDir: string;
  publicDir: string;
  /** The site's address with its base, for content_source_url. */
  site?: string;
  /** Where the dry run writes (`dist/weixin`). */
  outDir: string;
  options: ResolvedOptions;
  logger: Logger;
  env?: Record<string, string | undefined>;
  /** `check` only selects and renders; `preview` publishes and sends previews; `publish` as configured. */
  mode?: 'publish' | 'check';
  /** The clock used to judge thumb expiry and delivery time limits; tests move it. */
  now?: () => number;
  /** How delivery waits between polls; tests make it instant. */
  sleep?: (ms: number) => Promise<void>;
  /** Astro's cache directory: converted images are kept there between builds. */
  cacheDir?: string;
}

export interface RunResult {
  mode: 'published' | 'dry-run' | 'checked' | 'nothing';
  outcomes: MessageOutcome[];
  dryRunIndex?: string;
}

const REAL_API_BASE = 'https://api.weixin.qq.com';

/** WEIXIN_* variables from the environment, then from the project's .env files (never printed). */
export function readEnv(
  root: string,
  env: Record<string, string | undefined> = process.env,
): Record<string, string | undefined> {
  const merged: Record<string, string | undefined> = {};
  for (const name of ['.env', '.env.local', '.env.production', '.env.production.local']) {
    try {
      Object.assign(merged, parseEnv(readFileSync(path.join(root, name), 'utf8')));
    } catch {
      // A missing .env file is the usual case.
    }
  }
  for (const [key, value] of Object.entries(env)) if (value !== undefined) merged[key] = value;
  return Object.fromEntries(Object.entries(merged).filter(([key]) => key.startsWith('WEIXIN_')));
}

export function publishingSettings(options: ResolvedOptions, env: Record<string, string | undefined>) {
  const appid = options.appid ?? env['WEIXIN_APPID'];
  const secret = options.secret ?? env['WEIXIN_APPSECRET'];
  const apiBase = env['WEIXIN_API_BASE'] ?? options.apiBase ?? REAL_API_BASE;
  const switchedOn = options.publish ?? ['1', 'true', 'yes'].includes((env['WEIXIN_PUBLISH'] ?? '').toLowerCase());
  const hasToken = typeof options.token === 'function';
  const credentials = Boolean(appid && (secret || hasToken));
  const lockfile = env['WEIXIN_LOCKFILE'] ?? options.lockfile;
  return { appid, secret, apiBase, switchedOn, credentials, lockfile };
}

/** The lockfile's key for an account: its appid, and the API origin when it is not WeChat's own (the emulator). */
export function accountKey(settings: { appid?: string | undefined; apiBase: string }): string {
  return settings.apiBase === REAL_API_BASE ? settings.appid! : `${settings.appid}@${new URL(settings.apiBase).host}`;
}

export function createClient(
  options: ResolvedOptions,
  settings: ReturnType<typeof publishingSettings>,
  logger?: Logger,
  allowMassSend = false,
): WeixinClient {
  return new WeixinClient({
    appid: settings.appid!,
    // The client refuses sendall unless asked: only `deliver: 'sendall'` asks.
    allowMassSend,
    secret: settings.secret ?? '',
    baseUrl: settings.apiBase,
    token: options.token,
    ...(options.proxy ? { proxy: options.proxy } : {}),
    ...(options.tokenCacheFile ? { tokenCacheFile: options.tokenCacheFile } : {}),
    ...(logger
      ? {
          logger: {
            debug: (m: string) => logger.debug(m),
            info: (m: string) => logger.debug(m),
            warn: (m: string) => logger.warn(m),
          },
        }
      : {}),
  });
}

/** Select, render, batch, then publish (or write a dry run). Shared by the integration and the CLI. */
export async function runWeixin(context: RunContext): Promise<RunResult> {
  const { options, logger } = context;
  const env = readEnv(context.root, context.env);
  // A wrong delivery setting (from WEIXIN_DELIVER) stops the build before any work.
  const delivery = resolveDelivery(options, env);
  const problems = new ProblemList();
  const posts = await selectPosts(context.root, options, context.site, problems);
  if (posts.length === 0 && problems.items.length === 0) {
    logger.info("No post is selected for WeChat: add `weixin: true` to a post's front matter.");
    return { mode: 'nothing', outcomes: [] };
  }
  const renderLog = logger.fork('astro-weixin:render');
  let rendered = 0;
  const articles = await prepareArticles(posts, {
    root: context.root,
    srcDir: context.srcDir,
    publicDir: context.publicDir,
    options,
    problems,
    onProgress: (post, article) => {
      rendered += 1;
      renderLog.info(
        `[${rendered}/${posts.length}] ${post.file}${article ? ` — ${article.images.length} image${article.images.length === 1 ? '' : 's'}, ${article.stats.textCharacters} characters` : ' — has problems'}`,
      );
    },
  });
  const batches = planBatches(articles, options, problems);
  for (const warning of problems.warnings) logger.warn(formatProblem(warning));
  problems.throwIfErrors();
  if (context.mode === 'check') return { mode: 'checked', outcomes: [] };

  const conversions = new ConversionCache(context.cacheDir);
  const settings = publishingSettings(options, env);
  const uploadLog = logger.fork('astro-weixin:upload');
  const events = {
    image: ({
      article,
      image,
      reused,
    }: {
      article: { post: { file: string } };
      image: { src: string };
      reused: boolean;
    }) => uploadLog.info(`${reused ? 'reused  ' : 'uploaded'} ${image.src} (${article.post.file})`),
    cover: ({ article, reused }: { article: { post: { file: string }; cover: { src: string } }; reused: boolean }) =>
      uploadLog.info(`${reused ? 'reused  ' : 'uploaded'} cover ${article.cover.src} (${article.post.file})`),
  };

  if (!settings.credentials || !settings.switchedOn) {
    const why = !settings.credentials
      ? 'no credentials (set WEIXIN_APPID and WEIXIN_APPSECRET, or the appid/secret options)'
      : 'publishing is off (set WEIXIN_PUBLISH=1 or the `publish: true` option to publish)';
    const sink = await DryRunSink.create(context.outDir, options.target, delivery.deliver, options.sendTo, conversions);
    const outcomes = await publishBatches(batches, sink, events, undefined, options.concurrency);
    const dryRunIndex = await writeDryRunIndex(context.outDir, outcomes, sink.delivery);
    logger.info(`Each message ${sink.delivery}.`);
    logger.info(
      `Dry run, ${why}: ${outcomes.length} message${outcomes.length === 1 ? '' : 's'} written to ${path.relative(context.root, context.outDir) || '.'}; open ${path.relative(context.root, dryRunIndex)} to preview.`,
    );
    logger.info(summaryTable(outcomes));
    return { mode: 'dry-run', outcomes, dryRunIndex };
  }

  const account = accountKey(settings);
  const client = createClient(options, settings, logger.fork('astro-weixin:api'), delivery.deliver === 'sendall');
  const publishLog = logger.fork('astro-weixin:publish');
  let outcomes: MessageOutcome[];
  try {
    outcomes = await publishToAccount({
      root: context.root,
      conversions,
      options,
      client,
      lockfile: settings.lockfile,
      account,
      ...delivery,
      articles,
      logger,
      now: context.now ?? Date.now,
      sleep: context.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      events: {
        ...events,
        message: (outcome) =>
          publishLog.info(
            outcome.status === 'reused'
              ? `unchanged: "${outcome.batch.articles[0]!.title}"${outcome.batch.articles.length > 1 ? ` and ${outcome.batch.articles.length - 1} more` : ''} already made as ${outcome.media_id}`
              : `${outcome.status === 'updated' ? 'draft/update' : options.target === 'draft' ? 'draft/add' : 'uploadnews'}: ${outcome.articles.length} article${outcome.articles.length === 1 ? '' : 's'} -> media_id ${outcome.media_id}`,
          ),
      },
    });
    for (const outcome of outcomes) {
      if (outcome.status !== 'published' && outcome.status !== 'updated') continue;
      for (const recipient of options.previewTo) {
        const to = recipient.startsWith('wxname:') ? { towxname: recipient.slice(7) } : { touser: recipient };
        await client.previewNews({ media_id: outcome.media_id, ...to });
        publishLog.info(`preview of ${outcome.media_id} sent to ${recipient}`);
      }
    }
  } catch (error) {
    throw asAstroError(error, settings.lockfile);
  }
  logger.info(summaryTable(outcomes));
  return { mode: 'published', outcomes };
}

function asAstroError(error: unknown, lockfile: string): Error {
  const kept = `Everything uploaded before the failure is recorded in ${lockfile}; run the build again to resume without uploading it twice.`;
  if (error instanceof WeixinApiError) {
    return new AstroError(
      `WeChat refused ${error.call}: ${error.message}`,
      `${error.hint ? `${error.hint} ` : ''}${kept}`,
    );
  }
  if (error instanceof AstroError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // Timeouts, dropped connections and 5xx carry the client's hint too (and whether the call may have gone through).
  const hint = error instanceof WeixinError && error.hint ? `${error.hint} ` : '';
  return new AstroError(`Publishing to WeChat failed: ${message}`, `${hint}${kept}`);
}
