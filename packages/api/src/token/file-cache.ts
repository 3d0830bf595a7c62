/**
 * An optional token cache file shared by runs (and by processes on one machine), so a build does
 * not ask for a token every time. One JSON file holds entries keyed by appid + baseUrl; it is
 * written atomically (temporary file, then rename) with mode 0600 because it holds live tokens.
 */
import { chmod, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

export interface CachedToken {
  access_token: string;
  /** Epoch milliseconds. */
  expires_at: number;
}

interface CacheFile {
  version: 1;
  tokens: Record<string, CachedToken>;
}

export function cacheKey(appid: string, baseUrl: string): string {
  return `${appid}@${baseUrl.replace(/\/+$/, '')}`;
}

export class TokenFileCache {
  /** Writes from one process go one after another so none is lost. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly now: () => number = Date.now,
  ) {}

  private async load(): Promise<CacheFile> {
    try {
      const parsed = JSON.parse(await readFile(this.file, 'utf8')) as Partial<CacheFile>;
      if (parsed && typeof parsed === 'object' && parsed.tokens && typeof parsed.tokens === 'object')
        return { version: 1, tokens: parsed.tokens };
    } catch {
      // Missing or unreadable: start afresh; the file is only a cache.
    }
    return { version: 1, tokens: {} };
  }

  async read(key: string): Promise<CachedToken | undefined> {
    const entry = (await this.load()).tokens[key];
    if (!entry || typeof entry.access_token !== 'string' || typeof entry.expires_at !== 'number') return undefined;
    return entry;
  }

  write(key: string, entry: CachedToken | undefined): Promise<void> {
    const run = this.queue.then(async () => {
      const data = await this.load();
      if (entry) data.tokens[key] = entry;
      else delete data.tokens[key];
      const now = this.now();
      for (const [k, v] of Object.entries(data.tokens)) if (!v || v.expires_at <= now) delete data.tokens[k];
      await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
      const temporary = `${this.file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        await writeFile(temporary, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
        await chmod(temporary, 0o600); // the umask could only narrow it, but be explicit
        await rename(temporary, this.file);
      } catch (error) {
        await unlink(temporary).catch(() => {});
        throw error;
      }
    });
    this.queue = run.catch(() => {});
    return run;
  }
}
