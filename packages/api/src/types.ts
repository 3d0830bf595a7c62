/** Request and answer shapes, in the API's own snake_case. */

/** 0/1 switches: numbers or numeric strings both reach WeChat as it expects. */
export type Flag = 0 | 1 | '0' | '1';

/** Timestamps and ids that WeChat documents as numbers but some pages show as strings. */
export type NumberOrString = number | string;

/** An article for media/uploadnews. */
export interface NewsArticle {
  title: string;
  author?: string;
  /** Empty: WeChat takes the start of the text. */
  digest?: string;
  /** HTML; image URLs must come from uploadImage. */
  content: string;
  content_source_url?: string;
  /** From uploadThumb (temporary) or addMaterial('thumb'). */
  thumb_media_id: string;
  show_cover_pic?: Flag;
  need_open_comment?: Flag;
  only_fans_can_comment?: Flag;
}

/** An article for draft/add and draft/update: a news article plus the draft-only fields. */
export interface DraftArticle extends NewsArticle {
  article_type?: 'news' | 'newspic';
  /** Must be permanent material (addMaterial('thumb')): a temporary id gives 40007. */
  thumb_media_id: string;
  pic_crop_235_1?: string;
  pic_crop_1_1?: string;
}

/**
 * An image post (newspic, 小绿书) for draft/add: pictures to swipe and plain text, no cover.
 * `image_media_id`s are permanent image material (addMaterial('image')), 1 to 20 of them.
 */
export interface ImagePostArticle {
  article_type: 'newspic';
  title: string;
  /** Plain text: no HTML. */
  content: string;
  image_info: { image_list: { image_media_id: string }[] };
  need_open_comment?: Flag;
  only_fans_can_comment?: Flag;
}

/** Successful answers may carry `errcode: 0, errmsg: "ok"`. */
export interface OkAnswer {
  errcode?: 0;
  errmsg?: string;
}

export interface UploadImageResult extends OkAnswer {
  url: string;
}

export interface UploadThumbResult extends OkAnswer {
  type: 'thumb';
  thumb_media_id: string;
  created_at: NumberOrString;
}

export type MediaType = 'image' | 'voice' | 'video' | 'thumb';

export interface UploadMediaResult extends OkAnswer {
  type: MediaType;
  /** For image, voice and video. */
  media_id?: string;
  /** For thumb (WeChat names the field differently). */
  thumb_media_id?: string;
  created_at: NumberOrString;
}

export interface AddMaterialResult extends OkAnswer {
  media_id: string;
  /** For images. */
  url?: string;
}

export interface UploadNewsResult extends OkAnswer {
  type: 'news' | (string & {});
  media_id: string;
  created_at: NumberOrString;
}

export interface AddDraftResult extends OkAnswer {
  media_id: string;
}

export interface DraftNewsItem extends Partial<DraftArticle> {
  url?: string;
  thumb_url?: string;
  [key: string]: unknown;
}

export interface GetDraftResult extends OkAnswer {
  news_item: DraftNewsItem[];
  create_time?: NumberOrString;
  update_time?: NumberOrString;
}

/** A page of draft/batchget or freepublish/batchget. */
export interface ListOptions {
  /** Items to skip (default 0). */
  offset?: number;
  /** Items in the page, 1 to 20 (default 20). */
  count?: number;
  /** Leave out each article's content (default false). */
  noContent?: boolean;
}

export interface DraftListItem {
  media_id: string;
  content: { news_item: DraftNewsItem[]; create_time?: NumberOrString; update_time?: NumberOrString };
  update_time: NumberOrString;
}

export interface ListDraftsResult extends OkAnswer {
  total_count: number;
  item_count: number;
  item: DraftListItem[];
}

/** A published article as freepublish/batchget shows it. */
export interface PublishedNewsItem {
  title: string;
  author: string;
  digest: string;
  /** Left out with `noContent: true`. */
  content?: string;
  content_source_url: string;
  thumb_media_id: string;
  /** The article's permanent address. */
  url: string;
  is_deleted: boolean;
  [key: string]: unknown;
}

export interface PublishedItem {
  article_id: string;
  content: { news_item: PublishedNewsItem[]; create_time?: NumberOrString; update_time?: NumberOrString };
  update_time: NumberOrString;
}

export interface ListPublishedResult extends OkAnswer {
  total_count: number;
  item_count: number;
  item: PublishedItem[];
}

export interface SubmitPublishResult extends OkAnswer {
  publish_id: NumberOrString;
  msg_data_id?: NumberOrString;
}

/** 0 published, 1 publishing, 2 original-check failed, 3 failed, 4 rejected by review, 5 deleted, 6 banned. */
export type PublishStatus = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface GetPublishResult extends OkAnswer {
  publish_id: NumberOrString;
  publish_status: PublishStatus | number;
  article_id?: string;
  article_detail?: { count: number; item: { idx: number; article_url: string }[] };
  fail_idx?: number[];
}

export interface PreviewTarget {
  media_id: string;
  /** A follower's openid. */
  touser?: string;
  /** A follower's WeChat ID (one of touser / towxname). */
  towxname?: string;
}

export interface PreviewResult extends OkAnswer {
  msg_id?: NumberOrString;
}

export interface SendAllOptions {
  /** Everyone (default) or one tag's followers. */
  is_to_all?: boolean;
  tag_id?: number;
  /** 1: send even if WeChat judges the article a reprint. Default 0. */
  send_ignore_reprint?: 0 | 1;
  /**
   * At most 64 UTF-8 bytes. WeChat refuses a second sendall with the same clientmsgid within 24 h
   * (45065, the first send's msg_id in `error.answer`): set it to make a repeat harmless.
   */
  clientmsgid?: string;
}

export interface SendAllResult extends OkAnswer {
  msg_id: NumberOrString;
  msg_data_id?: NumberOrString;
}

/** Where a mass message stands; other values may appear. */
export type MassStatus = 'SEND_SUCCESS' | 'SENDING' | 'SEND_FAIL' | 'DELETE' | (string & {});

export interface MassStatusResult extends OkAnswer {
  msg_id: NumberOrString;
  msg_status: MassStatus;
}

export interface WeixinLogger {
  debug?(message: string): void;
  info?(message: string): void;
  warn?(message: string): void;
}

export interface CredentialCheck {
  name: 'appid' | 'secret' | 'route' | 'token' | 'permissions';
  ok: boolean;
  /** What was found, and for a failure what to fix. */
  message: string;
  errcode?: number;
  hint?: string;
}

export interface CredentialVerdict {
  ok: boolean;
  appid: string;
  baseUrl: string;
  tokenMode: 'stable' | 'classic' | 'function';
  checks: CredentialCheck[];
  /** Seconds the fetched token stays valid, when one was fetched. */
  expiresIn?: number;
}
