import { fileURLToPath } from 'node:url';
import type { AstroConfig } from 'astro';
import { siteAddress } from '../config/site.js';
import type { ResolvedOptions } from '../config/options.js';
import type { RunContext } from '../context.js';
import type { DevProject } from '../dev/model.js';

/** What every run for a site shares: its folders, its address and the options; not the output folder nor the logger. */
export type SiteProject = Omit<RunContext, 'outDir' | 'logger'>;

/** The site as Astro's resolved config describes it. */
export function siteProject(config: AstroConfig, options: ResolvedOptions): SiteProject {
  const site = siteAddress(config.site, config.base);
  return {
    root: fileURLToPath(config.root),
    srcDir: fileURLToPath(config.srcDir),
    publicDir: fileURLToPath(config.publicDir),
    cacheDir: fileURLToPath(config.cacheDir),
    ...(site ? { site } : {}),
    options,
  };
}

/** What the dev preview needs of the site, with Astro's `base` to match page addresses to posts. */
export function devProject(project: SiteProject, base: string): DevProject {
  const { root, srcDir, publicDir, site, cacheDir, options } = project;
  return { root, srcDir, publicDir, ...(site ? { site } : {}), ...(cacheDir ? { cacheDir } : {}), base, options };
}
