import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { lock } from 'proper-lockfile';
import { writeFileAtomicSync } from '../utils/atomic-write.js';

interface LockedImage {
  url: string;
  /** Permanent image material (an animated GIF, an image post's picture): its id in the material library. */
  media_id?: string;
  uploadedAt: string;
}

interface LockedThumb {
  media_id: string;
  /** Temporary thumbs (uploadnews) expire after 3 days; permanent ones (drafts) never do. */
  kind: 'temporary' | 'permanent';
  uploadedAt: string;
  expiresAt?: string;
}

export interface LockedMessage {
  target: 'news' | 'draft';
  /** The batch it was made from; a changed draft of the same batch is updated in place. */
  batch?: string;
  media_id: string;
  created_at?: number | string;
  /** Post files in article order. */
  posts: string[];
  publishedAt: string;
  previewedTo?: string[];
  /** How the account knows each article (its address on the site, its title), in order. */
  articles?: { url?: string; title: string }[];
  /** Each article's content hash, in order, so a changed draft updates only the articles that changed. */
  articleHashes?: string[];
  /** What reached readers: set once the message is published or mass-sent. */
  delivery?: LockedDelivery;
  /** `newspic`: an image post (小绿书); absent for graphic messages. */
  articleType?: 'newspic';
}

/** A publish (freepublish) or a mass send (sendall) of one message, and where it stands. */
export type LockedDelivery =
  | {
      kind: 'publish';
      status: 'publishing' | 'published' | 'failed';
      publish_id: string;
      /** freepublish/get's publish_status once the publish ended (0 published; 2 to 6 see describePublishStatus). */
      publish_status?: number;
      article_id?: string;
      /** Each article's address once published, in article order. */
      urls?: string[];
      /** Why it failed, in plain words. */
      failure?: string;
      at: string;
    }
  | {
      kind: 'sendall';
      status: 'sending' | 'sent' | 'failed' | 'deleted';
      msg_id: string;
      msg_data_id?: string;
      clientmsgid: string;
      to: 'all' | { tagId: number };
      failure?: string;
      at: string;
    };

/** A delivery as this build found or left it. */
export type DeliveryOutcome = LockedDelivery & {
  /** `earlier`: a previous build delivered it already; `now`: this build did; `waiting`: not finished yet. */
  when: 'earlier' | 'now' | 'waiting';
};

/** The calls that make something a reader or an editor sees, and cannot be taken back. */
export type IrreversibleCall = 'draft/add' | 'media/uploadnews' | 'freepublish/submit' | 'message/mass/sendall';

/**
 * Written before an irreversible call and removed once its outcome is recorded: one that is still
 * here at the next build means the answer was lost, so that build asks the account before acting.
 */
export interface PendingCall {
  call: IrreversibleCall;
  /** The batch's name and hash, and its posts in article order. */
  batch: string;
  messageHash: string;
  posts: string[];
  articles: { url?: string; title: string }[];
  /** The message the call acts on (freepublish/submit, sendall). */
  media_id?: string;
  clientmsgid?: string;
  startedAt: string;
}

interface LockedPost {
  contentHash: string;
  messageHash: string;
  media_id: string;
  index: number;
  publishedAt: string;
  /** Set once the post reached readers; a later change is not delivered again unless asked. */
  delivered?: { kind: 'publish' | 'sendall'; at: string; url?: string; msg_id?: string };
}

export interface AccountLock {
  images: Record<string, LockedImage>;
  thumbs: Record<string, LockedThumb>;
  /** Keyed by the hash of everything that went into the message, so unchanged messages are skipped. */
  messages: Record<string, LockedMessage>;
  posts: Record<string, LockedPost>;
  /** Irreversible calls whose outcome is not known yet, keyed by `call messageHash`. */
  pending?: Record<string, PendingCall>;
}

export interface LockData {
  version: 1;
  /** Per appid (and API origin, when it is not the real one): uploads are only valid in one account. */
  accounts: Record<string, AccountLock>;
}

const emptyAccount = (): AccountLock => ({ images: {}, thumbs: {}, messages: {}, posts: {} });

/**
 * weixin.lock.json: what has been uploaded and published, meant to be committed.
 * Every change is written at once and atomically (temp file + rename), so a run killed
 * half-way leaves a valid file and the next run resumes without uploading anything twice.
 */
export class Lockfile {
  private constructor(
    readonly file: string,
    private data: LockData,
  ) {}

  /**
   * Takes the lockfile for this process, so two builds on one machine never deliver at the same
   * time: the second waits for the first (up to `waitMs`), then fails saying why. A lock left by a
   * killed build goes stale after a few seconds (proper-lockfile refreshes it while we hold it).
   */
  static async acquire(file: string, options: { waitMs: number; onWait?: () => void }): Promise<() => Promise<void>> {
    await mkdir(path.dirname(file), { recursive: true });
    const lockfilePath = `${file}.lock`;
    const attempt = () => lock(file, { realpath: false, lockfilePath, stale: 10_000, update: 2_000 });
    try {
      return await attempt();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    }
    options.onWait?.();
    const deadline = Date.now() + options.waitMs;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      try {
        return await attempt();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
        if (Date.now() >= deadline) {
          throw new Error(
            `another build is publishing with ${path.basename(file)} (it holds ${path.basename(lockfilePath)}); ` +
              `waited ${Math.round(options.waitMs / 1000)} s. Let it finish, or run deploys one at a time (a CI concurrency group)`,
          );
        }
      }
    }
  }

  static async open(file: string): Promise<Lockfile> {
    let data: LockData = { version: 1, accounts: {} };
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<LockData>;
      if (parsed.version !== 1 || typeof parsed.accounts !== 'object' || parsed.accounts === null) {
        throw new Error(
          `${file} is not a weixin.lock.json this version understands (version ${String(parsed.version)})`,
        );
      }
      data = parsed as LockData;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        if (error instanceof SyntaxError)
          throw new Error(
            `${file} is not valid JSON (${error.message}); restore it from git or delete it to upload everything again`,
          );
        throw error;
      }
    }
    return new Lockfile(file, data);
  }

  /** The accounts the file holds records for. */
  accountKeys(): string[] {
    return Object.keys(this.data.accounts);
  }

  account(key: string): AccountLock {
    const existing = this.data.accounts[key];
    if (existing) return existing;
    const created = emptyAccount();
    this.data.accounts[key] = created;
    return created;
  }

  /** Applies a change to one account and writes the file before returning. */
  async update(key: string, change: (account: AccountLock) => void): Promise<void> {
    change(this.account(key));
    await this.write();
  }

  /** The write the changes made in this tick wait for; they all go in it. */
  private nextWrite: Promise<void> | undefined;

  /**
   * Changes made in the same tick share one write, made after them. Each caller's change is on
   * disk when its promise resolves. The write itself is synchronous: each upload waits for its
   * record before its slot frees, and an async write would queue behind the image conversions on
   * libuv's four threads (a median 2.7 ms, one in ten over 13 ms, against under 1 ms).
   */
  private write(): Promise<void> {
    this.nextWrite ??= Promise.resolve().then(() => {
      this.nextWrite = undefined;
      writeFileAtomicSync(this.file, `${JSON.stringify(sortKeys(this.data), null, 2)}\n`);
    });
    return this.nextWrite;
  }
}

/** Stable key order keeps diffs of the committed lockfile small. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
