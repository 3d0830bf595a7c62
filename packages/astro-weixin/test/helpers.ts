import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { resolveOptions, type WeixinOptions } from '../src/index.js';
import { runWeixin } from '../src/run.js';
import type { Logger } from '../src/utils/logger.js';
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

/** A real image of the given size and format, with noise so it does not compress to nothing. */
export async function makeImage(
  width: number,
  height: number,
  format: 'jpeg' | 'png' | 'webp',
  noise = false,
): Promise<Uint8Array> {
  const channels = 3;
  const raw = Buffer.alloc(width * height * channels);
  for (let i = 0; i < raw.length; i += 1) raw[i] = noise ? Math.floor(Math.random() * 256) : (i * 7) % 256;
  const image = sharp(raw, { raw: { width, height, channels } });
  return format === 'jpeg'
    ? image.jpeg({ quality: 95 }).toBuffer()
    : format === 'png'
      ? image.png().toBuffer()
      : image.webp().toBuffer();
}

/** A logger that keeps every line, prefixed with its level, for tests to read. */
export function capturingLogger(lines: string[]): Logger {
  const log: Logger = {
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
    debug: (m) => lines.push(`debug ${m}`),
    fork: () => log,
  };
  return log;
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
