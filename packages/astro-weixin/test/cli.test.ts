// The CLI outside `astro build`: check, publish and preview against the emulator.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startEmulator, type Emulator } from '@astro-weixin/emulator';
import { main } from '../src/cli/main.js';
import { makeProject } from './helpers.js';
import { makeImage } from '../../../test/helpers/images.js';
import { TEST_APP } from '../../../test/helpers/app.js';

let emulator: Emulator;
let project: { root: string; cleanup: () => Promise<void> };
let output: string[];

beforeEach(async () => {
  emulator = await startEmulator({ port: 0, apps: [TEST_APP] });
  project = await makeProject({
    'src/content/blog/a.md': '---\ntitle: CLI post\nweixin: true\n---\n\nBody ![x](./x.png)\n',
    'src/content/blog/x.png': await makeImage(40, 30, 'png'),
  });
  output = [];
  for (const method of ['log', 'warn', 'error'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void output.push(args.join(' ')));
  }
  vi.stubEnv('WEIXIN_APPID', TEST_APP.appid);
  vi.stubEnv('WEIXIN_APPSECRET', TEST_APP.secret);
  vi.stubEnv('WEIXIN_API_BASE', emulator.url);
  vi.stubEnv('WEIXIN_PUBLISH', '');
});
afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await emulator.close();
  await project.cleanup();
});

describe('astro-weixin CLI', () => {
  it('check: posts fine and credentials work', async () => {
    const code = await main(['check', '--root', project.root]);
    const text = output.join('\n');
    expect(text).toMatch(/posts: no problems found/);
    expect(text).toMatch(/token/);
    expect(text).not.toContain(TEST_APP.secret);
    expect(code, text).toBe(0);
  });

  it('check: a wrong secret is reported with what to fix, and the secret is never printed', async () => {
    vi.stubEnv('WEIXIN_APPSECRET', 'wrong-secret-000000000000000000000');
    const code = await main(['check', '--root', project.root]);
    const text = output.join('\n');
    expect(code).toBe(1);
    expect(text).toMatch(/token: errcode 40125: invalid appsecret .*The AppSecret is wrong\. Copy it again/);
    expect(text).not.toContain('wrong-secret-000000000000000000000');
  });

  it('check: an IP outside the whitelist is named', async () => {
    await emulator.close();
    emulator = await startEmulator({ port: 0, apps: [TEST_APP], whitelist: ['203.0.113.7'] });
    vi.stubEnv('WEIXIN_API_BASE', emulator.url);
    const code = await main(['check', '--root', project.root]);
    expect(code).toBe(1);
    expect(output.join('\n')).toMatch(/127\.0\.0\.1/);
  });

  it('publish --dry-run writes dist/weixin and calls nothing', async () => {
    const code = await main(['publish', '--dry-run', '--root', project.root]);
    expect(code, output.join('\n')).toBe(0);
    expect(emulator.requests).toHaveLength(0);
    const message = JSON.parse(await readFile(path.join(project.root, 'dist/weixin/message-1.json'), 'utf8'));
    expect(message.body.articles[0].title).toBe('CLI post');
  });

  it('publish --dry-run says it was asked for, even with WEIXIN_PUBLISH=1 set, and claims no upload', async () => {
    vi.stubEnv('WEIXIN_PUBLISH', '1');
    const code = await main(['publish', '--dry-run', '--root', project.root]);
    const text = output.join('\n');
    expect(code, text).toBe(0);
    expect(emulator.requests).toHaveLength(0);
    expect(text).toMatch(/Dry run, as asked \(--dry-run\): 1 message written to dist\/weixin/);
    expect(text).not.toMatch(/set WEIXIN_PUBLISH=1/);
    expect(text).toMatch(/would upload cover \.\/x\.png \(src\/content\/blog\/a\.md\)/);
    expect(text).not.toMatch(/\] uploaded /);
  });

  it('check names a corrupt image with its post and line instead of saying no problems', async () => {
    const png = await makeImage(40, 30, 'png');
    await writeFile(path.join(project.root, 'src/content/blog/x.png'), png.subarray(0, png.length / 2));
    const code = await main(['check', '--root', project.root]);
    const text = output.join('\n');
    expect(code).toBe(1);
    expect(text).not.toMatch(/no problems/);
    expect(text).toMatch(/src\/content\/blog\/a\.md:6:6 {2}image src\/content\/blog\/x\.png cannot be decoded/);
  });

  it('a second preview that sends nothing says so', async () => {
    expect(await main(['preview', '--to', 'oFollower123', '--root', project.root])).toBe(0);
    output.length = 0;
    expect(await main(['preview', '--to', 'oFollower123', '--root', project.root])).toBe(0);
    expect(emulator.requests.filter((r) => r.call === 'message/mass/preview')).toHaveLength(1);
    expect(output.join('\n')).toMatch(/no preview sent: every message is unchanged/);
  });

  it('preview publishes, then sends the message to the follower', async () => {
    const code = await main(['preview', '--to', 'oFollower123', '--root', project.root]);
    expect(code, output.join('\n')).toBe(0);
    const calls = emulator.requests.map((r) => r.call);
    expect(calls).toContain('media/uploadnews');
    expect(calls).toContain('message/mass/preview');
  });

  it('names an unknown command, then prints usage', async () => {
    expect(await main(['frobnicate'])).toBe(1);
    expect(output.join('\n')).toMatch(/unknown command "frobnicate"\n[\s\S]*Commands:/);
  });
});

describe('astro-weixin status', () => {
  it('shows each message and where it stands, from the lockfile, as JSON, and as the account sees it', async () => {
    vi.stubEnv('WEIXIN_DELIVER', 'publish');
    expect(await main(['status', '--root', project.root])).toBe(0);
    expect(output.join('\n')).toMatch(/Nothing recorded yet/);

    expect(await main(['publish', '--draft', '--root', project.root]), output.join('\n')).toBe(0);
    const url = output.join('\n').match(/published: \S+ -> (\S+)/)?.[1];
    expect(url).toMatch(/^http/);

    output.length = 0;
    expect(await main(['status', '--root', project.root])).toBe(0);
    expect(output.join('\n')).toMatch(
      new RegExp(`src/content/blog/a\\.md\\s+published\\s+${url!.replace(/[.?]/g, '\\$&')}`),
    );

    output.length = 0;
    expect(await main(['status', '--json', '--root', project.root])).toBe(0);
    const [row] = JSON.parse(output.join('\n'));
    expect(row).toMatchObject({ posts: ['src/content/blog/a.md'], target: 'draft', state: 'published', urls: [url] });

    output.length = 0;
    const before = emulator.requests.length;
    expect(await main(['status', '--remote', '--root', project.root])).toBe(0);
    expect(output.join('\n')).toMatch(/published .* listed as published/);
    expect(emulator.requests.slice(before).map((r) => r.call)).toContain('freepublish/batchget');
  });
});

describe('astro-weixin check: permissions', () => {
  it('says when the account may not use the API (48001)', async () => {
    emulator.faults.add({ call: 'draft/count', kind: 'error', errcode: 48001, errmsg: 'api unauthorized' });
    const code = await main(['check', '--root', project.root]);
    const text = output.join('\n');
    expect(code).toBe(1);
    expect(text).toMatch(/permissions: .*48001/);
    expect(text).toMatch(/token: obtained/);
  });

  it('reports the draft box as reachable when all is well', async () => {
    await main(['check', '--root', project.root]);
    expect(output.join('\n')).toMatch(/permissions: draft box reachable \(0 drafts\)/);
  });
});
