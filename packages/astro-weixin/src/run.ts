import { ConversionCache } from './images/cache.js';
import { UploadTally } from './messages/tally.js';
import type { CheckedPosts, RunContext, RunResult } from './context.js';
import { publishingSettings } from './config/settings.js';
import { checkPosts } from './checks/check-posts.js';
import { writeDryRun } from './dry-run/write.js';

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
