import { WeixinError } from '@astro-weixin/api';
import type { ArticleKey } from './view.js';
import type { AccountLock, IrreversibleCall, LockedDelivery, Lockfile, PendingCall } from './lockfile.js';

/** A message as the lockfile and the account know it: enough to find it again and to record what happened. */
export interface MessageRef {
  /** The batch hash the lockfile keys the message by. */
  hash: string;
  name: string;
  /** Post files in article order. */
  files: string[];
  keys: ArticleKey[];
}

/** A message from what the lockfile holds of it: a message of an earlier build, or a call whose answer was lost. */
export function messageRef(
  hash: string,
  stored: { batch?: string | undefined; posts: string[]; articles?: ArticleKey[] | undefined },
): MessageRef {
  return { hash, name: stored.batch ?? hash.slice(0, 8), files: stored.posts, keys: stored.articles ?? [] };
}

/** Article keys as the lockfile keeps them: no `url` at all for an article without an address. */
export function storedKeys(keys: ArticleKey[]): { url?: string; title: string }[] {
  return keys.map((key) => (key.url ? { url: key.url, title: key.title } : { title: key.title }));
}

interface IntentContext {
  lock: Lockfile;
  account: string;
  now: () => number;
}

const intentKey = (call: IrreversibleCall, hash: string) => `${call} ${hash}`;

export function pendingCall(
  context: Pick<IntentContext, 'lock' | 'account'>,
  call: IrreversibleCall,
  hash: string,
): PendingCall | undefined {
  return context.lock.account(context.account).pending?.[intentKey(call, hash)];
}

/** Forgets an intent: once its outcome is recorded, or when WeChat refused for sure (nothing happened). */
export function endCall(account: AccountLock, call: IrreversibleCall, hash: string): void {
  if (account.pending) delete account.pending[intentKey(call, hash)];
  if (account.pending && Object.keys(account.pending).length === 0) delete account.pending;
}

/**
 * Runs a call that cannot be undone with its intent written first: an answer lost to a cut
 * connection or a killed build leaves the intent behind, and the next build asks the account.
 * A definite refusal (an errcode) clears it, since nothing happened.
 */
export async function irreversible<T>(
  context: IntentContext,
  call: IrreversibleCall,
  message: MessageRef,
  extra: Partial<Pick<PendingCall, 'media_id' | 'clientmsgid'>>,
  send: () => Promise<T>,
): Promise<T> {
  await context.lock.update(context.account, (account) => {
    account.pending ??= {};
    account.pending[intentKey(call, message.hash)] = {
      call,
      batch: message.name,
      messageHash: message.hash,
      posts: message.files,
      articles: storedKeys(message.keys),
      startedAt: new Date(context.now()).toISOString(),
      ...extra,
    };
  });
  try {
    return await send();
  } catch (error) {
    if (!(error instanceof WeixinError && error.maybeCommitted)) {
      await context.lock.update(context.account, (account) => endCall(account, call, message.hash));
    }
    throw error;
  }
}

/**
 * Stores a delivery on its message and, once readers may have it (`reached`), on each post, so a
 * later edit is not delivered again. `undeliver` clears the posts' mark after a failed publish.
 */
export async function recordDelivery(
  context: Pick<IntentContext, 'lock' | 'account'>,
  message: MessageRef,
  delivery: LockedDelivery,
  { ended, reached, undeliver = false }: { ended?: IrreversibleCall; reached: boolean; undeliver?: boolean },
): Promise<void> {
  await context.lock.update(context.account, (account) => {
    const stored = account.messages[message.hash];
    if (stored) stored.delivery = delivery;
    if (ended) endCall(account, ended, message.hash);
    message.files.forEach((file, i) => {
      const post = account.posts[file];
      if (!post) return;
      if (undeliver) delete post.delivered;
      if (!reached) return;
      post.delivered = {
        kind: delivery.kind,
        at: delivery.at,
        ...(delivery.kind === 'publish' && delivery.urls?.[i] ? { url: delivery.urls[i] } : {}),
        ...(delivery.kind === 'sendall' ? { msg_id: delivery.msg_id } : {}),
      };
    });
  });
}
