// The GitHub Actions workflow of docs/deploy.md, step by step against the emulator: fresh checkouts
// of a git repository, the build step with the workflow's variables, the lockfile committed back.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Emulator, startEmulator } from '@astro-weixin/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { astroBuild, makeSite, testRoot, workspaceRoot } from './helpers/fixture.js';
import { TEST_APP } from './helpers/app.js';
import { makeImage } from './helpers/images.js';

interface Step {
  name?: string;
  run?: string;
  env?: Record<string, string>;
}

let emulator: Emulator;
let origin: string;
let work: string;
let steps: Step[];
let cleanupSite: () => Promise<void>;

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8', stdio: 'pipe' });

beforeAll(async () => {
  const doc = await readFile(path.join(workspaceRoot, 'docs/deploy.md'), 'utf8');
  const workflow = parse(/```yaml\n([\s\S]*?)```/.exec(doc.slice(doc.indexOf('## 4.')))![1]!);
  steps = workflow.jobs.deploy.steps as Step[];
  expect(workflow.concurrency).toEqual({ group: 'weixin-deploy', 'cancel-in-progress': false });

  emulator = await startEmulator({ port: 0, apps: [TEST_APP], limits: { publishDelayMs: 300 } });
  const postedAt = new Date().toISOString(); // the instant: a day would be over 24 hours old after midnight UTC
  const site = await makeSite(
    {
      'src/content/blog/hello.md': `---\ntitle: 你好\npubDate: ${postedAt}\nweixin: true\n---\n\n正文。\n\n![图](./a.png)\n`,
      'src/content/blog/a.png': await makeImage(320, 180, 'png', { seed: 7 }),
      '.gitignore': 'node_modules\ndist\n.astro\n',
    },
    "{ target: 'draft', deliver: 'publish' }",
  );
  cleanupSite = site.cleanup;
  work = await mkdtemp(path.join(os.tmpdir(), 'weixin-deploy-'));
  origin = path.join(work, 'origin.git');
  git(work, 'init', '--bare', origin);
  git(site.root, 'init');
  git(site.root, 'add', '.');
  git(site.root, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-m', 'the blog');
  git(site.root, 'push', origin, 'HEAD:main');
});
afterAll(async () => {
  await emulator?.close();
  await cleanupSite?.();
  if (work) await rm(work, { recursive: true, force: true });
  for (const dir of checkouts) await rm(dir, { recursive: true, force: true });
});

const checkouts: string[] = [];

/** A fresh checkout, as actions/checkout makes it, inside the test package so it resolves astro and astro-weixin. */
async function checkout(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(testRoot, '.tmp', `checkout-${name}-`));
  git(dir, 'clone', '--quiet', origin, '.');
  checkouts.push(dir);
  return dir;
}

/** The "Build and deliver" step: its run command with its variables, secrets filled in, the API pointed at the emulator. */
function buildStep(root: string, extra: Record<string, string> = {}) {
  const step = steps.find((s) => s.name === 'Build and deliver')!;
  expect(step.run).toBe('pnpm astro build');
  const secrets: Record<string, string> = {
    WEIXIN_APPID: TEST_APP.appid,
    WEIXIN_APPSECRET: TEST_APP.secret,
    WEIXIN_PROXY: '',
  };
  const env = Object.fromEntries(
    Object.entries(step.env!).map(([key, value]) => [
      key,
      value.replace(/\$\{\{ secrets\.(\w+) \}\}/, (_, name) => secrets[name]!),
    ]),
  );
  return astroBuild(root, { ...env, WEIXIN_API_BASE: emulator.url, ...extra });
}

/** The "Keep the record" step, run by bash as the runner would. */
function commitBackStep(root: string): void {
  const step = steps.find((s) => s.name === 'Keep the record of what was delivered')!;
  execFileSync('bash', ['-e', '-c', step.run!], { cwd: root, stdio: 'pipe' });
}

const visible = () => {
  const state = emulator.state();
  return { drafts: state.drafts.length, published: state.publishes.filter((p) => p.publish_status === 0).length };
};

describe('the deploy workflow of docs/deploy.md', () => {
  it('publishes on the first deploy and commits the lockfile back', async () => {
    const root = await checkout('first');
    const result = await buildStep(root);
    expect(result.code, result.output).toBe(0);
    expect(result.output).not.toContain(TEST_APP.secret);
    commitBackStep(root);
    expect(git(root, 'log', '--format=%s', '-1').trim()).toBe('weixin.lock.json: record the deploy [skip ci]');
    expect(visible()).toEqual({ drafts: 0, published: 1 });
  });

  it('makes no API call at all on the next deploy of the unchanged site', async () => {
    const root = await checkout('second');
    const before = emulator.requests.length;
    const result = await buildStep(root);
    expect(result.code, result.output).toBe(0);
    expect(emulator.requests.length).toBe(before);
  });

  it('without the committed lockfile, still publishes nothing twice', async () => {
    const root = await checkout('stale');
    git(root, 'reset', '--quiet', '--hard', 'HEAD~1');
    await expect(readFile(path.join(root, 'weixin.lock.json'))).rejects.toThrow();
    const result = await buildStep(root);
    expect(result.code, result.output).toBe(0);
    expect(visible()).toEqual({ drafts: 0, published: 1 });
  });

  it('two builds at once on one machine: the second waits, and the post is published once', async () => {
    emulator.reset();
    // Two working copies, one lockfile: what two overlapping deploys on one runner share.
    const [one, two] = [await checkout('one'), await checkout('two')];
    for (const root of [one, two]) git(root, 'reset', '--quiet', '--hard', 'HEAD~1');
    const shared = { WEIXIN_LOCKFILE: path.join(one, 'weixin.lock.json') };
    // The first build to take the lock holds it a while (a slow draft/add), so the other one meets it.
    emulator.faults.add({ kind: 'latency', ms: 4000, call: 'draft/add', count: 1 });
    const [a, b] = await Promise.all([buildStep(one, shared), buildStep(two, shared)]);
    expect(a.code, a.output).toBe(0);
    expect(b.code, b.output).toBe(0);
    expect(`${a.output}\n${b.output}`).toMatch(
      /another build is publishing with \S*weixin\.lock\.json; waiting for it to finish/,
    );
    expect(visible()).toEqual({ drafts: 0, published: 1 });
    // One draft for the post: the lease's marker draft (added and deleted again) is not counted.
    const done = (call: string) => emulator.requests.filter((r) => r.call === call && r.errcode === 0).length;
    expect(done('draft/add') - done('draft/delete')).toBe(1);
  });
});
