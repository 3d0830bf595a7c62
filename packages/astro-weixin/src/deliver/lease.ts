import { createHash, randomBytes } from 'node:crypto';
import { type DraftArticle, type DraftListItem, WeixinApiError, type WeixinClient } from '@astro-weixin/api';
import { AstroError } from 'astro/errors';

// A lease held in the account: deploys that reach the same irreversible call at the same moment,
// from checkouts that share no lockfile, take turns through a marker draft in the draft box.
// docs/deploy.md ("Deploys at the same moment") gives the reasoning and what it assumes.

export interface LeaseTiming {
  /**
   * Wait between adding the marker and reading the draft box: one second (create_time counts
   * seconds) plus the longest listing lag assumed. A deploy whose own marker is not listed by then
   * stops, since the turn-taking would no longer be sound.
   */
  settleMs: number;
  /** A marker without an outcome older than this (on the platform's clock) was left by a killed deploy. */
  expireMs: number;
  /** How often a waiting deploy reads the draft box again. */
  pollMs: number;
}

type LeaseClient = Pick<WeixinClient, 'addDraft' | 'updateDraft' | 'deleteDraft' | 'listDrafts'>;

export interface LeaseContext {
  client: LeaseClient;
  log: { info(message: string): void; warn(message: string): void };
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  timing: LeaseTiming;
  /** This build's own id, so its marker is told from the others'. */
  deployId: string;
  /** When this deploy started, on its own clock: publications since then may be another deploy's of the same moment. */
  startedAt: number;
}

/** What the deploys take turns for: the same posts, whatever their content. */
export interface LeaseSubject {
  /** From the account and the posts' addresses (or titles), in order: see `leaseKey`. */
  key: string;
  /** The batch's name, for the log. */
  name: string;
  /** The message this deploy would deliver: a waiting deploy learns the winner's. */
  mediaId: string;
  /** A permanent thumb of this account: a draft needs one. */
  thumbMediaId: string;
}

/** What a winner's marker says it did. */
interface LeaseOutcome {
  /** The publish_id (or msg_id) the winner got. */
  id: string;
  /** The message the winner delivered. */
  mediaId: string;
}

export interface TurnHandlers<T> {
  /**
   * Reads the account for a delivery of these posts by another deploy of this moment: one that
   * ended after `since` (seconds on the platform's clock: when this deploy started, less a second).
   * Undefined when there is none.
   */
  settle(since: number): Promise<T | undefined>;
  /** The irreversible call, run by the deploy whose turn it is; gives the result and the id to tell the others. */
  act(): Promise<{ result: T; id?: string | undefined }>;
  /** Records the winner's outcome instead of acting. */
  adopt(outcome: LeaseOutcome): Promise<T>;
}

interface Marker {
  mediaId: string;
  /** Seconds on the platform's clock. */
  createTime: number;
  deployId: string;
  /** The message the marker's deploy delivers. */
  deliversMediaId: string;
  outcome?: string | undefined;
}

const TITLE_PREFIX = 'astro-weixin deploy ';
const DIGEST_TAG = 'astro-weixin lease';
/** Drafts read when looking for markers: they are the newest, so the first pages hold them. */
const PAGES = 5;
const PAGE = 20;

/** A deploy's own id: random, short enough for the marker's digest. */
export function newDeployId(): string {
  return randomBytes(6).toString('hex');
}

/** The lease's name for a batch: the account and the posts, so two versions of the same posts share it. */
export function leaseKey(account: string, posts: { url?: string | undefined; title: string }[]): string {
  const identity = [account, ...posts.map((post) => post.url ?? `title:${post.title}`)].join('\n');
  return createHash('sha256').update(identity).digest('hex').slice(0, 12);
}

/**
 * Runs `act` in this deploy's turn, or adopts the outcome of the deploy whose turn it was. The
 * earliest marker (create_time, then media_id) among those not expired wins; the others remove
 * theirs and wait for its outcome. A marker that vanished without one sends the waiter back to the
 * account (`settle`), then to a new turn.
 */
export async function inTurn<T>(context: LeaseContext, subject: LeaseSubject, handlers: TurnHandlers<T>): Promise<T> {
  for (;;) {
    const addedAt = context.now();
    const mine = await addMarker(context, subject);
    let markers: Marker[];
    let own: Marker;
    try {
      ({ markers, own } = await listAfterSettling(context, subject, mine));
    } catch (error) {
      await removeMarker(context, mine);
      throw error;
    }
    const platformNow = platformClock(context, own, addedAt);
    markers = await removeExpired(context, subject, markers, platformNow());
    const done = markers.find((marker) => marker.outcome);
    const winner = earliest(markers);
    if (done || winner?.mediaId !== own.mediaId) {
      await removeMarker(context, mine);
      if (done) return handlers.adopt({ id: done.outcome!, mediaId: done.deliversMediaId });
      const waited = await waitForWinner(context, subject, winner!, platformNow, handlers);
      if (waited.found) return waited.result;
      continue;
    }
    return winTurn(context, subject, mine, platformNow, handlers);
  }
}

async function winTurn<T>(
  context: LeaseContext,
  subject: LeaseSubject,
  mine: string,
  platformNow: () => number,
  handlers: TurnHandlers<T>,
): Promise<T> {
  try {
    const earlier = await handlers.settle(startedOnPlatform(context, platformNow));
    if (earlier !== undefined) return earlier;
    const { result, id } = await handlers.act();
    if (id !== undefined) {
      await context.client.updateDraft(mine, 0, markerArticle(context, subject, id));
      // Waiting deploys read the draft box every pollMs: leave them one read to see the outcome. One
      // that misses it finds the publication in the account instead.
      await context.sleep(context.timing.pollMs);
    }
    return result;
  } finally {
    await removeMarker(context, mine);
  }
}

/** Polls the winner's marker until it carries an outcome, vanishes or expires. */
async function waitForWinner<T>(
  context: LeaseContext,
  subject: LeaseSubject,
  winner: Marker,
  platformNow: () => number,
  handlers: TurnHandlers<T>,
): Promise<{ found: true; result: T } | { found: false }> {
  context.log.info(
    `batch ${subject.name}: waiting for the deploy that started first (${winner.deployId}) to deliver it; this deploy then records its outcome`,
  );
  for (;;) {
    await context.sleep(context.timing.pollMs);
    const current = (await listMarkers(context, subject)).find((marker) => marker.mediaId === winner.mediaId);
    if (current?.outcome) {
      return { found: true, result: await handlers.adopt({ id: current.outcome, mediaId: current.deliversMediaId }) };
    }
    if (current && !expired(context, current, platformNow())) continue;
    if (current) {
      context.log.warn(
        `batch ${subject.name}: the deploy ${current.deployId} stopped before it said what it did; its marker expired, so the account is asked instead`,
      );
      await removeMarker(context, current.mediaId);
    }
    const result = await handlers.settle(startedOnPlatform(context, platformNow));
    return result === undefined ? { found: false } : { found: true, result };
  }
}

/**
 * Removes the markers of a batch whose message is published: a build killed while it held the
 * lease leaves one, and the build that later finds the publication clears it at once rather than
 * leave it in the draft box until it expires.
 */
export async function clearFinishedMarkers(
  context: Pick<LeaseContext, 'client' | 'log'>,
  subject: Pick<LeaseSubject, 'key' | 'name'>,
  publishedMediaId: string,
): Promise<void> {
  for (const marker of await listMarkers(context, subject)) {
    if (marker.deliversMediaId !== publishedMediaId) continue;
    await removeMarker(context, marker.mediaId);
    context.log.info(
      `batch ${subject.name}: removed the marker deploy ${marker.deployId} left; its publish went through`,
    );
  }
}

async function addMarker(context: LeaseContext, subject: LeaseSubject): Promise<string> {
  const { media_id } = await context.client.addDraft([markerArticle(context, subject)]);
  return media_id;
}

/** Removes a marker; one already gone (40007) is fine. */
async function removeMarker(context: Pick<LeaseContext, 'client'>, mediaId: string): Promise<void> {
  try {
    await context.client.deleteDraft(mediaId);
  } catch (error) {
    if (!(error instanceof WeixinApiError && error.errcode === 40007)) throw error;
  }
}

/** The marker as editors see it in the draft box: a title that says what it is, a sentence in the body. */
function markerArticle(context: LeaseContext, subject: LeaseSubject, outcome?: string): DraftArticle {
  const fields = [DIGEST_TAG, context.deployId, subject.mediaId, ...(outcome ? [outcome] : [])];
  return {
    title: `${TITLE_PREFIX}${subject.key}`,
    digest: fields.join(' '),
    content:
      '<p>A deploy of this site holds this draft for a few seconds while it publishes, then removes it. ' +
      'If it is still here an hour later, the deploy was stopped: delete it.</p>',
    thumb_media_id: subject.thumbMediaId,
  };
}

async function listAfterSettling(
  context: LeaseContext,
  subject: LeaseSubject,
  mine: string,
): Promise<{ markers: Marker[]; own: Marker }> {
  await context.sleep(context.timing.settleMs);
  const markers = await listMarkers(context, subject);
  const own = markers.find((marker) => marker.mediaId === mine);
  if (own) return { markers, own };
  throw new AstroError(
    `The draft box did not list this deploy's marker for batch ${subject.name} within ${context.timing.settleMs} ms, so deploys at the same moment cannot take turns safely. Nothing was delivered.`,
    'The account lists changes more slowly than the lease assumes: raise `lease.settleMs`, or deploy one at a time (a CI concurrency group).',
  );
}

async function listMarkers(
  context: Pick<LeaseContext, 'client'>,
  subject: Pick<LeaseSubject, 'key'>,
): Promise<Marker[]> {
  const markers: Marker[] = [];
  for (let page = 0; page < PAGES; page += 1) {
    const answer = await context.client.listDrafts({ offset: page * PAGE, count: PAGE, noContent: true });
    for (const item of answer.item ?? []) {
      const marker = asMarker(item, subject.key);
      if (marker) markers.push(marker);
    }
    if ((page + 1) * PAGE >= Number(answer.total_count)) break;
  }
  return markers;
}

function asMarker(item: DraftListItem, key: string): Marker | undefined {
  const article = item.content?.news_item?.[0];
  if (article?.title !== `${TITLE_PREFIX}${key}`) return undefined;
  const [, , deployId, deliversMediaId, outcome] = String(article.digest ?? '').split(' ');
  if (!deployId || !deliversMediaId) return undefined;
  // create_time stays when the winner writes its outcome; update_time would move (unconfirmed which the list gives).
  const createTime = Number(item.content.create_time ?? item.update_time);
  return { mediaId: item.media_id, createTime, deployId, deliversMediaId, outcome };
}

/** The earliest marker: create_time, then media_id, so every deploy that lists the same markers picks the same one. */
function earliest(markers: Marker[]): Marker | undefined {
  return [...markers].sort((a, b) => a.createTime - b.createTime || (a.mediaId < b.mediaId ? -1 : 1))[0];
}

/**
 * The platform's time as this deploy can tell it: its own marker's create_time, plus the time
 * elapsed since on this deploy's clock. Deploy machines' clocks may differ; only durations count.
 */
function platformClock(context: LeaseContext, own: Marker, addedAt: number): () => number {
  return () => own.createTime * 1000 + (context.now() - addedAt);
}

/** Removes the markers killed deploys left behind, and gives the others. */
async function removeExpired(
  context: LeaseContext,
  subject: LeaseSubject,
  markers: Marker[],
  platformNow: number,
): Promise<Marker[]> {
  const live: Marker[] = [];
  for (const marker of markers) {
    if (!expired(context, marker, platformNow)) {
      live.push(marker);
      continue;
    }
    context.log.warn(
      `batch ${subject.name}: removing the marker of deploy ${marker.deployId}, made ${Math.round((platformNow - marker.createTime * 1000) / 1000)} s ago by a deploy that stopped without saying what it did`,
    );
    await removeMarker(context, marker.mediaId);
  }
  return live;
}

/** This deploy's start on the platform's clock, in seconds, a second early for create_time's rounding. */
function startedOnPlatform(context: LeaseContext, platformNow: () => number): number {
  return Math.floor((platformNow() - (context.now() - context.startedAt)) / 1000) - 1;
}

function expired(context: LeaseContext, marker: Marker, platformNow: number): boolean {
  return !marker.outcome && platformNow - marker.createTime * 1000 > context.timing.expireMs;
}
