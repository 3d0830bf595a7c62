import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import { optionsSchema, type ResolvedOptions, type WeixinOptions } from './config/options.js';
import { extendSiteMarkdown, restoreDirectivesIntegration } from './integration/site-markdown.js';
import type { CheckedPosts, RunContext, RunResult } from './context.js';
import { devProject, type SiteProject, siteProject } from './integration/project.js';
import { DeferredLogger } from './integration/deferred-logger.js';
import { copyIntoSite, dryRunDir } from './dry-run/dir.js';
import { devToolbarApp } from './dev/toolbar.js';

export type { WeixinOptions, ResolvedOptions, PostInfo } from './config/options.js';
export type { RunResult } from './context.js';

/**
 * Select, render, check, then publish (or write a dry run), outside an Astro build. The work is
 * loaded on first use: a site's config imports this module, and a build that has nothing for
 * WeChat should not pay for the renderer and the API client.
 */
export async function runWeixin(context: RunContext): Promise<RunResult> {
  return (await import('./run.js')).runWeixin(context);
}
export { Lockfile } from './account/lockfile.js';

/** Validates options the way Astro's own integrations do: one error that says what to change. */
export function resolveOptions(options: WeixinOptions = {}): ResolvedOptions {
  const result = optionsSchema.safeParse(options);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(options)'}: ${issue.message}`);
  throw new AstroError(
    `Invalid astro-weixin options:\n${lines.join('\n')}`,
    'See the astro-weixin README for the options and their defaults.',
  );
}

/**
 * Our errors say what to change; a stack trace under them only buries that. Astro prints an
 * AstroError without one (and without a guessed Location) when its stack is empty.
 */
async function withoutStack<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AstroError) error.stack = '';
    throw error;
  }
}

/** Where the integration keeps its resolved options, for the CLI to read them back from astro.config. */
const OPTIONS = Symbol.for('astro-weixin.options');

/** The resolved options of an astro-weixin integration found in a config's `integrations`, if it is one. */
export function optionsOf(integration: unknown): ResolvedOptions | undefined {
  if (!integration || typeof integration !== 'object') return undefined;
  return (integration as { [OPTIONS]?: ResolvedOptions })[OPTIONS];
}

/**
 * Publishes the posts selected with `weixin: true` in front matter to a WeChat Official Account
 * when the site is built, and makes the site render mini-program directives itself.
 */
export default function weixin(userOptions: WeixinOptions = {}): AstroIntegration {
  const options = resolveOptions(userOptions);
  let project: SiteProject | undefined;
  let base = '/';
  // What the checks at build:start found, for the uploads once the site is built.
  let checked: CheckedPosts | undefined;

  // The dry run started while the pages are built, with the logger that holds its lines until then.
  let dryRunAhead: { work: Promise<RunResult>; deferred: DeferredLogger } | undefined;
  return {
    name: 'astro-weixin',
    [OPTIONS]: options,
    hooks: {
      'astro:config:setup': ({ config, command, updateConfig, addDevToolbarApp, logger }) => {
        const pipeline = extendSiteMarkdown(config, options, logger, updateConfig);
        updateConfig({ integrations: [restoreDirectivesIntegration(pipeline)] });
        if (command === 'dev') addDevToolbarApp(devToolbarApp());
      },
      'astro:config:done': ({ config }) => {
        project = siteProject(config, options);
        base = config.base ?? '/';
      },
      // The live preview at /__weixin/ during `astro dev`; it never uploads.
      'astro:server:setup': async ({ server, logger }) => {
        const { setupDevPreview } = await import('./dev/server.js');
        setupDevPreview(server, devProject(project!, base), logger);
      },
      // Every check runs before Astro renders pages, so a broken post is named by us, not by Astro's image step.
      'astro:build:start': async ({ logger }) => {
        const { checkPosts } = await import('./checks/check-posts.js');
        checked = await withoutStack(() => checkPosts({ ...project!, logger }));
      },
      // A dry run uploads nothing, so it need not wait for the pages: when nothing changed since the
      // last build (the dry run then links back the last one's files) it is made while Astro builds
      // them, and reports once the build is done. One with work to do waits for build:done: on the
      // same JS thread it saved no time, and its image conversions beside Astro's own image step
      // raised the build's peak memory (by about 40 MB on the bench's 100-post site).
      'astro:build:setup': () => {
        if (!checked || checked.publishes || !checked.unchanged || dryRunAhead) return;
        const deferred = DeferredLogger.create();
        const outDir = dryRunDir(project!, options);
        const work = import('./run.js').then(({ uploadPosts }) =>
          uploadPosts({ ...project!, outDir, logger: deferred }, checked!),
        );
        // Awaited at astro:build:done; a failure is reported there, not as an unhandled rejection.
        work.catch(() => undefined);
        dryRunAhead = { work, deferred };
      },
      'astro:build:done': async ({ dir, logger }) => {
        if (!checked) return;
        const posts = checked;
        const outDir = dryRunDir(project!, options);
        let result: RunResult;
        if (dryRunAhead) {
          const { work, deferred } = dryRunAhead;
          try {
            result = await withoutStack(() => work);
          } finally {
            deferred.replay(logger);
          }
        } else {
          const { uploadPosts } = await import('./run.js');
          result = await withoutStack(() => uploadPosts({ ...project!, outDir, logger }, posts));
        }
        if (result.mode === 'dry-run' && options.dryRunInSite) {
          const copied = await copyIntoSite(outDir, fileURLToPath(dir));
          logger.info(
            `dryRunInSite: the dry run is copied into the site (${path.relative(project!.root, copied)}), which serves it at ${base.replace(/\/?$/, '/')}weixin/`,
          );
        }
      },
    },
  } as AstroIntegration;
}
