// What every build loads before it knows whether a post changed: the checks' entry. A rebuild with
// nothing new never renders, so the Markdown pipeline (hundreds of modules, more time than the
// checks themselves) must stay behind a dynamic import. bench/build.mjs measures what it costs.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** Imports the module named by the first argument and prints every URL that loading it loaded. */
const RECORD_LOADS = `
import { registerHooks } from 'node:module';
const loaded = [];
registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
await import(process.argv[1]);
process.stdout.write(JSON.stringify(loaded));
`;

/** Modules only rendering needs: the parser, the HTML passes, highlighting, math and CSS. */
const RENDERING = /micromark|mdast-util-from-markdown|rehype-weixin|remark-gfm|shiki|mathjax|parse5|postcss/;

/** A module of the workspace as built (Node loads the built code, as a site's build does). */
const built = (file: string) => new URL(`../packages/${file}`, import.meta.url).href;

async function loadedBy(specifier: string): Promise<string[]> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', RECORD_LOADS, specifier]);
  return JSON.parse(stdout) as string[];
}

describe('the modules a build loads before rendering', () => {
  it('are the checks without the Markdown pipeline, which the render step imports when a post changed', async () => {
    const loaded = await loadedBy(built('astro-weixin/dist/checks/check-posts.js'));
    expect(loaded).toContainEqual(expect.stringMatching(/markdown\/dist\/decode\.js$/));
    expect(loaded.filter((url) => RENDERING.test(url))).toEqual([]);
  });

  it('leave out the dry run writers for a rebuild that links the last dry run back', async () => {
    // run.js is what build:setup loads to start the dry run; the previews' HTML parsing, the dark
    // mode and the image conversions load only when a dry run has something to write.
    const loaded = await loadedBy(built('astro-weixin/dist/run.js'));
    expect(loaded).toContainEqual(expect.stringMatching(/dry-run\/write\.js$/));
    expect(loaded.filter((url) => /parse5|hast-util-from-html|dark-mode|dry-run\/sink\.js|icc/.test(url))).toEqual([]);
  });

  it('would show the pipeline had it been loaded: its entry matches the pattern above', async () => {
    expect(
      (await loadedBy(built('markdown/dist/index.js'))).filter((url) => RENDERING.test(url)).length,
    ).toBeGreaterThan(50);
  });
});
