import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface LockedImage {
  url: string;
  uploadedAt: string;
}

export interface LockedThumb {
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
}

export interface LockedPost {
  contentHash: string;
  messageHash: string;
  media_id: string;
  index: number;
  publishedAt: string;
}

export interface AccountLock {
  images: Record<string, LockedImage>;
  thumbs: Record<string, LockedThumb>;
  /** Keyed by the hash of everything that went into the message, so unchanged messages are skipped. */
  messages: Record<string, LockedMessage>;
  posts: Record<string, LockedPost>;
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

  private writing: Promise<void> = Promise.resolve();

  private write(): Promise<void> {
    // Serialise writes: concurrent uploads finishing together must not interleave renames.
    const next = this.writing.then(async () => {
      await mkdir(path.dirname(this.file), { recursive: true });
      const temporary = `${this.file}.${process.pid}.tmp`;
      await writeFile(temporary, `${JSON.stringify(sortKeys(this.data), null, 2)}\n`);
      await rename(temporary, this.file);
    });
    this.writing = next.catch(() => undefined);
    return next;
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
