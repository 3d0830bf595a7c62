import { seededRandom } from './random.js';

/**
 * - `latency`: wait `ms` (real time) before doing the call; with `commitFirst`, do it, then wait
 *   before answering. Combines with the other kinds.
 * - `busy`: errcode -1 "system error".
 * - `token-expired`: the call's access token expires now, so this call (and later ones) get 42001.
 * - `quota`: errcode 45009, daily quota reached.
 * - `drop`: the socket is destroyed before anything is done or answered.
 * - `http`: an HTTP 5xx (`status`, default 502) with an HTML body, as a failing gateway answers.
 * - `malformed`: the call is carried out, but the JSON answer is cut off half-way.
 * - `lost`: the call is carried out, then the socket is destroyed: no answer at all.
 * - `publish-status`: freepublish/submit answers normally, but the publish ends in `status` (2..6).
 * - `error`: any `errcode` (and optional `errmsg`), e.g. 53503 for a publish that fails its check.
 * - `listing-lag`: draft/batchget and freepublish/batchget leave out what changed less than `ms`
 *   ago (emulator clock), as an eventually consistent listing would. Whether the platform's
 *   listings lag, and by how much, is undocumented (unconfirmed): this lets clients be tested
 *   against a bound they assume.
 */
export type FaultKind =
  | 'latency'
  | 'busy'
  | 'token-expired'
  | 'quota'
  | 'drop'
  | 'http'
  | 'malformed'
  | 'lost'
  | 'error'
  | 'publish-status'
  | 'listing-lag';

const FAULT_KINDS: readonly FaultKind[] = [
  'latency',
  'busy',
  'token-expired',
  'quota',
  'drop',
  'http',
  'malformed',
  'lost',
  'error',
  'publish-status',
  'listing-lag',
];

export interface FaultSpec {
  kind: FaultKind;
  /** API name (`media/uploadnews`, `token`, `stable_token`...) or `*` / omitted for every API call. */
  call?: string;
  /** Fire on the next N matching calls (after `after`), then the fault is removed. */
  count?: number;
  /** Fire with this probability (0..1) on each matching call, from the emulator's seeded generator. */
  rate?: number;
  /** Let this many matching calls through first. */
  after?: number;
  /** latency: milliseconds. listing-lag: how long a change stays out of the listings. */
  ms?: number;
  /** latency: carry the call out first, then wait `ms` before answering. */
  commitFirst?: boolean;
  /** http: the HTTP status (default 502). publish-status: the publish_status the publish ends in, 2..6. */
  status?: number;
  /** publish-status 2 or 4: the failing articles, 1-based (default [1]). */
  failIdx?: number[];
  /** error: the errcode to answer. */
  errcode?: number;
  /** error: the errmsg text (the rid suffix is added). */
  errmsg?: string;
}

export interface Fault extends FaultSpec {
  id: number;
  /** Matching calls seen so far. */
  seen: number;
  /** Times it fired. */
  fired: number;
}

/** Strips `/cgi-bin/` so `call` may be written either way. */
export const callName = (call: string): string => call.replace(/^\/+/, '').replace(/^cgi-bin\//, '');

const PUBLISH_SUBMIT = 'freepublish/submit';
/** The listings a `listing-lag` fault can slow down. */
const LAGGING_LISTS: readonly string[] = ['draft/batchget', 'freepublish/batchget'];

function checkPublishStatus(spec: FaultSpec): void {
  if (spec.call !== undefined && callName(spec.call) !== PUBLISH_SUBMIT)
    throw new TypeError(`a publish-status fault applies to ${PUBLISH_SUBMIT}, not ${spec.call}`);
  if (!(Number.isInteger(spec.status) && spec.status! >= 2 && spec.status! <= 6))
    throw new TypeError(`a publish-status fault needs status 2..6, got ${JSON.stringify(spec.status)}`);
  if (spec.failIdx === undefined) return;
  if (spec.status !== 2 && spec.status !== 4) throw new TypeError('failIdx goes with publish-status 2 or 4');
  if (!Array.isArray(spec.failIdx) || !spec.failIdx.every((i) => Number.isInteger(i) && i >= 1))
    throw new TypeError('failIdx must be a list of 1-based article indexes');
}

export class Faults {
  private list: Fault[] = [];
  private nextId = 1;
  private random: () => number;

  constructor(private readonly seed: number) {
    this.random = seededRandom(seed);
  }

  add(spec: FaultSpec): Fault {
    if (!spec || !FAULT_KINDS.includes(spec.kind))
      throw new TypeError(`fault kind must be one of ${FAULT_KINDS.join(', ')}; got ${JSON.stringify(spec?.kind)}`);
    if (spec.rate !== undefined && !(spec.rate >= 0 && spec.rate <= 1))
      throw new TypeError(`fault rate must be within 0..1, got ${spec.rate}`);
    if (spec.count !== undefined && !(Number.isInteger(spec.count) && spec.count > 0))
      throw new TypeError(`fault count must be a positive integer, got ${spec.count}`);
    if ((spec.kind === 'latency' || spec.kind === 'listing-lag') && !(typeof spec.ms === 'number' && spec.ms >= 0))
      throw new TypeError(`a ${spec.kind} fault needs ms >= 0`);
    if (spec.kind === 'listing-lag' && spec.call !== undefined && !LAGGING_LISTS.includes(callName(spec.call)))
      throw new TypeError(`a listing-lag fault applies to ${LAGGING_LISTS.join(' or ')}, not ${spec.call}`);
    if (spec.kind === 'error' && !Number.isInteger(spec.errcode))
      throw new TypeError('an error fault needs an integer errcode');
    if (spec.kind === 'publish-status') checkPublishStatus(spec);
    const fault: Fault = {
      ...spec,
      ...(spec.call ? { call: callName(spec.call) } : {}),
      ...(spec.kind === 'publish-status' ? { call: PUBLISH_SUBMIT } : {}),
      id: this.nextId++,
      seen: 0,
      fired: 0,
    };
    this.list.push(fault);
    return fault;
  }

  remove(id: number): void {
    this.list = this.list.filter((fault) => fault.id !== id);
  }

  /** Removes every fault and restarts the random sequence, so a run is reproducible after clear(). */
  clear(): void {
    this.list = [];
    this.random = seededRandom(this.seed);
  }

  all(): Fault[] {
    return this.list.map((fault) => ({ ...fault }));
  }

  /** The faults that fire for this call, counting it against each matching fault. */
  take(call: string): Fault[] {
    const fired: Fault[] = [];
    for (const fault of this.list) {
      if (fault.call !== undefined && fault.call !== '*' && fault.call !== call) continue;
      if (fault.kind === 'listing-lag' && !LAGGING_LISTS.includes(call)) continue;
      fault.seen += 1;
      if (fault.seen <= (fault.after ?? 0)) continue;
      if (fault.rate !== undefined && this.random() >= fault.rate) continue;
      fault.fired += 1;
      fired.push({ ...fault });
    }
    this.list = this.list.filter((fault) => fault.count === undefined || fault.fired < fault.count);
    return fired;
  }
}
