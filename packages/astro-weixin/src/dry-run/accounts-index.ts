import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { escapeHtml } from '@astro-weixin/rules';
import type { AccountPosts, RunResult } from '../context.js';
import { phoneDocument } from '../preview/phone.js';
import { plural } from '../utils/plural.js';
import { plannedDelivery } from '../config/options.js';

/**
 * With several accounts, each one's dry run is in its own folder (`…/dry-run/tech/`); this page
 * at the top names each account and links to its preview.
 */
export async function writeAccountsIndex(
  outDir: string,
  accounts: AccountPosts[],
  results: RunResult[],
): Promise<string> {
  const rows = accounts.map((account, i) => {
    const result = results[i]!;
    const name = account.name!;
    const index = result.dryRunIndex ? path.relative(outDir, result.dryRunIndex).split(path.sep).join('/') : `${name}/`;
    const { target, sendTo } = account.options;
    const titles = result.outcomes.flatMap((outcome) => outcome.batch.articles.map((article) => article.title));
    return `<a class="row account" href="${escapeHtml(index)}"><span><b>${escapeHtml(name)}</b>: ${plural(result.outcomes.length, 'message')}, ${escapeHtml(titles.join(' · '))}<br><small>${escapeHtml(`each ${plannedDelivery(account.delivery.deliver, target, sendTo)}`)}</small></span></a>`;
  });
  const file = path.join(outDir, 'index.html');
  await writeFile(
    file,
    phoneDocument(
      'WeChat preview (dry run)',
      `<p class="note">Dry run for ${plural(accounts.length, 'account')}, nothing was uploaded. Each account's messages are in its own folder.</p>
<div class="message">${rows.join('\n')}</div>
`,
    ),
  );
  return file;
}
