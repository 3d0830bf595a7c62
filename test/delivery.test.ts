// Delivery with real `astro build` runs: a deleted lockfile, publishes WeChat rejects, quotas, wrong
// options. After every re-run, the exact count of drafts, publications and mass sends on the emulator.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DeliverySite, deliverySite, PUBLISH, SENDALL } from './helpers/delivery.js';

let site: DeliverySite;
beforeAll(async () => {
  site = await deliverySite();
});
afterAll(() => site?.close());
beforeEach(() => site.reset());

describe('the lockfile is deleted between two deploys (a fresh CI checkout)', () => {
  it('publish: the account shows the publication, so nothing is made or published again', async () => {
    await site.configure(PUBLISH);
    const first = await site.build();
    expect(first.code, first.output).toBe(0);
    expect(first.output).toMatch(/published: src\/content\/blog\/post-0\.md -> http/);
    await rm(site.lockfile);
    const second = await site.build();
    expect(second.code, second.output).toBe(0);
    expect(second.output).toMatch(/already published on the account/);
    expect(site.visible()).toEqual({ drafts: 0, published: 1, sends: 0 });
    expect(site.draftsMade()).toBe(1);
  });

  it('sendall: within 24 hours WeChat recognises the clientmsgid, so nothing is sent again', async () => {
    await site.configure(SENDALL);
    expect((await site.build()).code).toBe(0);
    await rm(site.lockfile);
    site.emulator.clock.advance(61_000);
    const second = await site.build();
    expect(second.code, second.output).toBe(0);
    expect(second.output).toMatch(/was already sent \(msg_id \d+\); not sending it again/);
    expect(site.visible()).toEqual({ drafts: 0, published: 0, sends: 1 });
  });
});

describe('WeChat does not publish', () => {
  it.each([
    [2, /original/i],
    [4, /review/i],
  ])(
    'status %i: the build fails naming the post, and an unchanged re-run does not submit again',
    async (status, words) => {
      await site.configure(PUBLISH);
      site.emulator.faults.add({ kind: 'publish-status', call: 'freepublish/submit', status, failIdx: [2], count: 1 });
      const failed = await site.build();
      expect(failed.code).toBe(1);
      expect(failed.output).toMatch(words);
      expect(failed.output).toContain('src/content/blog/post-1.md');
      expect(failed.output).not.toMatch(/\n\s+at .*\(.*\.js:\d+:\d+\)/);
      const again = await site.build();
      expect(again.code).toBe(1);
      expect(again.output).toMatch(/failed in an earlier build/);
      expect(site.calls('freepublish/submit')).toBe(1);
      expect(site.visible()).toEqual({ drafts: 1, published: 0, sends: 0 });
    },
  );
});

describe('quotas run out during delivery', () => {
  it('45028 (no mass sends left): stops with the quota hint; the next build sends once', async () => {
    await site.configure(SENDALL);
    site.emulator.limits.massSendPerDay = 0;
    const failed = await site.build();
    expect(failed.code).toBe(1);
    expect(failed.output).toMatch(/45028/);
    expect(failed.output).toMatch(/subscription accounts/i);
    site.emulator.limits.massSendPerDay = 100;
    expect((await site.build()).code).toBe(0);
    expect(site.visible()).toEqual({ drafts: 0, published: 0, sends: 1 });
  });

  it('45009 (daily API quota) on freepublish/submit: stops; the next build publishes once', async () => {
    await site.configure(PUBLISH);
    site.emulator.faults.add({ kind: 'quota', call: 'freepublish/submit', count: 1 });
    const failed = await site.build();
    expect(failed.code).toBe(1);
    expect(failed.output).toMatch(/45009/);
    expect((await site.build()).code).toBe(0);
    expect(site.visible()).toEqual({ drafts: 0, published: 1, sends: 0 });
  });
});

describe('a wrong delivery setting fails before anything moves', () => {
  it.each([
    ["{ deliver: 'publish' }", {}, /`deliver: 'publish'` publishes drafts: set `target: 'draft'`/],
    [
      "{ target: 'draft', deliver: 'sendall', sendTo: 'all' }",
      {},
      /`deliver: 'sendall'` sends graphic messages made with uploadnews/,
    ],
    ["{ deliver: 'sendall' }", {}, /`deliver: 'sendall'` needs `sendTo`/],
    ['{}', { WEIXIN_DELIVER: 'publish' }, /WEIXIN_DELIVER=publish/],
  ])('%s %j', async (options, env, message) => {
    await site.configure(options);
    const result = await site.build(env);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(message);
    expect(site.emulator.requests).toHaveLength(0);
  });
});
