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
import { accountKey, publishingSettings, readEnv } from '../config/settings.js';
import { addRemoteStatus, formatStatus, lockStatus } from './status.js';
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

async function check(project: LoadedProject, logger: Logger): Promise<boolean> {
  let ok = true;
  try {
    await runWeixin({ ...project, logger, mode: 'check' });
    logger.info('posts: no problems found');
  } catch (error) {
    ok = false;
    const hint = (error as { hint?: string }).hint;
    logger.error((error as Error).message + (hint ? `\n${hint}` : ''));
  }
  const settings = publishingSettings(project.options, readEnv(project.root));
  if (!settings.credentials) {
    logger.warn(
      'credentials: none found. Set WEIXIN_APPID and WEIXIN_APPSECRET (environment or .env), or the appid/secret options.',
    );
    return false;
  }
  const client = createClient(project.options, settings);
  const verdict = await client.checkCredentials();
  for (const line of verdict.checks) (line.ok ? logger.info : logger.error)(`${line.name}: ${line.message}`);
  return ok && verdict.ok;
}

async function status(
  project: LoadedProject,
  logger: Logger,
  flags: { remote: boolean; json: boolean },
): Promise<number> {
  const settings = publishingSettings(project.options, readEnv(project.root));
  const lock = await Lockfile.open(path.resolve(project.root, settings.lockfile));
  const rows = lockStatus(lock);
  if (flags.remote) {
    if (!settings.credentials) {
      logger.error('status --remote needs credentials: set WEIXIN_APPID and WEIXIN_APPSECRET (environment or .env).');
      return 1;
    }
    await addRemoteStatus(rows, accountKey(settings), createClient(project.options, settings));
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
  if (command === 'check') return (await check(project, logger)) ? 0 : 1;
  if (command === 'status')
    return status(project, logger, { remote: values.remote === true, json: values.json === true });
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
