import type { FilteredItem } from './content.js';
import type { MediaFormat } from './sniff.js';

/** Everything the emulator keeps, for one emulator instance (never module-level). */
export interface App {
  appid: string;
  secret: string;
  /** IP addresses allowed to get tokens for this app; undefined: the emulator-wide list. */
  whitelist?: string[];
}

export interface TokenRecord {
  access_token: string;
  appid: string;
  kind: 'classic' | 'stable';
  issuedAt: number;
  expiresAt: number;
  /** From this time on the token answers 40001 (replaced by a newer one). */
  revokedAt?: number;
}

interface StoredFile {
  appid: string;
  format: MediaFormat;
  size: number;
  filename: string;
  contentType: string;
  width?: number;
  height?: number;
  /** Seconds, as the API reports times. */
  created_at: number;
  bytes: Buffer;
}

/** A body image from media/uploadimg. */
export interface ImageRecord extends StoredFile {
  id: string;
  url: string;
}

/** Temporary media from media/upload (expires). */
export interface MediaRecord extends StoredFile {
  media_id: string;
  type: 'image' | 'thumb' | 'voice' | 'video';
  expires_at: number;
}

/** Permanent material from material/add_material. */
export interface MaterialRecord extends StoredFile {
  media_id: string;
  type: 'image' | 'thumb' | 'voice' | 'video';
  url?: string;
  id?: string;
  description?: { title?: string; introduction?: string };
}

/**
 * An article as stored: the fields the platform keeps, content after filtering. Optional text
 * fields the client did not send stay absent here (answers such as draft/get show them as "").
 */
export interface StoredArticle {
  article_type?: string;
  title: string;
  author?: string;
  digest: string;
  content: string;
  content_source_url?: string;
  thumb_media_id: string;
  show_cover_pic: number;
  need_open_comment: number;
  only_fans_can_comment: number;
  pic_crop_235_1?: string;
  pic_crop_1_1?: string;
  /** An image post's (newspic) pictures: permanent image material ids, in order. */
  image_info?: { image_list: { image_media_id: string }[] };
}

export interface NewsRecord {
  media_id: string;
  appid: string;
  created_at: number;
  articles: StoredArticle[];
}

export interface DraftRecord {
  media_id: string;
  appid: string;
  create_time: number;
  update_time: number;
  /** Milliseconds on the emulator clock of the last add or update (seconds are too coarse to order drafts). */
  changedAt?: number;
  articles: StoredArticle[];
}

export interface PublishRecord {
  publish_id: number;
  msg_data_id: number;
  article_id: string;
  appid: string;
  media_id: string;
  /** Milliseconds on the emulator clock. */
  submittedAt: number;
  articles: StoredArticle[];
  /** Set by a `publish-status` fault: what the publish ends in instead of 0 (published). */
  outcome?: PublishOutcome;
}

/** A publish that does not end published: 2 original-check failed, 3 failed, 4 rejected, 5 deleted, 6 banned. */
export interface PublishOutcome {
  status: 2 | 3 | 4 | 5 | 6;
  /** 1-based indexes of the failing articles (statuses 2 and 4). */
  fail_idx: number[];
}

export interface MassMessageRecord {
  kind: 'preview' | 'sendall';
  appid: string;
  msg_id: number;
  msg_data_id?: number;
  msgtype: string;
  media_id?: string;
  touser?: string;
  towxname?: string;
  is_to_all?: boolean;
  tag_id?: number;
  /** sendall: the filter as sent (is_to_all normalised to a boolean). */
  filter?: { is_to_all: boolean; tag_id?: number };
  /** sendall: the developer's id against duplicate sends, if given. */
  clientmsgid?: string;
  /** sendall: 0 or 1. */
  send_ignore_reprint?: number;
  created_at: number;
  /** sendall: milliseconds on the emulator clock (msg_status turns SEND_SUCCESS after massSendDelayMs). */
  sentAt?: number;
}

export interface FilteredRecord extends FilteredItem {
  call: string;
  media_id: string;
  /** Article index in its message. */
  index: number;
  time: number;
}

export interface RequestRecord {
  method: string;
  /** Path without the query (which carries the token). */
  path: string;
  /** The API name, e.g. `media/uploadnews`, `token`. */
  call: string;
  /** Milliseconds on the emulator clock, when the request arrived. */
  time: number;
  /** 0 on success, the errcode of the answer, or undefined when no JSON answer was sent (fault). */
  errcode: number | undefined;
  appid?: string;
  /** The injected fault, if one fired. */
  fault?: string;
  /** Why the call failed, in plain words (the answer itself stays as the platform writes it). */
  detail?: string;
}

export class Store {
  tokens: TokenRecord[] = [];
  images: ImageRecord[] = [];
  media: MediaRecord[] = [];
  materials: MaterialRecord[] = [];
  news: NewsRecord[] = [];
  drafts: DraftRecord[] = [];
  publishes: PublishRecord[] = [];
  messages: MassMessageRecord[] = [];
  filtered: FilteredRecord[] = [];
  requests: RequestRecord[] = [];
  /** Quota counters, keyed `appid|name|day`. */
  counters: Record<string, number> = {};
  /** Time of the last stable_token force_refresh, per app. */
  lastForceRefresh: Record<string, number> = {};
  nextNumber = 1;

  reset(): void {
    Object.assign(this, new Store());
  }

  /** Counts one use of a quota and says whether it was still available. */
  take(key: string, max: number): boolean {
    const used = this.counters[key] ?? 0;
    if (used >= max) return false;
    this.counters[key] = used + 1;
    return true;
  }

  /** Serialisable copy, file bytes as base64, for `stateFile`. */
  toJSON(): unknown {
    const withBase64 = <T extends { bytes: Buffer }>(list: T[]) =>
      list.map((item) => ({ ...item, bytes: item.bytes.toString('base64') }));
    return {
      ...this,
      images: withBase64(this.images),
      media: withBase64(this.media),
      materials: withBase64(this.materials),
    };
  }

  load(data: Record<string, unknown>): void {
    const fromBase64 = (list: unknown) =>
      Array.isArray(list)
        ? list.map((item: { bytes: string }) => ({ ...item, bytes: Buffer.from(item.bytes, 'base64') }))
        : [];
    Object.assign(this, data, {
      images: fromBase64(data.images),
      media: fromBase64(data.media),
      materials: fromBase64(data.materials),
    });
  }
}
