import path from 'node:path';
import { ConversionCache } from './images/cache.js';
import { UploadTally } from './messages/tally.js';
import type { AccountPosts, CheckedPosts, RunContext, RunResult } from './context.js';
import { checkPosts } from './checks/check-posts.js';
import { writeDryRun } from './dry-run/write.js';
import { accountLogger } from './utils/logger.js';

/** Select, render, check, then publish (or write a dry run). Shared by the integration and the CLI. */
export async function runWeixin(context: RunContext): Promise<RunResult> {
  const checked = await checkPosts(context);
  if (!checked) return { mode: context.mode === 'check' ? 'checked' : 'nothing', outcomes: [] };
  if (context.mode === 'check') return { mode: 'checked', outcomes: [] };
  return uploadPosts(context, checked);
}

/**
 * Uploads (or writes the dry run of) posts that passed the checks; runs once the site is built.
 * Accounts go one after the other, each with its own client, lockfile section and report lines.
 */
export async function uploadPosts(context: RunContext, checked: CheckedPosts): Promise<RunResult> {
  const conversions = new ConversionCache(context.cacheDir);
  const several = checked.accounts.some((account) => account.name !== undefined);
  const results: RunResult[] = [];
  try {
    for (const account of checked.accounts) {
      results.push(await uploadToAccount(accountContext(context, account, several), checked, account, conversions));
    }
  } finally {
    // What this run converted is found again next build.
    await conversions.save();
  }
  if (!several) return results[0]!;
  const outcomes = results.flatMap((result) => result.outcomes);
  if (checked.publishes) return { mode: 'published', outcomes };
  const { writeAccountsIndex } = await import('./dry-run/accounts-index.js');
  const dryRunIndex = await writeAccountsIndex(context.outDir, checked.accounts, results);
  return { mode: 'dry-run', outcomes, dryRunIndex };
}

/** One account's run: its options, its own folder in the dry run, and log lines that name it. */
function accountContext(context: RunContext, account: AccountPosts, several: boolean): RunContext {
  if (!several || account.name === undefined) return context;
  return {
    ...context,
    options: account.options,
    outDir: path.join(context.outDir, account.name),
    logger: accountLogger(context.logger, account.name),
  };
}

async function uploadToAccount(
  context: RunContext,
  checked: CheckedPosts,
  account: AccountPosts,
  conversions: ConversionCache,
): Promise<RunResult> {
  const tally = new UploadTally(context.logger.fork('astro-weixin:upload'), !checked.publishes);
  if (!checked.publishes) return writeDryRun(context, checked, account, conversions, tally);
  const { publishPosts } = await import('./publish/publish-posts.js');
  return publishPosts(context, account, { settings: account.settings, conversions, tally });
}
