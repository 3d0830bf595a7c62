// A small blog and an emulator for the delivery tests: real `astro build` runs, counts read off the emulator.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Emulator, startEmulator } from '@astro-weixin/emulator';
import { astroBuild, type BuildResult, makeSite, publishEnv, startAstroBuild } from './fixture.js';
import { TEST_APP } from './app.js';
import { makeImage } from './images.js';

export const PUBLISH = "{ target: 'draft', deliver: 'publish', deliveryTimeoutMs: 20000 }";
export const SENDALL = "{ deliver: 'sendall', sendTo: 'all', deliveryTimeoutMs: 20000 }";

export interface DeliverySite {
  emulator: Emulator;
  root: string;
  lockfile: string;
  configure(options: string): Promise<void>;
  build(env?: Record<string, string>): Promise<BuildResult>;
  /** Starts a build and kills it (SIGKILL) once the emulator has carried out `call`. */
  buildKilledDuring(call: string): Promise<BuildResult>;
  /** Successful calls of one API on the emulator. */
  calls(call: string): number;
  /** The state a reader or an editor sees: drafts in the box, publications, mass sends. */
  visible(): { drafts: number; published: number; sends: number };
  /** Forgets everything on the emulator and deletes the lockfile. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** Two posts dated today (so a mass send is provably new within WeChat's 24-hour check), one batch. */
export async function deliverySite(): Promise<DeliverySite> {
  const emulator = await startEmulator({
    port: 0,
    apps: [TEST_APP],
    limits: { publishDelayMs: 300, massSendDelayMs: 300, massSendPerDay: 100 },
  });
  const today = new Date().toISOString().slice(0, 10);
  const files: Record<string, string | Uint8Array> = {};
  for (const [i, title] of ['第一篇', '第二篇'].entries()) {
    files[`src/content/blog/post-${i}.md`] =
      `---\ntitle: ${title}\npubDate: ${today}\nweixin:\n  batch: spring\n  order: ${i}\n---\n\n${title}的正文。\n\n![图](./img-${i}.png)\n`;
    files[`src/content/blog/img-${i}.png`] = await makeImage(320, 180, 'png', { seed: 40 + i });
  }
  const site = await makeSite(files, PUBLISH);
  const lockfile = path.join(site.root, 'weixin.lock.json');
  const env = () => publishEnv(emulator.url, lockfile);
  return {
    emulator,
    root: site.root,
    lockfile,
    configure: (options) =>
      writeFile(
        path.join(site.root, 'astro.config.mjs'),
        `import { defineConfig } from 'astro/config';\nimport weixin from 'astro-weixin';\nexport default defineConfig({ site: 'https://blog.example.com', integrations: [weixin(${options})] });\n`,
      ),
    build: (extra = {}) => astroBuild(site.root, { ...env(), ...extra }),
    async buildKilledDuring(call) {
      const { child, done } = startAstroBuild(site.root, env());
      const deadline = Date.now() + 120_000;
      while (!emulator.requests.some((r) => r.call === call && r.errcode === 0)) {
        if (Date.now() > deadline || child.exitCode !== null) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      child.kill('SIGKILL');
      return done;
    },
    calls: (call) => emulator.requests.filter((r) => r.call === call && r.errcode === 0).length,
    visible() {
      const state = emulator.state();
      return {
        drafts: state.drafts.length,
        published: state.publishes.filter((p) => p.publish_status === 0).length,
        sends: state.messages.filter((m) => m.kind === 'sendall').length,
      };
    },
    async reset() {
      emulator.reset();
      await rm(lockfile, { force: true });
    },
    async close() {
      await emulator.close();
      await site.cleanup();
    },
  };
}

export async function readLock(file: string): Promise<{ accounts: Record<string, { pending?: object }> }> {
  return JSON.parse(await readFile(file, 'utf8'));
}
