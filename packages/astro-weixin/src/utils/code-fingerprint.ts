import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The packages whose code decides an article's HTML. */
export const RENDERER_PACKAGES = ['@astro-weixin/markdown', 'rehype-weixin', 'remark-weixin-miniprogram'];

const fingerprints = new Map<string, Promise<string>>();

/**
 * What identifies the built code of these packages (and of astro-weixin itself, with `self`), once
 * per process: each file's name, size and modification time. A rebuilt or upgraded package changes
 * them, and nothing has to read the code itself.
 */
export function codeFingerprint(packages: readonly string[], options: { self?: boolean } = {}): Promise<string> {
  const dirs = packages.map((name) => path.dirname(fileURLToPath(import.meta.resolve(name))));
  // The folder above this module's: astro-weixin's built code.
  if (options.self) dirs.push(fileURLToPath(new URL('..', import.meta.url)));
  const id = dirs.join('\n');
  let fingerprint = fingerprints.get(id);
  if (!fingerprint) {
    fingerprint = (async () => {
      const hash = createHash('sha256');
      for (const dir of dirs) {
        const files = (await readdir(dir, { recursive: true }))
          .filter((entry) => /\.(js|ts)$/.test(entry) && !entry.endsWith('.d.ts'))
          .sort();
        const stats = await Promise.all(files.map((entry) => stat(path.join(dir, entry))));
        files.forEach((entry, index) => {
          hash.update(`${dir} ${entry} ${stats[index]!.size} ${stats[index]!.mtimeMs}\n`);
        });
      }
      return hash.digest('hex');
    })();
    fingerprints.set(id, fingerprint);
  }
  return fingerprint;
}

/**
 * What identifies a build's own work: astro-weixin's code, the renderers' and the rules', and the
 * resolved options (a function option by its source).
 */
export async function workFingerprint(options: unknown): Promise<string> {
  const code = await codeFingerprint([...RENDERER_PACKAGES, '@astro-weixin/rules'], { self: true });
  const settings = JSON.stringify(options, (_key, value: unknown) =>
    typeof value === 'function' ? `function ${value.toString()}` : value,
  );
  return `${code}\n${settings}`;
}
