import type { WeixinClient } from '@astro-weixin/api';
import type { AccountView } from '../account/view.js';
import type { Batch } from '../messages/batches.js';
import { type MessageRef, messageRef } from '../account/intents.js';
import type { Lockfile } from '../account/lockfile.js';
import type { ResolvedOptions } from '../config/options.js';
import type { Logger } from '../utils/logger.js';

export interface DeliveryContext {
  client: WeixinClient;
  lock: Lockfile;
  /** The lockfile's key for this account. */
  account: string;
  view: AccountView;
  options: Pick<ResolvedOptions, 'sendTo' | 'sendIgnoreReprint' | 'deliveryTimeoutMs' | 'confirmNeverSent'>;
  log: Logger;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** A message as delivery needs it, from a batch of this build. */
export function messageOf(batch: Batch): MessageRef {
  return messageRef(batch.hash, {
    batch: batch.name,
    posts: batch.articles.map((a) => a.post.file),
    articles: batch.articles.map((a) => ({ url: a.post.url, title: a.title })),
  });
}

/** The run clock's time, as the lockfile records it. */
export function isoNow(context: Pick<DeliveryContext, 'now'>): string {
  return new Date(context.now()).toISOString();
}
