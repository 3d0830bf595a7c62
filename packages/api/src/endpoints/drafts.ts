/** Graphic messages (media/uploadnews) and the draft box; articles are validated before sending. */
import type {
  AddDraftResult,
  DraftArticle,
  GetDraftResult,
  ImagePostArticle,
  ListDraftsResult,
  ListOptions,
  NewsArticle,
  OkAnswer,
  UploadNewsResult,
} from '../types.js';
import { listBody } from './list.js';
import { MediaCalls } from './media.js';

export class DraftCalls extends MediaCalls {
  /** media/uploadnews: 1 to 8 articles -> `{ type: 'news', media_id, created_at }`. Never retried after sending. */
  async uploadNews(articles: NewsArticle[]): Promise<UploadNewsResult> {
    this.validate(articles, 'news');
    return this.api<UploadNewsResult>('media/uploadnews', { method: 'POST', json: { articles } });
  }

  /** draft/add: 1 to 8 articles with permanent thumbs -> `{ media_id }`. Never retried after sending. */
  async addDraft(articles: (DraftArticle | ImagePostArticle)[]): Promise<AddDraftResult> {
    this.validate(articles, 'draft');
    return this.api<AddDraftResult>('draft/add', { method: 'POST', json: { articles } });
  }

  /** draft/update: replace the article at `index` (0-based) of a draft. */
  async updateDraft(media_id: string, index: number, article: DraftArticle): Promise<OkAnswer> {
    this.validate([article], 'draft');
    return this.api<OkAnswer>('draft/update', { method: 'POST', json: { media_id, index, articles: article } });
  }

  /** draft/get -> `{ news_item: [...] }`. */
  getDraft(media_id: string): Promise<GetDraftResult> {
    return this.api<GetDraftResult>('draft/get', { method: 'POST', json: { media_id } });
  }

  /** draft/batchget: one page of the draft box, newest first -> `{ total_count, item_count, item }`. */
  async listDrafts(options: ListOptions = {}): Promise<ListDraftsResult> {
    const json = listBody('draft/batchget', options);
    return this.api<ListDraftsResult>('draft/batchget', { method: 'POST', json });
  }

  /** draft/count -> `{ total_count }`; a harmless read that shows whether the account may use drafts. */
  countDrafts(): Promise<{ total_count: number }> {
    return this.api<{ total_count: number }>('draft/count', { method: 'GET' });
  }

  /** draft/delete. */
  deleteDraft(media_id: string): Promise<OkAnswer> {
    return this.api<OkAnswer>('draft/delete', { method: 'POST', json: { media_id } });
  }
}
