import { cp, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where a dry run is written: the folder the author names (`dryRunDir`), else Astro's cache folder.
 * Never inside the site's output by default: every host serves that folder, and a dry run holds
 * unpublished posts.
 */
export function dryRunDir(
  project: { root: string; cacheDir?: string | undefined },
  options: { dryRunDir?: string | undefined },
): string {
  if (options.dryRunDir) return path.resolve(project.root, options.dryRunDir);
  const cacheDir = project.cacheDir ?? path.join(project.root, 'node_modules', '.astro');
  return path.join(cacheDir, 'astro-weixin', 'dry-run');
}

/** Copies a dry run into the site's output at `weixin/`, for an author who asked to publish it with the site. */
export async function copyIntoSite(dryRun: string, pagesDir: string): Promise<string> {
  const target = path.join(pagesDir, 'weixin');
  await rm(target, { recursive: true, force: true });
  await cp(dryRun, target, { recursive: true });
  return target;
}
