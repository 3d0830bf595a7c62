import type { Fault } from './faults.js';
import type { Limits } from './limits.js';
import type {
  App,
  DraftRecord,
  FilteredRecord,
  ImageRecord,
  MassMessageRecord,
  MaterialRecord,
  MediaRecord,
  NewsRecord,
  RequestRecord,
  Store,
  StoredArticle,
  TokenRecord,
} from './store.js';

type FileInfo<T> = Omit<T, 'bytes'>;

/** What `state()` and `GET /__emulator/state` show: everything but file bytes and app secrets. */
export interface EmulatorState {
  url: string;
  /** Emulator clock, milliseconds. */
  now: number;
  apps: Array<Omit<App, 'secret'>>;
  /** Tokens are test-only values, shown so tests can inspect them. */
  tokens: Array<TokenRecord & { status: 'valid' | 'grace' | 'replaced' | 'expired' }>;
  images: FileInfo<ImageRecord>[];
  media: Array<FileInfo<MediaRecord> & { expired: boolean; preview: string }>;
  materials: FileInfo<MaterialRecord>[];
  news: NewsRecord[];
  drafts: DraftRecord[];
  publishes: Array<{
    publish_id: number;
    msg_data_id: number;
    media_id: string;
    publish_status: 0 | 1;
    article_id?: string;
    articles: StoredArticle[];
    appid: string;
  }>;
  messages: MassMessageRecord[];
  /** What content filtering removed, per call, message and article. */
  filtered: FilteredRecord[];
  requests: RequestRecord[];
  faults: Fault[];
}

const withoutBytes = <T extends { bytes: Buffer }>({ bytes: _bytes, ...rest }: T): Omit<T, 'bytes'> => rest;
const clone = <T>(value: T): T => structuredClone(value);

export function buildState(
  store: Store,
  apps: App[],
  faults: Fault[],
  now: number,
  url: string,
  limits: Limits,
): EmulatorState {
  return {
    url,
    now,
    apps: apps.map(({ secret: _secret, ...app }) => app),
    tokens: store.tokens.map((t) => ({
      ...t,
      status:
        t.expiresAt <= now
          ? 'expired'
          : t.revokedAt === undefined
            ? 'valid'
            : t.revokedAt <= now
              ? 'replaced'
              : 'grace',
    })),
    images: store.images.map(withoutBytes),
    media: store.media.map((m) => ({
      ...withoutBytes(m),
      expired: m.expires_at * 1000 <= now,
      preview: `${url}/__emulator/media/${encodeURIComponent(m.media_id)}`,
    })),
    materials: store.materials.map(withoutBytes),
    news: clone(store.news),
    drafts: clone(store.drafts),
    publishes: store.publishes.map((p) => {
      const done = now - p.submittedAt >= limits.publishDelayMs;
      return {
        publish_id: p.publish_id,
        msg_data_id: p.msg_data_id,
        media_id: p.media_id,
        appid: p.appid,
        publish_status: done ? 0 : 1,
        ...(done ? { article_id: p.article_id } : {}),
        articles: clone(p.articles),
      };
    }),
    messages: clone(store.messages),
    filtered: clone(store.filtered),
    requests: clone(store.requests),
    faults,
  };
}
