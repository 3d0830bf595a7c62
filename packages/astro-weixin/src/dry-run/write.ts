import path from 'node:path';
import { plannedDelivery } from '../config/options.js';
import { DryRunCache, type DryRunRecord } from './cache.js';
import type { ConversionCache } from '../images/cache.js';
import { publishBatches } from '../messages/publish-batches.js';
import { summaryTable, type UploadTally } from '../messages/tally.js';
import type { AccountPosts, CheckedPosts, RunContext, RunResult } from '../context.js';
import type { PublishingSettings } from '../config/settings.js';
import { plural } from '../utils/plural.js';

/** Writes the dry run's files: what each message would send, images converted, and the previews. */
async function writeDryRunFiles(
  context: RunContext,
  checked: AccountPosts,
  conversions: ConversionCache,
  tally: UploadTally,
): Promise<DryRunRecord> {
  const { options } = context;
  const { articles, batches, delivery } = checked;
  // Loaded only to write: a rebuild that links the last dry run back needs none of the previews' code.
  const { DryRunSink, writeDryRunIndex } = await import('./sink.js');
  const sink = await DryRunSink.create(context.outDir, options.target, delivery.deliver, options.sendTo, conversions);
  const outcomes = await publishBatches(
    batches,
    sink,
    { ...tally.events, message: () => tally.messageDone() },
    undefined,
    options.concurrency,
  );
  const themes = options.previewThemes
    ? await (await import('./theme-previews.js')).writeThemePreviews(sink, outcomes, articles, {
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
export async function writeDryRun(
  context: RunContext,
  checked: CheckedPosts,
  account: AccountPosts,
  conversions: ConversionCache,
  tally: UploadTally,
): Promise<RunResult> {
  const { options, logger } = context;
  const { articles, batches, delivery, settings } = account;
  const why = whyDryRun(context, settings, checked.accounts.length);
  const planned = plannedDelivery(delivery.deliver, options.target, options.sendTo);
  const kept = new DryRunCache(context.cacheDir, account.name);
  const key = await DryRunCache.key({ options, delivery: planned, batches, articles });
  // The same messages as the last dry run, made by the same code: its files are linked back.
  let record = await kept.replay(key, context.outDir, batches);
  if (record) {
    tally.replay(record.uploadLines);
  } else {
    record = await writeDryRunFiles(context, account, conversions, tally);
    await kept.keep(key, context.outDir, batches, record);
  }
  const { outcomes } = record;
  const dryRunIndex = path.join(context.outDir, record.index);
  logger.info(`Each message ${planned}.`);
  logger.info(
    `Dry run, ${why}: ${plural(outcomes.length, 'message')} written to ${path.relative(context.root, context.outDir) || '.'}; open ${path.relative(context.root, dryRunIndex)} to preview.`,
  );
  logger.info(record.summary);
  return { mode: 'dry-run', outcomes, dryRunIndex };
}

/** Why a build writes a dry run rather than publish. */
function whyDryRun(context: RunContext, settings: PublishingSettings, accounts: number): string {
  if (context.dryRun) return 'as asked (--dry-run)';
  if (!settings.credentials) {
    const options =
      settings.account === undefined ? 'the appid/secret options' : `\`accounts.${settings.account}.appid\`/\`secret\``;
    const none = accounts > 1 ? 'no account has credentials' : 'no credentials';
    return `${none} (set ${settings.variables.appid} and ${settings.variables.secret}, or ${options})`;
  }
  if (context.options.publish === false) return 'publishing is off (the `publish: false` option)';
  return 'publishing is off (set WEIXIN_PUBLISH=1 or the `publish: true` option to publish)';
}
