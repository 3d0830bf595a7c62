import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resolveOptions, type WeixinOptions } from '../src/index.js';
import { runWeixin } from '../src/run.js';
import { capturingLogger } from '../../../test/helpers/logger.js';
import type { RunResult } from '../src/context.js';

/** A throwaway project folder with the files given (paths relative to it). */
export async function makeProject(
  files: Record<string, string | Uint8Array>,
): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'astro-weixin-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/**
 * runWeixin on a test project, publishing to the emulator at `apiBase` with `app`'s credentials
 * (publishing switched on), as a build in that project would.
 */
export function runProject(
  setup: { root: string; apiBase: string; app: { appid: string; secret: string }; lines: string[] },
  options: WeixinOptions,
  extra: { env?: Record<string, string>; now?: () => number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<RunResult> {
  return runWeixin({
    root: setup.root,
    srcDir: path.join(setup.root, 'src'),
    publicDir: path.join(setup.root, 'public'),
    site: 'https://blog.example.com/',
    outDir: path.join(setup.root, 'dist/weixin'),
    options: resolveOptions(options),
    logger: capturingLogger(setup.lines),
    env: {
      WEIXIN_APPID: setup.app.appid,
      WEIXIN_APPSECRET: setup.app.secret,
      WEIXIN_API_BASE: setup.apiBase,
      WEIXIN_PUBLISH: '1',
      ...extra.env,
    },
    ...(extra.now ? { now: extra.now } : {}),
    ...(extra.sleep ? { sleep: extra.sleep } : {}),
  });
}
