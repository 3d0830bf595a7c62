import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'devalue';

/** One entry of a content collection, as Astro's content layer stored it. */
export interface ContentEntry {
  collection: string;
  id: string;
  /** Relative to the project root; absent for remote loaders. */
  filePath?: string;
  body?: string;
  /** Already through the collection's schema, which strips keys it does not declare. */
  data: Record<string, unknown>;
}

/** Astro majors whose data store has the shape read here. */
const KNOWN_MAJORS = new Set(['5', '6', '7']);

/** The data store is Astro's internal format: anything unexpected stops the build with this. */
export class ContentStoreError extends Error {
  override name = 'ContentStoreError';
}

/**
 * Every entry of every collection from the content layer's data store, which Astro writes while
 * syncing content, before `astro:build:start`. Undefined when there is no store (a site without
 * content collections, or a CLI run before the first build).
 */
export async function readContentStore(cacheDir: string): Promise<ContentEntry[] | undefined> {
  const file = contentStorePath(cacheDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let store: unknown;
  try {
    store = parse(text);
  } catch (error) {
    throw new ContentStoreError(`${file} is not in devalue's format (${(error as Error).message})`);
  }
  if (!(store instanceof Map)) throw new ContentStoreError(`${file} does not hold a Map of collections`);
  const version = store.get('meta::meta')?.get?.('astro-version');
  if (typeof version === 'string' && !KNOWN_MAJORS.has(version.split('.')[0]!)) {
    throw new ContentStoreError(`${file} was written by Astro ${version}, whose format astro-weixin does not know`);
  }
  const entries: ContentEntry[] = [];
  for (const [collection, items] of store) {
    if (typeof collection !== 'string' || !(items instanceof Map)) {
      throw new ContentStoreError(`${file}: collection ${String(collection)} is not a Map of entries`);
    }
    // Astro's own bookkeeping (`meta::meta`, `meta:<collection>`); a collection's name is an identifier.
    if (collection.includes(':')) continue;
    for (const [id, item] of items) entries.push(toEntry(file, collection, id, item));
  }
  return entries;
}

/** Where Astro keeps the content layer's data store. */
export function contentStorePath(cacheDir: string): string {
  return path.join(cacheDir, 'data-store.json');
}

function toEntry(file: string, collection: string, id: unknown, item: unknown): ContentEntry {
  const entry = item as Partial<Record<'id' | 'data' | 'body' | 'filePath', unknown>> | null;
  if (typeof id !== 'string' || !entry || typeof entry !== 'object' || !isRecord(entry.data)) {
    throw new ContentStoreError(`${file}: entry ${String(id)} of ${collection} has no data object`);
  }
  return {
    collection,
    id,
    data: entry.data,
    ...(typeof entry.filePath === 'string' ? { filePath: entry.filePath } : {}),
    ...(typeof entry.body === 'string' ? { body: entry.body } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
