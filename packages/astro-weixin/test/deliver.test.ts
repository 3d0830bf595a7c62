// Delivery (publish and sendall) with runWeixin against the emulator over HTTP: every count is read
// off the emulator, which stands in for the account.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Emulator, startEmulator } from '@astro-weixin/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveOptions, type WeixinOptions } from '../src/index.js';
import { makeProject, runProject } from './helpers.js';
import { makeImage } from '../../../test/helpers/images.js';
import { TEST_APP } from '../../../test/helpers/app.js';

const postedAt = new Date().toISOString(); // the instant: a day would be over 24 hours old after midnight UTC
let emulator: Emulator;
let project: { root: string; cleanup: () => Promise<void> };
let logged: string[];

const post = (title: string, date: string, extra = '') =>
  `---\ntitle: ${title}\npubDate: ${date}\nweixin:\n  batch: one${extra}\n---\n\n${title} body ![x](./x.png)\n`;

beforeEach(async () => {
  logged = [];
  emulator = await startEmulator({
    port: 0,
    apps: [TEST_APP],
    limits: { massSendPerDay: 100, publishDelayMs: 0, massSendDelayMs: 0 },
  });
  project = await makeProject({
    'src/content/blog/a.md': post('Post A', postedAt),
    'src/content/blog/b.md': post('Post B', postedAt),
    'src/content/blog/x.png': await makeImage(64, 48, 'png'),
  });
});
afterEach(async () => {
  await emulator.close();
  await project.cleanup();
});

function run(options: WeixinOptions, env: Record<string, string> = {}, now?: () => number) {
  const setup = { root: project.root, apiBase: emulator.url, app: TEST_APP, lines: logged };
  // Polling waits are instant; the emulator's publish and send delays are set to 0.
  return runProject(setup, options, { env, ...(now ? { now } : {}), sleep: async () => undefined });
}

const calls = (name: string) => emulator.requests.filter((r) => r.call === name && r.errcode === 0).length;
/** Drafts made for posts: each publish also adds a lease marker draft and deletes it (nothing else deletes one here). */
const draftsAdded = () => calls('draft/add') - calls('draft/delete');
const lockfile = () => path.join(project.root, 'weixin.lock.json');
const readLock = async () => JSON.parse(await readFile(lockfile(), 'utf8'));
/** The one account's records, as the lockfile holds them (loosely typed: tests read whatever they check). */
// biome-ignore lint/suspicious/noExplicitAny: the JSON is read back field by field
const account = async (): Promise<Record<string, any>> => Object.values((await readLock()).accounts)[0] as never;
const PUBLISH: WeixinOptions = { target: 'draft', deliver: 'publish' };
const SEND: WeixinOptions = { deliver: 'sendall', sendTo: 'all' };

describe('deliver: publish', () => {
  it('publishes each new draft once, records each article address, and does nothing on a re-run', async () => {
    const result = await run(PUBLISH);
    expect(result.outcomes[0]!.delivery).toMatchObject({ kind: 'publish', status: 'published', when: 'now' });
    const state = emulator.state();
    expect(state.publishes.map((p) => p.publish_status)).toEqual([0]);
    expect(state.drafts).toHaveLength(0);
    const lock = await account();
    const urls = Object.values(lock.messages).map((m) => (m as { delivery: { urls: string[] } }).delivery.urls)[0]!;
    expect(urls).toHaveLength(2);
    expect(lock.posts['src/content/blog/a.md'].delivered.url).toBe(urls[0]);
    expect(logged.filter((l) => l.startsWith('info published: '))).toHaveLength(2);

    const before = emulator.requests.length;
    await run(PUBLISH);
    expect(emulator.requests.length).toBe(before);
    // The file's first run loads the renderer and sharp cold, and the lease adds a few calls.
  }, 15_000);

  it('does not publish a changed post again unless the author asks, and names it', async () => {
    await run(PUBLISH);
    await writeFile(
      path.join(project.root, 'src/content/blog/a.md'),
      post('Post A', postedAt).replace('body', 'edited body'),
    );
    await run(PUBLISH);
    expect(calls('freepublish/submit')).toBe(1);
    expect(draftsAdded()).toBe(1);
    expect(logged.join('\n')).toMatch(
      /src\/content\/blog\/a\.md was published on .* and has changed since: the change is not delivered again/,
    );

    const asked = post('Post A', postedAt, '\n  republish: true').replace('body', 'edited body');
    await writeFile(path.join(project.root, 'src/content/blog/a.md'), asked);
    await run(PUBLISH);
    expect(calls('freepublish/submit')).toBe(2);
    expect(
      emulator
        .state()
        .publishes.at(-1)!
        .articles.map((a) => a.title),
    ).toEqual(['Post A']);
  });

  it('explains a publish that ends in status 2 or 4, names the post, and does not submit it again unchanged', async () => {
    emulator.faults.add({ kind: 'publish-status', call: 'freepublish/submit', status: 4, failIdx: [2], count: 1 });
    await expect(run(PUBLISH)).rejects.toThrow(
      /did not publish batch one: .*rejected.*\(src\/content\/blog\/(a|b)\.md\)/i,
    );
    await expect(run(PUBLISH)).rejects.toThrow(/failed in an earlier build/);
    expect(calls('freepublish/submit')).toBe(1);
    expect(emulator.state().drafts).toHaveLength(1);

    // A changed post edits the same draft and is submitted again.
    await writeFile(
      path.join(project.root, 'src/content/blog/b.md'),
      post('Post B', postedAt).replace('body', 'fixed body'),
    );
    await run(PUBLISH);
    expect(draftsAdded()).toBe(1);
    // Both publishes are of the one draft, edited in place (the lease's marker is updated too, so
    // draft/update calls are not counted here).
    const [failed, fixed] = emulator.state().publishes;
    expect(fixed!.media_id).toBe(failed!.media_id);
    expect(emulator.state().publishes.map((p) => p.publish_status)).toEqual([4, 0]);
  });

  it('leaves a slow publish to the next build, which polls it instead of submitting again', async () => {
    emulator.limits.publishDelayMs = 3_600_000;
    const first = await run({ ...PUBLISH, deliveryTimeoutMs: 1000 });
    expect(first.outcomes[0]!.delivery).toMatchObject({ status: 'publishing', when: 'waiting' });
    expect(logged.join('\n')).toMatch(/still publishing after 1 s; publish_id \d+ is recorded/);
    emulator.clock.advance(3_600_000);
    await run(PUBLISH);
    const [message] = Object.values((await account()).messages) as { delivery: { status: string; urls: string[] } }[];
    expect(message!.delivery.status).toBe('published');
    expect(message!.delivery.urls).toHaveLength(2);
    expect(calls('freepublish/submit')).toBe(1);
  });

  it('adopts what the account holds when the lockfile is gone: no second draft, no second publish', async () => {
    await run(PUBLISH);
    await rm(lockfile());
    await run(PUBLISH);
    expect(draftsAdded()).toBe(1);
    expect(calls('freepublish/submit')).toBe(1);
    expect((await account()).posts['src/content/blog/b.md'].delivered.url).toMatch(/^http/);
  });

  it('after a lost draft/add answer, edits the draft that went through instead of adding another', async () => {
    emulator.faults.add({ kind: 'lost', call: 'draft/add', count: 1 });
    await expect(run({ target: 'draft' })).rejects.toThrow(/draft\/add/);
    expect(Object.keys((await account()).pending)).toHaveLength(1);
    await run(PUBLISH);
    expect(draftsAdded()).toBe(1);
    expect(calls('freepublish/submit')).toBe(1);
    expect((await account()).pending).toBeUndefined();
  });

  it('after a lost freepublish/submit answer, finds the publication instead of submitting again', async () => {
    emulator.faults.add({ kind: 'malformed', call: 'freepublish/submit', count: 1 });
    await expect(run(PUBLISH)).rejects.toThrow(/freepublish\/submit/);
    await run(PUBLISH);
    expect(emulator.requests.filter((r) => r.call === 'freepublish/submit')).toHaveLength(1);
    expect(emulator.state().publishes).toHaveLength(1);
    expect(logged.join('\n')).toMatch(/was already published \(its answer was lost\)/);
  });

  it('stops on 45009 during delivery with the quota hint, and publishes once on the next build', async () => {
    emulator.faults.add({ kind: 'quota', call: 'freepublish/submit', count: 1 });
    await expect(run(PUBLISH)).rejects.toThrow(/45009/);
    expect((await account()).pending).toBeUndefined();
    await run(PUBLISH);
    expect(emulator.state().publishes).toHaveLength(1);
  });
});

describe('deliver: sendall', () => {
  it('sends each new message once with a clientmsgid, and does nothing on a re-run', async () => {
    const result = await run(SEND);
    expect(result.outcomes[0]!.delivery).toMatchObject({ kind: 'sendall', status: 'sent', to: 'all' });
    const sends = emulator.state().messages.filter((m) => m.kind === 'sendall');
    expect(sends).toHaveLength(1);
    expect(sends[0]!.clientmsgid).toMatch(/^aw-[0-9a-f]{40}$/);
    expect(sends[0]!.filter).toEqual({ is_to_all: true });
    const before = emulator.requests.length;
    await run(SEND);
    expect(emulator.requests.length).toBe(before);
  });

  it('makes an uploaded message again before sending it when its 3-day media has expired', async () => {
    await run({});
    const fourDays = 4 * 24 * 3600 * 1000;
    emulator.clock.advance(fourDays);
    await run(SEND, {}, () => Date.now() + fourDays);
    const news = emulator.state().news;
    expect(news).toHaveLength(2);
    const [send] = emulator.state().messages.filter((m) => m.kind === 'sendall');
    expect(send!.media_id).toBe(news[1]!.media_id);
  });

  it('sends to one tag when asked', async () => {
    await run({ ...SEND, sendTo: { tagId: 7 }, sendIgnoreReprint: true });
    const [send] = emulator.state().messages.filter((m) => m.kind === 'sendall');
    expect(send!.filter).toEqual({ is_to_all: false, tag_id: 7 });
    expect(send!.send_ignore_reprint).toBe(1);
  });

  it('after a lost sendall answer, sends with the same clientmsgid and takes the msg_id WeChat already has (45065)', async () => {
    emulator.faults.add({ kind: 'lost', call: 'message/mass/sendall', count: 1 });
    await expect(run(SEND)).rejects.toThrow(/sendall/);
    emulator.clock.advance(120_000);
    await run(SEND);
    const sends = emulator.state().messages.filter((m) => m.kind === 'sendall');
    expect(sends).toHaveLength(1);
    expect(emulator.requests.filter((r) => r.call === 'message/mass/sendall').map((r) => r.errcode)).toEqual([
      0, 45065,
    ]);
    const delivery = Object.values((await account()).messages).map(
      (m) => (m as { delivery: { msg_id: string } }).delivery,
    )[0]!;
    expect(delivery.msg_id).toBe(String(sends[0]!.msg_id));
  });

  it('waits and tries again on 45066', async () => {
    emulator.faults.add({ kind: 'error', errcode: 45066, call: 'message/mass/sendall', count: 1 });
    await run(SEND);
    expect(emulator.state().messages.filter((m) => m.kind === 'sendall')).toHaveLength(1);
    expect(logged.join('\n')).toMatch(/WeChat asks for a pause before this send is tried again/);
  });

  it('stops on 45028 with the quota hint and leaves nothing pending', async () => {
    emulator.limits.massSendPerDay = 0;
    await expect(run(SEND)).rejects.toThrow(/45028/);
    expect((await account()).pending).toBeUndefined();
    expect(emulator.state().messages.filter((m) => m.kind === 'sendall')).toHaveLength(0);
  });

  it('refuses to send posts older than a day that no lockfile records, before anything is uploaded, and says how to go on', async () => {
    await writeFile(path.join(project.root, 'src/content/blog/a.md'), post('Post A', '2026-01-01'));
    await expect(run(SEND)).rejects.toThrow(/Nothing proves that batch one .* was not mass-sent before/);
    // Decided with the other checks: no token, no cover, no message, no send.
    expect(emulator.requests).toEqual([]);
    expect(logged.join('\n')).not.toMatch(/astro-weixin:upload/);
    await run(SEND, { WEIXIN_CONFIRM_NEVER_SENT: '1' });
    expect(calls('message/mass/sendall')).toBe(1);
  });

  it('with the lockfile deleted, a send within 24 hours is caught by the clientmsgid (45065)', async () => {
    await run(SEND);
    await rm(lockfile());
    emulator.clock.advance(120_000);
    await run(SEND);
    expect(emulator.state().messages.filter((m) => m.kind === 'sendall')).toHaveLength(1);
  });
});

describe('delivery options', () => {
  it.each([
    [{ target: 'news', deliver: 'publish' }, /`deliver: 'publish'` publishes drafts: set `target: 'draft'`/],
    [
      { target: 'draft', deliver: 'sendall', sendTo: 'all' },
      /`deliver: 'sendall'` sends graphic messages made with uploadnews/,
    ],
    [{ deliver: 'sendall' }, /`deliver: 'sendall'` needs `sendTo`/],
  ] as const)('refuses %j when the config is loaded', (options, message) => {
    expect(() => resolveOptions(options as WeixinOptions)).toThrow(message);
  });

  it('checks WEIXIN_DELIVER against the options before any call', async () => {
    await expect(run({}, { WEIXIN_DELIVER: 'publish' })).rejects.toThrow(/set `target: 'draft'`/);
    await expect(run({}, { WEIXIN_DELIVER: 'everyone' })).rejects.toThrow(/WEIXIN_DELIVER is "everyone"/);
    expect(emulator.requests).toHaveLength(0);
  });

  it('the dry run says what delivery would do', async () => {
    const result = await run({ target: 'draft' }, { WEIXIN_PUBLISH: '', WEIXIN_DELIVER: 'publish' });
    expect(result.mode).toBe('dry-run');
    const index = await readFile(result.dryRunIndex!, 'utf8');
    expect(index).toContain('<p class="delivery">would publish (freepublish/submit)</p>');
    const body = JSON.parse(
      await readFile(path.join(project.root, 'node_modules/.astro/astro-weixin/dry-run/message-1.json'), 'utf8'),
    );
    expect(body.delivery).toBe('would publish (freepublish/submit)');
  });
});
