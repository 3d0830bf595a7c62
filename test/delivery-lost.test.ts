// Exactly once when an answer is lost: the call went through, the build never heard. The next
// build asks the account (and WeChat's clientmsgid check) and makes no visible duplicate.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DeliverySite, deliverySite, PUBLISH, readLock, SENDALL } from './helpers/delivery.js';

let site: DeliverySite;
beforeAll(async () => {
  site = await deliverySite();
});
afterAll(() => site?.close());
beforeEach(() => site.reset());

const cases = [
  { call: 'draft/add', options: PUBLISH, after: { drafts: 0, published: 1, sends: 0 } },
  { call: 'freepublish/submit', options: PUBLISH, after: { drafts: 0, published: 1, sends: 0 } },
  { call: 'media/uploadnews', options: SENDALL, after: { drafts: 0, published: 0, sends: 1 } },
  { call: 'message/mass/sendall', options: SENDALL, after: { drafts: 0, published: 0, sends: 1 } },
] as const;

describe('the answer to an irreversible call is lost', () => {
  it.each(cases)('$call: the next build adopts what went through', async ({ call, options, after }) => {
    await site.configure(options);
    site.emulator.faults.add({ kind: 'lost', call, count: 1 });
    const failed = await site.build();
    expect(failed.code).not.toBe(0);
    expect(failed.output).toContain(call);
    expect(Object.keys((await readLock(site.lockfile)).accounts).length).toBe(1);

    // Past WeChat's one-minute pause for a repeated clientmsgid (45066).
    site.emulator.clock.advance(61_000);
    const again = await site.build();
    expect(again.code, again.output).toBe(0);
    expect(site.visible()).toEqual(after);
    const account = Object.values((await readLock(site.lockfile)).accounts)[0]!;
    expect(account.pending).toBeUndefined();

    // And a third build changes nothing.
    const requests = site.emulator.requests.length;
    expect((await site.build()).code).toBe(0);
    expect(site.emulator.requests.length).toBe(requests);
    expect(site.visible()).toEqual(after);
  });
});

describe('the build is killed (kill -9) while an irreversible call is in flight', () => {
  it.each(cases)('$call: the next build adopts what went through', async ({ call, options, after }) => {
    await site.configure(options);
    // The call takes effect at once, its answer waits: the build dies in between.
    site.emulator.faults.add({ kind: 'latency', ms: 60_000, commitFirst: true, call, count: 1 });
    const killed = await site.buildKilledDuring(call);
    expect(killed.code).toBe(137);
    expect(site.calls(call)).toBe(1);

    site.emulator.faults.clear();
    site.emulator.clock.advance(61_000);
    const again = await site.build();
    expect(again.code, again.output).toBe(0);
    expect(site.visible()).toEqual(after);
    expect(site.calls(call === 'media/uploadnews' ? 'message/mass/sendall' : call)).toBeLessThanOrEqual(
      call === 'message/mass/sendall' ? 1 : 2,
    );
  });
});
