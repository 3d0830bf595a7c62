// Deploys started together from separate checkouts (0, 250 and 500 ms apart), real `astro build`
// runs against one emulated account: one publication or one mass message per batch, no draft left
// behind, whether or not the checkouts hold a lockfile; a winner killed at its submit; a marker
// left behind by a killed deploy.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  buildTogether,
  type Checkout,
  checkouts,
  type DeliverySite,
  deliverySite,
  readLock,
  removeCheckouts,
} from './helpers/delivery.js';
import type { BuildResult } from './helpers/fixture.js';

const LEASE = 'lease: { settleMs: 2000, expireMs: 25000, pollMs: 500 }';
const PUBLISH = `{ target: 'draft', deliver: 'publish', deliveryTimeoutMs: 20000, ${LEASE} }`;
const SENDALL = `{ deliver: 'sendall', sendTo: 'all', deliveryTimeoutMs: 20000, ${LEASE} }`;

let site: DeliverySite;
let made: Checkout[] = [];
beforeAll(async () => {
  site = await deliverySite();
});
afterAll(() => site?.close());
beforeEach(() => site.reset());
afterEach(async () => {
  await removeCheckouts(made);
  made = [];
  // The next test starts from the two spring posts again.
  await rm(summerPost(), { force: true });
});

const summerPost = () => path.join(site.root, 'src/content/blog/summer.md');

/** A third post, in a batch of its own, added after the first deploy. */
async function addSummerPost(): Promise<void> {
  const postedAt = new Date().toISOString(); // the instant: a day would be over 24 hours old after midnight UTC
  await writeFile(
    summerPost(),
    `---\ntitle: 夏天\npubDate: ${postedAt}\nweixin:\n  batch: summer\n---\n\n夏天的正文。\n\n![图](./img-0.png)\n`,
  );
}

/** What each checkout's lockfile says reached readers, per post file. */
async function deliveredIn(
  checkout: Checkout,
): Promise<Record<string, { kind: string; url?: string; msg_id?: string }>> {
  const lock = (await readLock(checkout.lockfile)) as unknown as {
    accounts: Record<
      string,
      { posts: Record<string, { delivered?: { kind: string; url?: string; msg_id?: string } }> }
    >;
  };
  const [account] = Object.values(lock.accounts);
  return Object.fromEntries(Object.entries(account!.posts).map(([file, post]) => [file, post.delivered!]));
}

function expectAllSucceeded(results: BuildResult[]): void {
  for (const result of results) expect(result.code, result.output).toBe(0);
}

const modes = [
  {
    mode: 'publish',
    options: PUBLISH,
    one: { drafts: 0, published: 1, sends: 0 },
    two: { drafts: 0, published: 2, sends: 0 },
  },
  {
    mode: 'sendall',
    options: SENDALL,
    one: { drafts: 0, published: 0, sends: 1 },
    two: { drafts: 0, published: 0, sends: 2 },
  },
] as const;

describe.each(modes)('three checkouts deploy at once ($mode)', ({ mode, options, one, two }) => {
  it('without lockfiles: the batch reaches readers once, and every checkout records the same delivery', async () => {
    await site.configure(options);
    made = await checkouts(site, 3);
    const results = await buildTogether(made, 250);
    expectAllSucceeded(results);
    expect(site.visible()).toEqual(one);
    const records = await Promise.all(made.map(deliveredIn));
    const first = records[0]!['src/content/blog/post-0.md']!;
    expect(first.kind).toBe(mode);
    for (const record of records)
      expect(record['src/content/blog/post-0.md']).toMatchObject(
        mode === 'publish' ? { url: first.url } : { msg_id: first.msg_id },
      );
    if (mode === 'publish') {
      // Two of the three learnt the winner's publish instead of making their own.
      expect(
        results.filter((r) => /published by (the deploy that started first|another deploy)/.test(r.output)),
      ).toHaveLength(2);
    }
  }, 360_000);

  it('with lockfiles from an earlier deploy: the new batch reaches readers once', async () => {
    await site.configure(options);
    const earlier = await site.build();
    expect(earlier.code, earlier.output).toBe(0);
    await addSummerPost();
    made = await checkouts(site, 3);
    const results = await buildTogether(made, 250);
    expectAllSucceeded(results);
    expect(site.visible()).toEqual(two);
    const records = await Promise.all(made.map(deliveredIn));
    for (const record of records) expect(record['src/content/blog/summer.md']?.kind).toBe(mode);
  }, 360_000);
});

describe('a deploy killed by kill -9', () => {
  it('at its submit, as the winner: the others wait for its marker to expire, find its publication, and publish nothing', async () => {
    await site.configure(PUBLISH);
    made = await checkouts(site, 3);
    // The submit takes effect at once, its answer waits: the winner dies in between.
    site.emulator.faults.add({ kind: 'latency', ms: 120_000, commitFirst: true, call: 'freepublish/submit', count: 1 });
    const runs: ReturnType<Checkout['start']>[] = [];
    for (const checkout of made) {
      runs.push(checkout.start());
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await until(() => site.calls('freepublish/submit') === 1);
    // The winner wrote its intent into its own lockfile before the call.
    const winner = await findAsync(made, async (checkout) =>
      Object.keys(Object.values((await readLock(checkout.lockfile)).accounts)[0]?.pending ?? {}).some((key) =>
        key.startsWith('freepublish/submit'),
      ),
    );
    runs[made.indexOf(winner)]!.child.kill('SIGKILL');
    const results = await Promise.all(runs.map((run) => run.done));
    expect(results[made.indexOf(winner)]!.code).toBe(137);
    const survivors = results.filter((_, i) => made[i] !== winner);
    expectAllSucceeded(survivors);
    expect(site.visible()).toEqual({ drafts: 0, published: 1, sends: 0 });
    expect(site.calls('freepublish/submit')).toBe(1);
    expect(survivors.some((r) => /stopped before it said what it did; its marker expired/.test(r.output))).toBe(true);
    for (const checkout of made.filter((c) => c !== winner)) {
      expect((await deliveredIn(checkout))['src/content/blog/post-1.md']).toMatchObject({ kind: 'publish' });
    }
  }, 360_000);

  it('before its submit: the marker it left expires, and the next deploy publishes once and leaves no draft', async () => {
    await site.configure(PUBLISH);
    made = await checkouts(site, 2);
    const [first, next] = made as [Checkout, Checkout];
    const killed = first.start();
    // Its draft, then its marker: killed while it waits to read the draft box.
    await until(() => site.calls('draft/add') === 2);
    killed.child.kill('SIGKILL');
    expect((await killed.done).code).toBe(137);
    expect(site.visible()).toEqual({ drafts: 2, published: 0, sends: 0 });

    const result = await next.start().done;
    expect(result.code, result.output).toBe(0);
    // It waits for the marker to expire, or finds it expired already when its own build was slow.
    expect(result.output).toMatch(
      /stopped before it said what it did; its marker expired|removing the marker of deploy \w+, made \d+ s ago by a deploy that stopped/,
    );
    expect(site.visible()).toEqual({ drafts: 0, published: 1, sends: 0 });
  }, 360_000);
});

async function until(condition: () => boolean, timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the emulator');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function findAsync<T>(list: T[], test: (item: T) => Promise<boolean>): Promise<T> {
  for (const item of list) if (await test(item).catch(() => false)) return item;
  throw new Error('no checkout holds the intent of the submit');
}
