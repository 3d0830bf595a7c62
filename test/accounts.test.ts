// Several accounts from one site, with real `astro build` runs against an emulator that knows two
// apps: each post reaches the accounts it names, once; a re-deploy calls nothing; mistakes stop the
// build at file:line before anything moves.
import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '@astro-weixin/emulator';
import { astroBuild, dryRunOut, makeSite, workspaceRoot, writeAstroConfig } from './helpers/fixture.js';
import { SECOND_APP, TEST_APP } from './helpers/app.js';
import { makeImage } from './helpers/images.js';

const ACCOUNTS = "{ accounts: { tech: {}, life: { target: 'draft', author: '生活号' } } }";

let emulator: Emulator;
let site: { root: string; cleanup: () => Promise<void> };
let lockfile: string;

/** Posts for tech, for life, for both, and one without a choice (the default account, tech). */
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, apps: [TEST_APP, SECOND_APP] });
  const posts: Record<string, string> = {
    'only-tech': 'weixin:\n  account: tech',
    'only-life': 'weixin:\n  account: life',
    both: 'weixin:\n  account: [tech, life]',
    'no-choice': 'weixin: true',
  };
  const files: Record<string, string | Uint8Array> = {};
  for (const [i, [slug, selection]] of Object.entries(posts).entries()) {
    files[`src/content/blog/${slug}.md`] =
      `---\ntitle: ${slug}\n${selection}\n---\n\n${slug} 的正文。\n\n![图](./img-${i}.png)\n`;
    files[`src/content/blog/img-${i}.png`] = await makeImage(320, 180, 'png', { seed: 60 + i });
  }
  site = await makeSite(files, ACCOUNTS);
  lockfile = path.join(site.root, 'weixin.lock.json');
});
afterAll(async () => {
  await emulator?.close();
  await site?.cleanup();
});
beforeEach(async () => {
  emulator.reset();
  await rm(lockfile, { force: true });
});

function accountsEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    WEIXIN_APPID_TECH: TEST_APP.appid,
    WEIXIN_APPSECRET_TECH: TEST_APP.secret,
    WEIXIN_APPID_LIFE: SECOND_APP.appid,
    WEIXIN_APPSECRET_LIFE: SECOND_APP.secret,
    WEIXIN_API_BASE: emulator.url,
    WEIXIN_PUBLISH: '1',
    WEIXIN_LOCKFILE: lockfile,
    ...extra,
  };
}

/** The titles each account holds: uploadnews messages and drafts, article by article. */
function titlesOn(appid: string): string[] {
  const state = emulator.state();
  const messages = [...state.news, ...state.drafts].filter((message) => message.appid === appid);
  return messages.flatMap((message) => message.articles.map((article) => article.title)).sort();
}

describe('two accounts', () => {
  it('each post reaches the accounts it names, once, with that account’s options; a re-deploy calls nothing', async () => {
    await writeAstroConfig(site.root, ACCOUNTS);
    const first = await astroBuild(site.root, accountsEnv());
    expect(first.code, first.output).toBe(0);
    expect(titlesOn(TEST_APP.appid)).toEqual(['both', 'no-choice', 'only-tech']);
    expect(titlesOn(SECOND_APP.appid)).toEqual(['both', 'only-life']);
    const state = emulator.state();
    // tech keeps the top-level target (uploadnews); life makes drafts, signed with its own author.
    expect(state.news.map((message) => message.appid)).toEqual([TEST_APP.appid]);
    expect(state.drafts.map((message) => message.appid)).toEqual([SECOND_APP.appid]);
    expect(state.drafts[0]!.articles.map((article) => article.author)).toEqual(['生活号', '生活号']);
    // Each account got its own token.
    const tokens = new Set(state.tokens.map((token) => token.appid));
    expect(tokens).toEqual(new Set([TEST_APP.appid, SECOND_APP.appid]));
    expect(first.output).toMatch(/\[astro-weixin:publish:tech\] uploadnews: 3 articles/);
    expect(first.output).toMatch(/\[astro-weixin:publish:life\] draft\/add: 2 articles/);
    const lock = JSON.parse(await readFile(lockfile, 'utf8')) as { accounts: Record<string, { posts: object }> };
    const host = new URL(emulator.url).host;
    expect(Object.keys(lock.accounts[`${TEST_APP.appid}@${host}`]!.posts).sort()).toEqual([
      'src/content/blog/both.md',
      'src/content/blog/no-choice.md',
      'src/content/blog/only-tech.md',
    ]);
    expect(Object.keys(lock.accounts[`${SECOND_APP.appid}@${host}`]!.posts).sort()).toEqual([
      'src/content/blog/both.md',
      'src/content/blog/only-life.md',
    ]);

    const calls = emulator.requests.length;
    const again = await astroBuild(site.root, accountsEnv());
    expect(again.code, again.output).toBe(0);
    expect(emulator.requests).toHaveLength(calls);
    expect(again.output).toMatch(/\[astro-weixin:publish:life\] unchanged: /);

    const status = await cli(['status', '--account', 'life', '--json'], accountsEnv());
    const rows = JSON.parse(status) as { name: string; posts: string[]; state: string }[];
    expect(rows).toEqual([
      expect.objectContaining({
        name: 'life',
        state: 'draft',
        posts: expect.arrayContaining(['src/content/blog/both.md', 'src/content/blog/only-life.md']),
      }),
    ]);
    // `check` asks WeChat about the credentials of the account named, and only that one.
    const checked = await cli(['check', '--account', 'life'], accountsEnv());
    expect(checked).toMatch(/life: token: /);
    expect(checked).not.toMatch(/tech: token/);
    await expect(cli(['status', '--account', 'sports'], accountsEnv())).rejects.toMatchObject({
      stderr: expect.stringMatching(/--account sports: not one of this site's accounts \(tech, life\)/),
    });
  });

  it('an account named in front matter that is not one of `accounts` stops the build at its line', async () => {
    await writeAstroConfig(site.root, "{ accounts: { tech: {}, lifestyle: { target: 'draft' } } }");
    const result = await astroBuild(site.root, accountsEnv());
    expect(result.code).toBe(1);
    expect(result.output).toContain(
      'src/content/blog/only-life.md:4:1  `weixin.account`: "life" is not an account of this site (the accounts are tech, lifestyle)',
    );
    expect(result.output).toMatch(/src\/content\/blog\/both\.md:4:1 {2}`weixin\.account`: "life" is not an account/);
    expect(emulator.requests).toHaveLength(0);
  });

  it('an account with posts and no credentials stops a publishing build, naming the variables to set', async () => {
    await writeAstroConfig(site.root, ACCOUNTS);
    const result = await astroBuild(site.root, accountsEnv({ WEIXIN_APPID_LIFE: '', WEIXIN_APPSECRET_LIFE: '' }));
    expect(result.code).toBe(1);
    expect(result.output).toMatch(
      /src\/content\/blog\/both\.md:4:1 {2}account "life" has no credentials, and 2 posts go to it: set WEIXIN_APPID_LIFE and WEIXIN_APPSECRET_LIFE/,
    );
    expect(emulator.requests).toHaveLength(0);
  });

  it('the dry run writes each account’s messages in its own folder, and its index names the accounts', async () => {
    await writeAstroConfig(site.root, ACCOUNTS);
    const result = await astroBuild(site.root, accountsEnv({ WEIXIN_PUBLISH: '' }));
    expect(result.code, result.output).toBe(0);
    const out = dryRunOut(site.root);
    const index = await readFile(path.join(out, 'index.html'), 'utf8');
    expect(index).toMatch(/<b>tech<\/b>: 1 message, /);
    expect(index).toMatch(/<b>life<\/b>: 1 message, /);
    expect(index).toContain('href="life/index.html"');
    const life = JSON.parse(await readFile(path.join(out, 'life/message-1.json'), 'utf8')) as {
      body: { articles: { title: string }[] };
    };
    expect(life.body.articles.map((article) => article.title).sort()).toEqual(['both', 'only-life']);
    const tech = JSON.parse(await readFile(path.join(out, 'tech/message-1.json'), 'utf8')) as {
      body: { articles: { title: string }[] };
    };
    expect(tech.body.articles.map((article) => article.title).sort()).toEqual(['both', 'no-choice', 'only-tech']);
    expect(emulator.requests).toHaveLength(0);
  });
});

/** The astro-weixin CLI as a user runs it in the site's folder; its standard output. */
async function cli(args: string[], env: Record<string, string>): Promise<string> {
  const bin = path.join(workspaceRoot, 'packages/astro-weixin/bin/cli.js');
  const { stdout } = await promisify(execFile)(process.execPath, [bin, ...args, '--root', site.root], {
    env: { ...process.env, ...env },
  });
  return stdout;
}
