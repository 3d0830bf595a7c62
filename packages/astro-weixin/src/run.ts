import path from 'node:path';
import { planBatches } from './messages/batches.js';
import { DryRunSink, plannedDelivery, writeDryRunIndex } from './dry-run/sink.js';
import { DryRunCache, type DryRunRecord } from './dry-run/cache.js';
import { ConversionCache } from './images/cache.js';
import { reportSelection } from './select/left-out.js';
import { CheckInputs } from './select/post-files.js';
import type { LeftOutPost } from './select/posts.js';
import { type CheckOutcome, reusedChecks, saveChecks } from './checks/snapshot.js';
import { ProblemList, formatProblem } from './utils/problems.js';
import { publishBatches } from './messages/publish-batches.js';
import { summaryTable, UploadTally } from './messages/tally.js';
import type { CheckedPosts, RunContext, RunResult } from './context.js';
import type { Logger } from './utils/logger.js';
import { publishingSettings, readEnv, resolveDelivery } from './config/settings.js';

/**
 * Selects, renders and checks every post, without uploading anything; throws one error listing every
 * author mistake. Runs at `astro:build:start`, before Astro renders pages, so a broken post is named here.
 */
export async function checkPosts(context: Omit<RunContext, 'outDir'>): Promise<CheckedPosts | undefined> {
  const { options, logger } = context;
  const env = readEnv(context.root, context.env);
  // A wrong delivery setting (from WEIXIN_DELIVER) stops the build before any work.
  const delivery = resolveDelivery(options, env);
  const renderLog = logger.fork('astro-weixin:render');
  let outcome = await reusedChecks(context);
  if (outcome) {
    if (outcome.posts > 0) {
      renderLog.info(
        `${outcome.posts} of ${outcome.posts} post${outcome.posts === 1 ? '' : 's'} unchanged since the last build (the checks of then still hold)`,
      );
    }
    for (const warning of outcome.warnings) logger.warn(formatProblem(warning));
  } else {
    outcome = await runChecks(context, renderLog);
  }
  reportSelection(logger, outcome.posts, outcome.leftOut);
  if (outcome.posts === 0) return undefined;
  const batches = planBatches(outcome.articles, options, new ProblemList());
  const settings = publishingSettings(options, env);
  const publishes = context.mode !== 'check' && !context.dryRun && settings.credentials && settings.switchedOn;
  // The API client and its dependencies load only for a build that publishes.
  const client = publishes
    ? await (await import('./publish/publish-posts.js')).clientAhead(context, settings, delivery, batches)
    : undefined;
  return { articles: outcome.articles, batches, delivery, env, publishes, ...(client ? { client } : {}) };
}

/** Selects, renders and checks every post; throws one error listing every author mistake. */
async function runChecks(context: Omit<RunContext, 'outDir'>, renderLog: Logger): Promise<CheckOutcome> {
  const { options, logger } = context;
  // Loaded only when the checks run: a rebuild with nothing changed reuses the last ones.
  const [{ selectPosts }, { prepareArticles }] = await Promise.all([
    import('./select/posts.js'),
    import('./render/prepare.js'),
  ]);
  const problems = new ProblemList();
  const inputs = new CheckInputs();
  const leftOut: LeftOutPost[] = [];
  const posts = await selectPosts({ ...context, inputs, leftOut }, problems);
  if (posts.length === 0 && problems.items.length === 0) {
    const outcome = { posts: 0, articles: [], warnings: [], leftOut };
    await saveChecks(context, inputs, [], outcome);
    return outcome;
  }
  let done = 0;
  let unchanged = 0;
  const checked = await prepareArticles(posts, {
    root: context.root,
    srcDir: context.srcDir,
    publicDir: context.publicDir,
    cacheDir: context.cacheDir,
    options,
    problems,
    onProgress: (post, article, rendered) => {
      done += 1;
      // A line per post rendered now (the long work); posts unchanged since the last build are counted once below.
      if (article && !rendered) {
        unchanged += 1;
        return;
      }
      renderLog.info(
        `[${done}/${posts.length}] ${post.file}${article ? ` — ${article.images.length} image${article.images.length === 1 ? '' : 's'}, ${article.stats.textCharacters} characters` : ' — has problems'}`,
      );
    },
  });
  if (unchanged > 0) {
    renderLog.info(
      `${unchanged} of ${posts.length} post${posts.length === 1 ? '' : 's'} unchanged since the last build (from the render cache)`,
    );
  }
  // Posts with problems take part in the batch checks too, so one mistake hides no other.
  planBatches(checked.members, options, problems);
  for (const warning of problems.warnings) logger.warn(formatProblem(warning));
  problems.throwIfErrors();
  const outcome = { posts: posts.length, articles: checked.articles, warnings: problems.warnings, leftOut };
  await saveChecks(context, inputs, checked.images, outcome);
  return outcome;
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
  const conversions = new ConversionCache(context.cacheDir);
  const tally = new UploadTally(context.logger.fork('astro-weixin:upload'), !checked.publishes);
  try {
    if (!checked.publishes) return await writeDryRun(context, checked, conversions, tally);
    const { publishPosts } = await import('./publish/publish-posts.js');
    const settings = publishingSettings(context.options, checked.env);
    return await publishPosts(context, checked, { settings, conversions, tally });
  } finally {
    // What this run converted is found again next build.
    await conversions.save();
  }
}

/** Writes the dry run's files: what each message would send, images converted, and the previews. */
async function writeDryRunFiles(
  context: RunContext,
  checked: CheckedPosts,
  conversions: ConversionCache,
  tally: UploadTally,
): Promise<DryRunRecord> {
  const { options } = context;
  const { articles, batches, delivery } = checked;
  const sink = await DryRunSink.create(context.outDir, options.target, delivery.deliver, options.sendTo, conversions);
  const outcomes = await publishBatches(
    batches,
    sink,
    { ...tally.events, message: () => tally.messageDone() },
    undefined,
    options.concurrency,
  );
  const themes = options.previewThemes
    ? await (await import('./dry-run/theme-previews.js')).writeThemePreviews(sink, outcomes, articles, {
        root: context.root,
        srcDir: context.srcDir,
        publicDir: context.publicDir,
        cacheDir: context.cacheDir,
        options,
      })
    : undefined;
  const index = await writeDryRunIndex(context.outDir, outcomes, sink.delivery, themes);
  return {
    outcomes,
    index: path.relative(context.outDir, index),
    uploadLines: tally.said,
    summary: await summaryTable(outcomes, tally.covers),
  };
}

/** Writes what a publish would send into `context.outDir`, with a phone-width preview. */
async function writeDryRun(
  context: RunContext,
  checked: CheckedPosts,
  conversions: ConversionCache,
  tally: UploadTally,
): Promise<RunResult> {
  const { options, logger } = context;
  const { articles, batches, delivery, env } = checked;
  const settings = publishingSettings(options, env);
  const why = context.dryRun
    ? 'as asked (--dry-run)'
    : !settings.credentials
      ? 'no credentials (set WEIXIN_APPID and WEIXIN_APPSECRET, or the appid/secret options)'
      : options.publish === false
        ? 'publishing is off (the `publish: false` option)'
        : 'publishing is off (set WEIXIN_PUBLISH=1 or the `publish: true` option to publish)';
  const planned = plannedDelivery(delivery.deliver, options.target, options.sendTo);
  const kept = new DryRunCache(context.cacheDir);
  const key = await DryRunCache.key({ options, delivery: planned, batches, articles });
  // The same messages as the last dry run, made by the same code: its files are linked back.
  let record = await kept.replay(key, context.outDir, batches);
  if (record) {
    tally.replay(record.uploadLines);
  } else {
    record = await writeDryRunFiles(context, checked, conversions, tally);
    await kept.keep(key, context.outDir, batches, record);
  }
  const { outcomes } = record;
  const dryRunIndex = path.join(context.outDir, record.index);
  logger.info(`Each message ${planned}.`);
  logger.info(
    `Dry run, ${why}: ${outcomes.length} message${outcomes.length === 1 ? '' : 's'} written to ${path.relative(context.root, context.outDir) || '.'}; open ${path.relative(context.root, dryRunIndex)} to preview.`,
  );
  logger.info(record.summary);
  return { mode: 'dry-run', outcomes, dryRunIndex };
}
