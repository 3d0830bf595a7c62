import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_APP } from './app.js';

export const testRoot = path.resolve(fileURLToPath(import.meta.url), '../..');
export const workspaceRoot = path.resolve(testRoot, '..');
const astroBin = path.join(testRoot, 'node_modules', 'astro', 'bin', 'astro.mjs');

/** Where a build's dry run is, by default: Astro's cache folder, outside the site's output. */
export const dryRunOut = (root: string, ...parts: string[]): string =>
  path.join(root, 'node_modules', '.astro', 'astro-weixin', 'dry-run', ...parts);

/** An astro.config.mjs with the integration given `options` (its source text, as in `weixin(…)`). */
function astroConfig(options = '{}'): string {
  return `import { defineConfig } from 'astro/config';\nimport weixin from 'astro-weixin';\nexport default defineConfig({ site: 'https://blog.example.com', integrations: [weixin(${options})] });\n`;
}

/** Writes the site's astro.config.mjs with the integration given `options`. */
export function writeAstroConfig(root: string, options: string): Promise<void> {
  return writeFile(path.join(root, 'astro.config.mjs'), astroConfig(options));
}

/**
 * A small Astro site inside test/.tmp, so it resolves astro and astro-weixin from the test
 * package's node_modules exactly as a user's site resolves them from its own.
 */
export async function makeSite(
  files: Record<string, string | Uint8Array>,
  config = '{}',
  base = path.join(testRoot, '.tmp'),
): Promise<{ root: string; cleanup: () => Promise<void> }> {
  await mkdir(base, { recursive: true });
  const root = await mkdtemp(path.join(base, 'site-'));
  const all: Record<string, string | Uint8Array> = {
    'package.json': JSON.stringify({ name: path.basename(root), private: true, type: 'module' }),
    'astro.config.mjs': astroConfig(config),
    'src/pages/index.astro': '---\n---\n<html><body><h1>Fixture</h1></body></html>\n',
    ...files,
  };
  for (const [name, content] of Object.entries(all)) {
    const file = path.join(root, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** A copy of the playground, so tests never write into the real one. */
export async function copyPlayground(): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const base = path.join(testRoot, '.tmp');
  await mkdir(base, { recursive: true });
  const root = await mkdtemp(path.join(base, 'playground-'));
  const source = path.join(workspaceRoot, 'playground');
  await cp(source, root, {
    recursive: true,
    filter: (file) =>
      !/[/\\](node_modules|dist|\.astro)([/\\]|$)/.test(path.relative(source, file)) ||
      path.relative(source, file) === '',
  });
  // The playground's own astro.config imports @astrojs/mdx, which the test package also has.
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

export interface BuildResult {
  code: number;
  output: string;
}

/**
 * A workspace package under test/fixtures that pins another Astro major; sites made in its `.tmp`
 * resolve that astro (and @astrojs/mdx) from its node_modules, as a user's blog on that major does.
 */
export async function astroFixture(name: string): Promise<{ sites: string; bin: string; version: string }> {
  const dir = path.join(testRoot, 'fixtures', name);
  const astroDir = path.join(dir, 'node_modules', 'astro');
  const manifest = JSON.parse(await readFile(path.join(astroDir, 'package.json'), 'utf8'));
  // The CLI moved from astro.js (Astro 5) to bin/astro.mjs (Astro 6).
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin.astro;
  return { sites: path.join(dir, '.tmp'), bin: path.join(astroDir, bin), version: manifest.version };
}

/** Runs the real `astro build` CLI, as a user's deploy does. */
export function astroBuild(root: string, env: Record<string, string> = {}, bin = astroBin): Promise<BuildResult> {
  return startAstroBuild(root, env, bin).done;
}

/** Starts `astro build` and hands back the process too, so a test can kill it mid-way. */
export function startAstroBuild(
  root: string,
  env: Record<string, string> = {},
  bin = astroBin,
): { child: ChildProcess; done: Promise<BuildResult> } {
  let child!: ChildProcess;
  const done = new Promise<BuildResult>((resolve) => {
    child = spawn(process.execPath, [bin, 'build'], {
      cwd: root,
      env: astroEnv(process.env, env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 137 : 1), output }));
  });
  return { child, done };
}

export function publishEnv(url: string, lockfile?: string): Record<string, string> {
  return {
    WEIXIN_APPID: TEST_APP.appid,
    WEIXIN_APPSECRET: TEST_APP.secret,
    WEIXIN_API_BASE: url,
    WEIXIN_PUBLISH: '1',
    ...(lockfile ? { WEIXIN_LOCKFILE: lockfile } : {}),
  };
}

export interface DevServer {
  url: string;
  /** Everything the server printed so far. */
  output: () => string;
  stop: () => Promise<void>;
}

/** A port nobody listens on right now, for a server the test starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Runs the real `astro dev` CLI, as an author does while writing; resolves once it listens. */
export async function astroDev(root: string, env: Record<string, string> = {}, bin = astroBin): Promise<DevServer> {
  const port = await freePort();
  // With Vitest's VITEST variable set, Astro's dev server answers every page with "Cannot GET".
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')));
  const child = spawn(process.execPath, [bin, 'dev', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: root,
    env: astroEnv(inherited, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const listen = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`:${port}/`)) resolve();
    };
    child.stdout.on('data', listen);
    child.stderr.on('data', listen);
    exited.then(() => reject(new Error(`astro dev exited before it listened:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The environment an Astro child process gets: no WEIXIN_* from the machine running the tests, no colours, then the test's own. */
function astroEnv(base: NodeJS.ProcessEnv, env: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...base,
    WEIXIN_APPID: '',
    WEIXIN_APPSECRET: '',
    WEIXIN_PUBLISH: '',
    WEIXIN_API_BASE: '',
    FORCE_COLOR: '0',
    NO_COLOR: '1',
    ...env,
  };
}
