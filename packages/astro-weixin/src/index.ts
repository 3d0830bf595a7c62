import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import { optionsSchema, type ResolvedOptions, type WeixinOptions } from './options.js';
import { extendSiteMarkdown, restoreDirectivesIntegration } from './site-markdown.js';
import { runWeixin } from './run.js';
import { setupDevPreview } from './dev/server.js';
import { devToolbarApp } from './dev/toolbar.js';

export type { WeixinOptions, ResolvedOptions, PostInfo } from './options.js';
export type { RunResult } from './run.js';
export { runWeixin } from './run.js';
export { Lockfile } from './lockfile.js';

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
 * Publishes the posts selected with `weixin: true` in front matter to a WeChat Official Account
 * when the site is built, and makes the site render mini-program directives itself.
 */
export default function weixin(userOptions: WeixinOptions = {}): AstroIntegration & { options: ResolvedOptions } {
  const options = resolveOptions(userOptions);
  let root = '';
  let srcDir = '';
  let publicDir = '';
  let site: string | undefined;
  let base = '/';
  return {
    name: 'astro-weixin',
    options,
    hooks: {
      'astro:config:setup': ({ config, command, updateConfig, addDevToolbarApp, logger }) => {
        const pipeline = extendSiteMarkdown(config, options, logger, updateConfig);
        updateConfig({ integrations: [restoreDirectivesIntegration(pipeline)] });
        if (command === 'dev') addDevToolbarApp(devToolbarApp());
      },
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
        srcDir = fileURLToPath(config.srcDir);
        publicDir = fileURLToPath(config.publicDir);
        site = config.site ? new URL(config.base ?? '/', config.site).href : undefined;
        base = config.base ?? '/';
      },
      // The live preview at /__weixin/ during `astro dev`; it never uploads.
      'astro:server:setup': ({ server, logger }) => {
        setupDevPreview(server, { root, srcDir, publicDir, ...(site ? { site } : {}), base, options }, logger);
      },
      'astro:build:done': async ({ dir, logger }) => {
        await runWeixin({
          root,
          srcDir,
          publicDir,
          ...(site ? { site } : {}),
          outDir: path.join(fileURLToPath(dir), 'weixin'),
          options,
          logger,
        });
      },
    },
  } as AstroIntegration & { options: ResolvedOptions };
}
