import { createRequire } from 'node:module';

/**
 * The major version of a package as the site resolves it from its own root, which may differ from
 * the one astro-weixin was built against; undefined when the site does not have it.
 */
export function siteMajor(root: URL, name: string): number | undefined {
  try {
    const require = createRequire(new URL('package.json', root));
    const { version } = require(`${name}/package.json`) as { version: string };
    return Number.parseInt(version, 10);
  } catch {
    return undefined;
  }
}
