// Which host a build runs on, and whether it may deliver there: a host that cannot deliver exactly
// once stops the build before any upload, with a way out.
import { type Emulator, startEmulator } from '@astro-weixin/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectHost, judgeHost } from '../src/config/deploy-host.js';
import { makeProject, runProject } from './helpers.js';
import { makeImage } from '../../../test/helpers/images.js';

describe('detectHost', () => {
  it.each([
    [{ VERCEL: '1' }, 'vercel', false],
    [{ NETLIFY: 'true' }, 'netlify', false],
    [{ CF_PAGES: '1' }, 'cloudflare-pages', false],
    [{ GITHUB_ACTIONS: 'true' }, 'github-actions', true],
    [{ CI: 'true' }, 'other', true],
    [{ VERCEL: '' }, 'other', true],
  ])('%j is %s (keeps the lockfile: %s)', (env, id, keepsLockfile) => {
    expect(detectHost(env)).toMatchObject({ id, keepsLockfile });
  });
});

describe('judgeHost', () => {
  const base = { lease: {}, tokenFromOutside: false, realApi: true, env: {} };

  it('refuses a mass send on Vercel, saying why and where to send from instead', () => {
    const { refusal } = judgeHost(detectHost({ VERCEL: '1' }), { ...base, deliver: 'sendall' });
    expect(refusal?.message).toMatch(/does not mass-send from a Vercel build: Vercel keeps no weixin\.lock\.json/);
    expect(refusal?.hint).toMatch(/separate workflow that commits the lockfile.*WEIXIN_LOCKFILE_KEPT=1/);
  });

  it('lets a mass send through where the lockfile is said to be kept, and on GitHub Actions', () => {
    const kept = { ...base, deliver: 'sendall' as const, env: { WEIXIN_LOCKFILE_KEPT: '1' } };
    expect(judgeHost(detectHost({ NETLIFY: 'true' }), kept).refusal).toBeUndefined();
    const github = judgeHost(detectHost({ GITHUB_ACTIONS: 'true' }), { ...base, deliver: 'sendall' });
    expect(github.refusal).toBeUndefined();
  });

  it('lets a publish through on Cloudflare Pages with the lease, and refuses it with lease: false', () => {
    const host = detectHost({ CF_PAGES: '1' });
    expect(judgeHost(host, { ...base, deliver: 'publish' }).refusal).toBeUndefined();
    const { refusal } = judgeHost(host, { ...base, deliver: 'publish', lease: false });
    expect(refusal?.message).toMatch(/does not publish from Cloudflare Pages with `lease: false`/);
  });

  it('warns about the IP whitelist on a host with changing addresses, unless a proxy or a token function is set', () => {
    const host = detectHost({ VERCEL: '1' });
    expect(judgeHost(host, { ...base, deliver: 'publish' }).warnings).toEqual([
      expect.stringMatching(/Vercel builds from changing addresses.*40164/),
    ]);
    expect(judgeHost(host, { ...base, deliver: 'publish', proxy: 'http://proxy:3128' }).warnings).toEqual([]);
    expect(judgeHost(host, { ...base, deliver: 'publish', tokenFromOutside: true }).warnings).toEqual([]);
    // The emulator has no whitelist to warn about.
    expect(judgeHost(host, { ...base, deliver: 'publish', realApi: false }).warnings).toEqual([]);
  });

  it('says nothing when nothing is delivered', () => {
    expect(judgeHost(detectHost({ VERCEL: '1' }), { ...base, deliver: 'none' })).toEqual({ warnings: [] });
  });
});

describe('a build on a host that cannot deliver exactly once', () => {
  const app = { appid: 'wx00112233445566bb', secret: 'host-secret-0123456789abcdef01234' };
  let emulator: Emulator;
  let project: { root: string; cleanup: () => Promise<void> };
  const lines: string[] = [];
  beforeEach(async () => {
    emulator = await startEmulator({ port: 0, apps: [app] });
    const postedAt = new Date().toISOString(); // the instant: a day would be over 24 hours old after midnight UTC
    project = await makeProject({
      'src/content/blog/a.md': `---\ntitle: Post A\npubDate: ${postedAt}\nweixin: true\n---\n\nBody ![x](./x.png)\n`,
      'src/content/blog/x.png': await makeImage(64, 48, 'png'),
    });
  });
  afterEach(async () => {
    await emulator.close();
    await project.cleanup();
  });

  it('stops before any upload on Netlify with sendall, and calls nothing', async () => {
    const run = runProject(
      { root: project.root, apiBase: emulator.url, app, lines },
      { deliver: 'sendall', sendTo: 'all' },
      { env: { NETLIFY: 'true' } },
    );
    await expect(run).rejects.toThrow(/does not mass-send from a Netlify build/);
    expect(emulator.requests).toHaveLength(0);
  }, 20_000);
});
