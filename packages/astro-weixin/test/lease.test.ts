// Deploys taking turns through marker drafts, against the emulator over HTTP. The emulator's clock is
// frozen and moves only when a deploy waits; a wait also lasts 1/100 of its length in real time, so
// concurrent deploys interleave in the order their waits would end.
import { WeixinClient } from '@astro-weixin/api';
import { type Emulator, startEmulator } from '@astro-weixin/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearFinishedMarkers, inTurn, type LeaseContext, leaseKey, type LeaseTiming } from '../src/deliver/lease.js';
import { resolveOptions } from '../src/index.js';
import { makeImage } from '../../../test/helpers/images.js';

const app = { appid: 'wx00112233445566aa', secret: 'lease-secret-0123456789abcdef0123' };
const START = Date.UTC(2026, 5, 1, 8, 0, 0);
const TIMING: LeaseTiming = { settleMs: 3000, expireMs: 60_000, pollMs: 1000 };
const KEY = leaseKey(app.appid, [{ url: 'https://blog.example.com/a/', title: 'A' }]);

let emulator: Emulator;
let client: WeixinClient;
let thumb: string;
let lines: string[];

beforeEach(async () => {
  emulator = await startEmulator({ port: 0, apps: [app], clock: START });
  client = new WeixinClient({ appid: app.appid, secret: app.secret, baseUrl: emulator.url });
  const file = { data: await makeImage(40, 40, 'jpeg'), filename: 'thumb.jpg', contentType: 'image/jpeg' };
  thumb = (await client.addMaterial('thumb', file)).media_id;
  lines = [];
});
afterEach(() => emulator.close());

/** One deploy: its own id; waiting moves the shared clock on. */
function deploy(id: string, timing = TIMING): LeaseContext {
  return {
    client,
    log: { info: (m) => lines.push(`${id} info ${m}`), warn: (m) => lines.push(`${id} warn ${m}`) },
    now: () => emulator.clock.now(),
    sleep: pass,
    timing,
    deployId: id,
    startedAt: emulator.clock.now(),
  };
}

/** Waits `ms` on the shared clock, taking 1/100 of it in real time, as a deploy's sleep does. */
async function pass(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms / 100));
  emulator.clock.advance(ms);
}

/**
 * The account as the deploys share it: how many times the irreversible call ran, and what it gave.
 * The call takes `actMs` on the shared clock (a publish takes seconds).
 */
function account(actMs = 0) {
  const acted: string[] = [];
  const adopted: string[] = [];
  let published: string | undefined;
  const handlers = (who: string) => ({
    settle: async () => (published ? `${who} found ${published}` : undefined),
    act: async () => {
      acted.push(who);
      if (actMs > 0) await pass(actMs);
      published = `P-${who}`;
      return { result: `${who} published`, id: published };
    },
    adopt: async (outcome: { id: string }) => {
      adopted.push(who);
      return `${who} adopted ${outcome.id}`;
    },
  });
  return { acted, adopted, handlers, publish: (id: string) => (published = id) };
}

const draftsLeft = () => emulator.state().drafts.length;
const subject = (mediaId: string) => ({ key: KEY, name: 'spring', mediaId, thumbMediaId: thumb });

describe('deploys taking turns through the draft box', () => {
  it('three deploys at once: one acts, the other two adopt its outcome, and no marker is left', async () => {
    // Its publish lasts long enough for the others to find its marker however loaded the machine.
    const shared = account(10_000);
    const results = await Promise.all(
      ['d1', 'd2', 'd3'].map((id) => inTurn(deploy(id), subject(`draft-${id}`), shared.handlers(id))),
    );
    expect(shared.acted).toHaveLength(1);
    const winner = shared.acted[0]!;
    expect(results.filter((r) => r === `${winner} published`)).toHaveLength(1);
    // The others learn the winner's publish from its marker or, when it is gone already, from the account.
    expect(results.filter((r) => /(adopted|found) P-/.test(r) && r.endsWith(`P-${winner}`))).toHaveLength(2);
    expect(lines.filter((l) => l.includes('waiting for the deploy that started first'))).toHaveLength(2);
    expect(draftsLeft()).toBe(0);
  });

  it('holds when the draft box lists a new marker only 1.5 s later (within the assumed lag)', async () => {
    emulator.faults.add({ kind: 'listing-lag', ms: 1500, call: 'draft/batchget' });
    const shared = account();
    const results = await Promise.all(
      ['d1', 'd2', 'd3'].map((id) => inTurn(deploy(id), subject(`m-${id}`), shared.handlers(id))),
    );
    expect(shared.acted).toHaveLength(1);
    expect(results.filter((r) => r.endsWith(`P-${shared.acted[0]}`))).toHaveLength(2);
    expect(draftsLeft()).toBe(0);
  });

  it('refuses to act when the listing lags past the settle time, and removes its marker', async () => {
    emulator.faults.add({ kind: 'listing-lag', ms: 5000, call: 'draft/batchget' });
    const shared = account();
    await expect(inTurn(deploy('d1'), subject('m'), shared.handlers('d1'))).rejects.toThrow(
      /did not list this deploy's marker for batch spring within 3000 ms.*Nothing was delivered/,
    );
    expect(shared.acted).toHaveLength(0);
    expect(draftsLeft()).toBe(0);
  });

  it('a deploy that comes after the winner finished finds the publication and does not act', async () => {
    const shared = account();
    await inTurn(deploy('d1'), subject('m1'), shared.handlers('d1'));
    expect(await inTurn(deploy('d2'), subject('m2'), shared.handlers('d2'))).toBe('d2 found P-d1');
    expect(shared.acted).toEqual(['d1']);
    expect(draftsLeft()).toBe(0);
  });
});

describe('a marker left by a killed deploy', () => {
  /** The marker a deploy killed between winning and acting leaves: no outcome in it. */
  async function leftMarker(): Promise<void> {
    await client.addDraft([
      {
        title: `astro-weixin deploy ${KEY}`,
        digest: 'astro-weixin lease dead00000000 killed-draft',
        content: '<p>left behind</p>',
        thumb_media_id: thumb,
      },
    ]);
    // The killed deploy made it a while before the next deploy comes.
    emulator.clock.advance(2000);
  }

  it('is waited for until it expires; then the account says the killed deploy published, and nothing is done again', async () => {
    await leftMarker();
    const shared = account();
    shared.publish('P-killed');
    const result = await inTurn(deploy('d2'), subject('m2'), shared.handlers('d2'));
    expect(result).toBe('d2 found P-killed');
    expect(shared.acted).toHaveLength(0);
    expect(lines.some((l) => l.startsWith('d2 warn') && l.includes('deploy dead00000000 stopped'))).toBe(true);
    // It waited until the marker was older than expireMs on the platform's clock.
    expect(emulator.clock.now() - START).toBeGreaterThan(TIMING.expireMs);
    expect(draftsLeft()).toBe(0);
  });

  it('found already expired, is removed, and the deploy takes its turn at once', async () => {
    await leftMarker();
    emulator.clock.advance(TIMING.expireMs + 1000);
    const shared = account();
    expect(await inTurn(deploy('d2'), subject('m2'), shared.handlers('d2'))).toBe('d2 published');
    expect(shared.acted).toEqual(['d2']);
    expect(lines.some((l) => l.includes('removing the marker of deploy dead00000000'))).toBe(true);
    expect(draftsLeft()).toBe(0);
  });
});

describe('a marker left by a deploy killed after its publish went through', () => {
  it('is removed by the build that finds the publication, and only the markers of that message', async () => {
    const marker = (deploy: string, delivers: string) => ({
      title: `astro-weixin deploy ${KEY}`,
      digest: `astro-weixin lease ${deploy} ${delivers}`,
      content: '<p>left behind</p>',
      thumb_media_id: thumb,
    });
    await client.addDraft([marker('dead00000000', 'published-draft')]);
    await client.addDraft([marker('live00000000', 'another-draft')]);
    await clearFinishedMarkers(deploy('d2'), { key: KEY, name: 'spring' }, 'published-draft');
    expect(emulator.state().drafts.map((d) => d.articles[0]!.digest)).toEqual([
      'astro-weixin lease live00000000 another-draft',
    ]);
    expect(lines).toContain(
      'd2 info batch spring: removed the marker deploy dead00000000 left; its publish went through',
    );
  });
});

describe('the lease option', () => {
  it('refuses an expiry a running publish could outlast, naming both options', () => {
    expect(() => resolveOptions({ deliveryTimeoutMs: 300_000, lease: { expireMs: 60_000 } })).toThrow(
      /lease\.expireMs: must be longer than deliveryTimeoutMs \(300000\)/,
    );
    expect(resolveOptions({ lease: false }).lease).toBe(false);
    expect(resolveOptions({}).lease).toEqual({ settleMs: 3000, expireMs: 900_000, pollMs: 2000 });
  });
});
