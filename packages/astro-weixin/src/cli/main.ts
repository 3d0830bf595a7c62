import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, styleText } from 'node:util';
import { optionsOf, resolveOptions } from '../index.js';
import { siteAddress } from '../config/site.js';
import { Lockfile } from '../account/lockfile.js';
import { createClient } from '../publish/publish-posts.js';
import { runWeixin } from '../run.js';
import type { Logger } from '../utils/logger.js';
import { readEnv } from '../config/settings.js';
import { addRemoteStatus, formatStatus, lockStatus } from './status.js';
import { accountPrefix, type CliAccount, cliAccounts } from './accounts.js';
import type { ResolvedOptions } from '../config/options.js';

const USAGE = `astro-weixin <command> [options]

Commands:
  publish    render the selected posts and publish them (WEIXIN_APPID/WEIXIN_APPSECRET needed)
  preview    publish, then send each new message to --to followers (openid, or wxname:ID)
  check      check the posts for mistakes and the credentials, IP whitelist and permissions
  status     where each message stands: uploaded, draft, publishing, published (with
             addresses) or sent (with msg_id), from weixin.lock.json

Options:
  --root DIR     the Astro project (default: the current folder)
  --dry-run      write dist/weixin/ instead of calling the API (publish)
  --to ID        a follower to preview to; repeatable (preview)
  --remote       ask the account too, not only the lockfile (status)
  --json         the same as JSON, for scripts (status)
  --account NAME only this one of the site's \`accounts\` (status, check)
  --draft        fill the draft box (draft/add) instead of uploadnews
  -h, --help     this text`;

function consoleLogger(label = 'astro-weixin'): Logger {
  const stamp = () => styleText('dim', new Date().toTimeString().slice(0, 8));
  const tag = styleText('blue', `[${label}]`);
  return {
    info: (m) => console.log(`${stamp()} ${tag} ${m}`),
    warn: (m) => console.warn(`${stamp()} ${tag} ${styleText('yellow', m)}`),
    error: (m) => console.error(`${stamp()} ${tag} ${styleText('red', m)}`),
    debug: (m) => {
      if (process.env['DEBUG']?.includes('astro-weixin')) console.log(`${stamp()} ${tag} ${styleText('dim', m)}`);
    },
    fork: (next) => consoleLogger(next),
  };
}

interface LoadedProject {
  root: string;
  srcDir: string;
  publicDir: string;
  outDir: string;
  cacheDir: string;
  site?: string;
  options: ResolvedOptions;
}

/** Reads astro.config.* and finds our integration's options in it, so the CLI matches the build. */
async function loadProject(root: string): Promise<LoadedProject> {
  const name = ['astro.config.mjs', 'astro.config.js', 'astro.config.mts', 'astro.config.ts'].find((file) =>
    existsSync(path.join(root, file)),
  );
  let config: Record<string, unknown> = {};
  if (name) {
    const loaded = (await import(pathToFileURL(path.join(root, name)).href)) as { default?: unknown };
    const value = typeof loaded.default === 'function' ? await (loaded.default as () => unknown)() : loaded.default;
    config = (value ?? {}) as Record<string, unknown>;
  }
  const integrations = [config['integrations'] ?? []].flat(Number.POSITIVE_INFINITY);
  const options = integrations.map(optionsOf).find((found) => found !== undefined) ?? resolveOptions({});
  const dir = (key: string, fallback: string) =>
    path.resolve(root, typeof config[key] === 'string' ? (config[key] as string) : fallback);
  const site = siteAddress(config['site'], config['base']);
  return {
    root,
    srcDir: dir('srcDir', './src'),
    publicDir: dir('publicDir', './public'),
    outDir: path.join(dir('outDir', './dist'), 'weixin'),
    // The content layer's store from the last build or `astro sync`; converted images are kept there too.
    cacheDir: dir('cacheDir', './node_modules/.astro'),
    ...(site ? { site } : {}),
    options,
  };
}

async function check(project: LoadedProject, logger: Logger, account: string | undefined): Promise<boolean> {
  const accounts = cliAccounts(project.options, readEnv(project.root), account);
  if (typeof accounts === 'string') {
    logger.error(accounts);
    return false;
  }
  let ok = true;
  try {
    await runWeixin({ ...project, logger, mode: 'check' });
    logger.info('posts: no problems found');
  } catch (error) {
    ok = false;
    const hint = (error as { hint?: string }).hint;
    logger.error((error as Error).message + (hint ? `\n${hint}` : ''));
  }
  for (const one of accounts) ok = (await checkAccount(one, logger)) && ok;
  return ok;
}

/** One account's credentials, IP whitelist and permissions, as WeChat answers them. */
async function checkAccount(account: CliAccount, logger: Logger): Promise<boolean> {
  const { settings } = account;
  const prefix = accountPrefix(account);
  if (!settings.credentials) {
    const options =
      account.name === undefined ? 'the appid/secret options' : `\`accounts.${account.name}.appid\`/\`secret\``;
    logger.warn(
      `${prefix}credentials: none found. Set ${settings.variables.appid} and ${settings.variables.secret} (environment or .env), or ${options}.`,
    );
    return false;
  }
  const verdict = await createClient(account.options, settings).checkCredentials();
  for (const line of verdict.checks) (line.ok ? logger.info : logger.error)(`${prefix}${line.name}: ${line.message}`);
  return verdict.ok;
}

async function status(
  project: LoadedProject,
  logger: Logger,
  flags: { remote: boolean; json: boolean; account: string | undefined },
): Promise<number> {
  const accounts = cliAccounts(project.options, readEnv(project.root), flags.account);
  if (typeof accounts === 'string') {
    logger.error(accounts);
    return 1;
  }
  const lock = await Lockfile.open(path.resolve(project.root, accounts[0]!.settings.lockfile));
  let rows = lockStatus(lock);
  for (const row of rows) {
    const name = accounts.find((account) => account.key === row.account)?.name;
    if (name !== undefined) row.name = name;
  }
  if (flags.account !== undefined) {
    const [account] = accounts;
    if (account!.key === undefined) {
      logger.error(
        `status --account ${flags.account} needs its appid to find its records: set ${account!.settings.variables.appid} (environment or .env) or \`accounts.${flags.account}.appid\`.`,
      );
      return 1;
    }
    rows = rows.filter((row) => row.account === account!.key);
  }
  if (flags.remote) {
    for (const account of accounts) {
      if (!account.settings.credentials) {
        logger.error(
          `${accountPrefix(account)}status --remote needs credentials: set ${account.settings.variables.appid} and ${account.settings.variables.secret} (environment or .env).`,
        );
        return 1;
      }
      await addRemoteStatus(rows, account.key!, createClient(account.options, account.settings));
    }
  }
  if (flags.json) console.log(JSON.stringify(rows, null, 2));
  else console.log(await formatStatus(rows, flags.remote));
  return 0;
}

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      root: { type: 'string' },
      'dry-run': { type: 'boolean' },
      draft: { type: 'boolean' },
      to: { type: 'string', multiple: true },
      remote: { type: 'boolean' },
      json: { type: 'boolean' },
      account: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 1;
  }
  if (!['publish', 'preview', 'check', 'status'].includes(command)) {
    console.error(`astro-weixin: unknown command "${command}"\n`);
    console.error(USAGE);
    return 1;
  }
  const logger = consoleLogger();
  const project = await loadProject(path.resolve(values.root ?? process.cwd()));
  if (command === 'check') return (await check(project, logger, values.account)) ? 0 : 1;
  if (command === 'status')
    return status(project, logger, {
      remote: values.remote === true,
      json: values.json === true,
      account: values.account,
    });
  const options: ResolvedOptions = {
    ...project.options,
    publish: !values['dry-run'],
    ...(values.draft ? { target: 'draft' as const } : {}),
    ...(command === 'preview' ? { previewTo: values.to ?? project.options.previewTo } : {}),
  };
  if (command === 'preview' && options.previewTo.length === 0) {
    logger.error('preview needs followers to send to: --to OPENID (or the previewTo option).');
    return 1;
  }
  try {
    await runWeixin({ ...project, options, logger, ...(values['dry-run'] ? { dryRun: true } : {}) });
    return 0;
  } catch (error) {
    const hint = (error as { hint?: string }).hint;
    logger.error((error as Error).message + (hint ? `\n${hint}` : ''));
    return 1;
  }
}
