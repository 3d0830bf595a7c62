import type { Fault } from './faults.js';
import type { Limits } from './limits.js';
import { massStatus } from './routes/mass.js';
import { publishStatus, type PublishStatus } from './routes/publish.js';
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
    /** 1 publishing, then 0 published, or 2..6 when a publish-status fault set it. */
    publish_status: PublishStatus;
    /** 1-based failing articles, for statuses 2 and 4. */
    fail_idx: number[];
    /** Once published (status 0). */
    article_id?: string;
    articles: StoredArticle[];
    appid: string;
  }>;
  /** Previews and sendalls; sendalls carry `msg_status` as message/mass/get answers it. */
  messages: Array<MassMessageRecord & { msg_status?: 'SENDING' | 'SEND_SUCCESS' }>;
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
      const { publish_status, fail_idx } = publishStatus(p, now, limits.publishDelayMs);
      return {
        publish_id: p.publish_id,
        msg_data_id: p.msg_data_id,
        media_id: p.media_id,
        appid: p.appid,
        publish_status,
        fail_idx: [...fail_idx],
        ...(publish_status === 0 ? { article_id: p.article_id } : {}),
        articles: clone(p.articles),
      };
    }),
    messages: store.messages.map((m) => ({
      ...clone(m),
      ...(m.kind === 'sendall' ? { msg_status: massStatus(m, now, limits.massSendDelayMs) } : {}),
    })),
    filtered: clone(store.filtered),
    requests: clone(store.requests),
    faults,
  };
}
