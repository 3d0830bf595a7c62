// A small blog and an emulator for the delivery tests: real `astro build` runs, counts read off the emulator.
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { type Emulator, startEmulator } from '@astro-weixin/emulator';
import { astroBuild, type BuildResult, makeSite, publishEnv, startAstroBuild, writeAstroConfig } from './fixture.js';
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
  /** Drafts made for posts: draft/add calls less the lease's marker drafts, each deleted again (as is a losing deploy's own draft). */
  draftsMade(): number;
  /** The state a reader or an editor sees: drafts in the box, publications, mass sends. */
  visible(): { drafts: number; published: number; sends: number };
  /** Forgets everything on the emulator and deletes the lockfile. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** Two posts dated now (so a mass send is provably new within WeChat's 24-hour check), one batch. */
export async function deliverySite(): Promise<DeliverySite> {
  const emulator = await startEmulator({
    port: 0,
    apps: [TEST_APP],
    limits: { publishDelayMs: 300, massSendDelayMs: 300, massSendPerDay: 100 },
  });
  // The instant, not the day: a test running past midnight UTC would otherwise see posts over 24 hours old.
  const now = new Date().toISOString();
  const files: Record<string, string | Uint8Array> = {};
  for (const [i, title] of ['第一篇', '第二篇'].entries()) {
    files[`src/content/blog/post-${i}.md`] =
      `---\ntitle: ${title}\npubDate: ${now}\nweixin:\n  batch: spring\n  order: ${i}\n---\n\n${title}的正文。\n\n![图](./img-${i}.png)\n`;
    files[`src/content/blog/img-${i}.png`] = await makeImage(320, 180, 'png', { seed: 40 + i });
  }
  const site = await makeSite(files, PUBLISH);
  const lockfile = path.join(site.root, 'weixin.lock.json');
  const env = () => publishEnv(emulator.url, lockfile);
  return {
    emulator,
    root: site.root,
    lockfile,
    configure: (options) => writeAstroConfig(site.root, options),
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
    draftsMade() {
      const done = (call: string) => emulator.requests.filter((r) => r.call === call && r.errcode === 0).length;
      return done('draft/add') - done('draft/delete');
    },
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

export interface Checkout {
  root: string;
  lockfile: string;
  /** Starts `astro build` here against the site's emulator, with its own lockfile. */
  start(): ReturnType<typeof startAstroBuild>;
}

/**
 * Copies of the site in separate folders, as separate CI checkouts or host builds are: each with the
 * site's lockfile as it stands (none, if the site has none), sharing nothing else but the account.
 */
export async function checkouts(site: DeliverySite, count: number): Promise<Checkout[]> {
  const made: Checkout[] = [];
  for (let i = 0; i < count; i += 1) {
    const root = await mkdtemp(path.join(path.dirname(site.root), 'checkout-'));
    await cp(site.root, root, {
      recursive: true,
      filter: (file) => !/[/\\](node_modules|dist)([/\\]|$)/.test(path.relative(site.root, file)),
    });
    const lockfile = path.join(root, 'weixin.lock.json');
    made.push({ root, lockfile, start: () => startAstroBuild(root, publishEnv(site.emulator.url, lockfile)) });
  }
  return made;
}

/** Starts the checkouts' builds `gapMs` apart, and waits for all of them. */
export async function buildTogether(list: Checkout[], gapMs: number): Promise<BuildResult[]> {
  const runs: Promise<BuildResult>[] = [];
  for (const [i, checkout] of list.entries()) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    runs.push(checkout.start().done);
  }
  return Promise.all(runs);
}

export async function removeCheckouts(list: Checkout[]): Promise<void> {
  await Promise.all(list.map((checkout) => rm(checkout.root, { recursive: true, force: true })));
}
