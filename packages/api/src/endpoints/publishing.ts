/** Publishing a draft (freepublish): submit, poll, and list what was published. */
import type {
  GetPublishResult,
  ListOptions,
  ListPublishedResult,
  NumberOrString,
  SubmitPublishResult,
} from '../types.js';
import { DraftCalls } from './drafts.js';
import { listBody } from './list.js';

export class PublishingCalls extends DraftCalls {
  /** freepublish/submit -> `{ publish_id, msg_data_id }`; then poll getPublish. Never retried after sending. */
  submitPublish(media_id: string): Promise<SubmitPublishResult> {
    return this.api<SubmitPublishResult>('freepublish/submit', { method: 'POST', json: { media_id } });
  }

  /** freepublish/get -> `{ publish_id, publish_status, article_id?, article_detail? }` (see describePublishStatus). */
  getPublish(publish_id: NumberOrString): Promise<GetPublishResult> {
    return this.api<GetPublishResult>('freepublish/get', { method: 'POST', json: { publish_id } });
  }

  /**
   * freepublish/batchget: one page of what was published, newest first. The way to find out
   * whether a submit whose answer was lost went through.
   */
  async listPublished(options: ListOptions = {}): Promise<ListPublishedResult> {
    const json = listBody('freepublish/batchget', options);
    return this.api<ListPublishedResult>('freepublish/batchget', { method: 'POST', json });
  }
}
