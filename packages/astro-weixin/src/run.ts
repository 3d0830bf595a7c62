import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { AstroError } from 'astro/errors';
import { WeixinClient, WeixinApiError, WeixinError } from '@astro-weixin/api';
import { type Batch, planBatches } from './batches.js';
import { DryRunSink, writeDryRunIndex } from './dry-run.js';
import { writeThemePreviews } from './dry-run-themes.js';
import { ConversionCache } from './images/cache.js';
import { type PreparedArticle, prepareArticles } from './prepare.js';
import { selectPosts } from './posts.js';
import { ProblemList, formatProblem } from './problems.js';
import { publishBatches, type MessageOutcome } from './publish.js';
import { hasApiWork, publishToAccount, resolveDelivery } from './publish-run.js';
import { CoverTally, summaryTable } from './report.js';
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
  /**
   * Astro's cacheDir: the content layer's data store is there (without it posts are found by
   * globs), and converted images are kept there between builds.
   */
  cacheDir?: string;
  /** The site's address with its base, for content_source_url. */
  site?: string;
  /** Where the dry run writes (`dist/weixin`). */
  outDir: string;
  options: ResolvedOptions;
  logger: Logger;
  env?: Record<string, string | undefined>;
  /** The CLI's --dry-run: write dist/weixin whatever the credentials and switches say. */
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

/** What the checks found: the articles, grouped into messages, ready for upload once the site is built. */
export interface CheckedPosts {
  articles: PreparedArticle[];
  batches: Batch[];
  delivery: ReturnType<typeof resolveDelivery>;
  env: Record<string, string | undefined>;
  /** The client that will publish, already fetching its token; absent for a dry run. */
  client?: WeixinClient;
}

/**
 * The client for a build that will make a message, with its token already on the way: the token
 * round trip then overlaps the site build (or the lockfile and conversion work, from the CLI)
 * instead of delaying the first upload. Only when the lockfile shows work for the API: a build with
 * nothing new calls nothing. A failure here is ignored; the first real call fetches again and
 * reports it. Classic tokens are not fetched ahead, since each fetch invalidates the one before.
 */
async function clientAhead(
  context: Omit<RunContext, 'outDir'>,
  env: Record<string, string | undefined>,
  delivery: ReturnType<typeof resolveDelivery>,
  batches: Batch[],
): Promise<WeixinClient | undefined> {
  const { options, logger } = context;
  const settings = publishingSettings(options, env);
  if (context.mode === 'check' || context.dryRun || !settings.credentials || !settings.switchedOn) return undefined;
  const lockfile = path.resolve(context.root, settings.lockfile);
  if (!(await hasApiWork(lockfile, accountKey(settings), batches, options))) return undefined;
  const client = createClient(options, settings, logger.fork('astro-weixin:api'), delivery.deliver === 'sendall');
  if (options.token !== 'classic') client.getAccessToken().catch(() => undefined);
  return client;
}

/**
 * Selects, renders and checks every post, without uploading anything; throws one error listing every
 * author mistake. Runs at `astro:build:start`, before Astro renders pages, so a broken post is named here.
 */
export async function checkPosts(context: Omit<RunContext, 'outDir'>): Promise<CheckedPosts | undefined> {
  const { options, logger } = context;
  const env = readEnv(context.root, context.env);
  // A wrong delivery setting (from WEIXIN_DELIVER) stops the build before any work.
  const delivery = resolveDelivery(options, env);
  const problems = new ProblemList();
  const posts = await selectPosts(context, problems);
  if (posts.length === 0 && problems.items.length === 0) {
    logger.info("No post is selected for WeChat: add `weixin: true` to a post's front matter.");
    return undefined;
  }
  const renderLog = logger.fork('astro-weixin:render');
  let rendered = 0;
  const checked = await prepareArticles(posts, {
    root: context.root,
    srcDir: context.srcDir,
    publicDir: context.publicDir,
    cacheDir: context.cacheDir,
    options,
    problems,
    onProgress: (post, article) => {
      rendered += 1;
      renderLog.info(
        `[${rendered}/${posts.length}] ${post.file}${article ? ` — ${article.images.length} image${article.images.length === 1 ? '' : 's'}, ${article.stats.textCharacters} characters` : ' — has problems'}`,
      );
    },
  });
  // Posts with problems take part in the batch checks too, so one mistake hides no other.
  planBatches(checked.members, options, problems);
  for (const warning of problems.warnings) logger.warn(formatProblem(warning));
  problems.throwIfErrors();
  const batches = planBatches(checked.articles, options, new ProblemList());
  const client = await clientAhead(context, env, delivery, batches);
  return { articles: checked.articles, batches, delivery, env, ...(client ? { client } : {}) };
}

/** Select, render, check, then publish (or write a dry run). Shared by the integration and the CLI. */
export async function runWeixin(context: RunContext): Promise<RunResult> {
  const checked = await checkPosts(context);
  if (!checked) return { mode: context.mode === 'check' ? 'checked' : 'nothing', outcomes: [] };
  if (context.mode === 'check') return { mode: 'checked', outcomes: [] };
  return uploadPosts(context, checked);
}

/** Uploads (or writes the dry run of) posts that passed the checks; runs once the site is built. */
export async function uploadPosts(context: RunContext, checked: CheckedPosts): Promise<RunResult> {
  const { options, logger } = context;
  const { articles, batches, delivery, env } = checked;
  const conversions = new ConversionCache(context.cacheDir);
  const settings = publishingSettings(options, env);
  const covers = new CoverTally();
  const uploadLog = logger.fork('astro-weixin:upload');
  const dryRun = context.dryRun === true || !settings.credentials || !settings.switchedOn;
  // A dry run uploads nothing, and its log must not say otherwise.
  const [fresh, again] = dryRun ? ['would upload', 'would reuse '] : ['uploaded', 'reused  '];
  let uploads = 0;
  let pending: PreparedArticle[] = [];
  const events = {
    image: ({
      article,
      image,
      reused,
    }: {
      article: { post: { file: string } };
      image: { src: string };
      reused: boolean;
    }) => {
      if (!reused) uploads += 1;
      uploadLog.info(`${reused ? again : fresh} ${image.src} (${article.post.file})`);
    },
    cover: ({ article, reused }: { article: PreparedArticle; reused: boolean }) => {
      covers.count(article, reused);
      if (!reused) uploads += 1;
      // The articles of the message being made: the one WeChat judges when it refuses content.
      pending.push(article);
      uploadLog.info(`${reused ? again : fresh} cover ${article.cover.src} (${article.post.file})`);
    },
  };

  if (dryRun) {
    const why = context.dryRun
      ? 'as asked (--dry-run)'
      : !settings.credentials
        ? 'no credentials (set WEIXIN_APPID and WEIXIN_APPSECRET, or the appid/secret options)'
        : options.publish === false
          ? 'publishing is off (the `publish: false` option)'
          : 'publishing is off (set WEIXIN_PUBLISH=1 or the `publish: true` option to publish)';
    const sink = await DryRunSink.create(context.outDir, options.target, delivery.deliver, options.sendTo, conversions);
    const outcomes = await publishBatches(batches, sink, events, undefined, options.concurrency);
    const themes = options.previewThemes
      ? await writeThemePreviews(sink, outcomes, articles, {
          root: context.root,
          srcDir: context.srcDir,
          publicDir: context.publicDir,
          cacheDir: context.cacheDir,
          options,
        })
      : undefined;
    const dryRunIndex = await writeDryRunIndex(context.outDir, outcomes, sink.delivery, themes);
    logger.info(`Each message ${sink.delivery}.`);
    logger.info(
      `Dry run, ${why}: ${outcomes.length} message${outcomes.length === 1 ? '' : 's'} written to ${path.relative(context.root, context.outDir) || '.'}; open ${path.relative(context.root, dryRunIndex)} to preview.`,
    );
    logger.info(summaryTable(outcomes, covers));
    return { mode: 'dry-run', outcomes, dryRunIndex };
  }

  const account = accountKey(settings);
  const client =
    checked.client ?? createClient(options, settings, logger.fork('astro-weixin:api'), delivery.deliver === 'sendall');
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
        message: (outcome) => {
          pending = [];
          if (outcome.status !== 'reused') uploads += 1;
          publishLog.info(
            outcome.status === 'reused'
              ? `unchanged: "${outcome.batch.articles[0]!.title}"${outcome.batch.articles.length > 1 ? ` and ${outcome.batch.articles.length - 1} more` : ''} already made as ${outcome.media_id}`
              : `${outcome.status === 'updated' ? 'draft/update' : options.target === 'draft' ? 'draft/add' : 'uploadnews'}: ${outcome.articles.length} article${outcome.articles.length === 1 ? '' : 's'} -> media_id ${outcome.media_id}`,
          );
        },
      },
    });
    let previews = 0;
    for (const outcome of outcomes) {
      if (outcome.status !== 'published' && outcome.status !== 'updated') continue;
      for (const recipient of options.previewTo) {
        const to = recipient.startsWith('wxname:') ? { towxname: recipient.slice(7) } : { touser: recipient };
        await client.previewNews({ media_id: outcome.media_id, ...to });
        publishLog.info(`preview of ${outcome.media_id} sent to ${recipient}`);
        previews += 1;
      }
    }
    if (options.previewTo.length > 0 && previews === 0)
      publishLog.info(
        'no preview sent: every message is unchanged since it was made, and previews go out only for new or changed messages',
      );
  } catch (error) {
    throw asAstroError(error, {
      lockfile: settings.lockfile,
      uploads,
      failing: pending,
    });
  }
  logger.info(summaryTable(outcomes, covers));
  return { mode: 'published', outcomes };
}

/** WeChat's answers that judge a message's content (45002 too long, 45166 invalid): name its articles. */
const CONTENT_REFUSALS = new Set([45002, 45166]);

function asAstroError(error: unknown, at: { lockfile: string; uploads: number; failing: PreparedArticle[] }): Error {
  const kept =
    at.uploads === 0
      ? 'This build had uploaded nothing before the failure; run it again once this is fixed.'
      : `Everything uploaded before the failure is recorded in ${at.lockfile}; run the build again to resume without uploading it twice.`;
  if (error instanceof WeixinApiError) {
    const which =
      at.failing.length > 0 && CONTENT_REFUSALS.has(error.errcode)
        ? ` (in the message of ${describeArticles(at.failing)})`
        : '';
    return new AstroError(
      `WeChat refused ${error.call}${which}: ${error.message}`,
      `${error.hint ? `${error.hint} ` : ''}${kept}`,
    );
  }
  if (error instanceof AstroError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // Timeouts, dropped connections and 5xx carry the client's hint too (and whether the call may have gone through).
  const hint = error instanceof WeixinError && error.hint ? `${error.hint} ` : '';
  return new AstroError(`Publishing to WeChat failed: ${message}`, `${hint}${kept}`);
}

/** The articles of a message with their posts, longest HTML first: the likeliest cause of a length refusal. */
function describeArticles(articles: PreparedArticle[]): string {
  return [...articles]
    .sort((a, b) => b.html.length - a.html.length)
    .map((article) => `"${article.title}" (${article.post.file}, ${article.html.length} characters of HTML)`)
    .join(', ');
}
