// Several accounts in the options and in front matter: what is refused, what each account works with.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveOptions, type WeixinOptions } from '../src/index.js';
import { credentialVariables, defaultAccountName, optionsForAccount } from '../src/config/accounts.js';
import { publishingSettings } from '../src/config/settings.js';
import { checkPosts } from '../src/checks/check-posts.js';
import { makeProject } from './helpers.js';
import { capturingLogger } from '../../../test/helpers/logger.js';

describe('the accounts option', () => {
  it.each([
    [{ accounts: {} }, /accounts: list at least one account/],
    [{ accounts: { tech: {} }, defaultAccount: 'life' }, /defaultAccount: "life" is not one of the accounts \(tech\)/],
    [{ defaultAccount: 'tech' }, /defaultAccount: defaultAccount names one of `accounts`, which is not set/],
    [{ appid: 'wx1', accounts: { tech: {} } }, /appid: with `accounts`, each account has its own appid/],
    [{ accounts: { life: { deliver: 'publish' } } }, /accounts\.life\.deliver: `deliver: 'publish'` publishes drafts/],
    [{ accounts: { 'my blog': {} } }, /accounts\.my blog: an account name is letters, digits/],
    [{ accounts: { tech: { colour: 'red' } } }, /accounts\.tech: Unrecognized key: "colour"/],
  ])('%j is refused, saying what to change', (options, message) => {
    expect(() => resolveOptions(options as never)).toThrow(message);
  });

  it('lets an account publish drafts while the top level makes uploadnews messages', () => {
    const options = resolveOptions({ accounts: { tech: {}, life: { target: 'draft', deliver: 'publish' } } });
    expect(optionsForAccount(options, 'life')).toMatchObject({ target: 'draft', deliver: 'publish' });
    expect(optionsForAccount(options, 'tech')).toMatchObject({ target: 'news' });
  });
});

describe('what an account works with', () => {
  const options = resolveOptions({
    author: 'Top',
    openComment: true,
    render: { theme: { name: 'tech' }, code: { theme: 'github-dark' } },
    accounts: { tech: {}, 'life-notes': { author: 'Life', render: { theme: { name: 'orange' } } } },
  });

  it('the top-level options, with what the account sets over them (render key by key)', () => {
    expect(optionsForAccount(options, 'tech')).toMatchObject({ author: 'Top', openComment: true });
    expect(optionsForAccount(options, 'life-notes')).toMatchObject({
      author: 'Life',
      openComment: true,
      render: { theme: { name: 'orange' }, code: { theme: 'github-dark' } },
    });
    expect(optionsForAccount(options, undefined)).toBe(options);
  });

  it('the first account listed takes posts without a choice, unless defaultAccount says otherwise', () => {
    expect(defaultAccountName(options)).toBe('tech');
    expect(defaultAccountName({ ...options, defaultAccount: 'life-notes' })).toBe('life-notes');
  });

  it('credentials from WEIXIN_APPID_<NAME>: upper case, other characters as `_`', () => {
    expect(credentialVariables('life-notes')).toEqual({
      appid: 'WEIXIN_APPID_LIFE_NOTES',
      secret: 'WEIXIN_APPSECRET_LIFE_NOTES',
    });
    const env = { WEIXIN_APPID: 'wxtop', WEIXIN_APPID_LIFE_NOTES: 'wxlife', WEIXIN_APPSECRET_LIFE_NOTES: 's' };
    const life = publishingSettings(optionsForAccount(options, 'life-notes'), env, 'life-notes');
    expect(life).toMatchObject({ appid: 'wxlife', secret: 's', credentials: true });
    // WEIXIN_APPID belongs to a site without `accounts`.
    expect(publishingSettings(optionsForAccount(options, 'tech'), env, 'tech')).toMatchObject({ credentials: false });
  });
});

describe('weixin.account in front matter', () => {
  let project: Awaited<ReturnType<typeof makeProject>> | undefined;
  afterEach(() => project?.cleanup());

  const check = (options: WeixinOptions, env: Record<string, string> = {}) =>
    checkPosts({
      root: project!.root,
      srcDir: path.join(project!.root, 'src'),
      publicDir: path.join(project!.root, 'public'),
      options: resolveOptions(options),
      logger: capturingLogger([]),
      env,
    });

  it('without the accounts option, is an error at its line', async () => {
    project = await makeProject({
      'src/content/blog/a.md': '---\ntitle: A\nweixin:\n  account: tech\n---\n\nBody.\n',
    });
    await expect(check({})).rejects.toThrow(
      /src\/content\/blog\/a\.md:4:1 {2}`weixin\.account` chooses among the `accounts` option of astro-weixin, which is not set/,
    );
  });

  it('two accounts with one appid stop a publishing build: they would share its lockfile section', async () => {
    project = await makeProject({
      'src/content/blog/a.md': '---\ntitle: A\nweixin:\n  account: [tech, life]\n---\n\nBody.\n',
    });
    const app = { appid: 'wx0123456789abcdef', secret: 'secret' };
    const run = check({ accounts: { tech: app, life: app } }, { WEIXIN_PUBLISH: '1' });
    await expect(run).rejects.toThrow('accounts "tech" and "life" have the same appid; nothing was uploaded.');
  });
});
