import { describePublishStatus, type WeixinClient } from '@astro-weixin/api';
import { AccountView, type ArticleKey } from '../account/view.js';
import { describeAudience } from '../config/options.js';
import type { AccountLock, LockedMessage, Lockfile, PendingCall } from '../account/lockfile.js';
import { table } from '../utils/table.js';

/** Where one message stands, from the lockfile and, with `--remote`, from the account. */
export interface MessageStatus {
  /** The lockfile's key for the account (appid, and the API origin when not WeChat's own). */
  account: string;
  /** Its name in the site's `accounts`, when it is one of them. */
  name?: string;
  batch: string;
  posts: string[];
  target: 'news' | 'draft';
  media_id?: string;
  state:
    | 'uploaded'
    | 'draft'
    | 'publishing'
    | 'published'
    | 'publish failed'
    | 'sending'
    | 'sent'
    | 'send failed'
    | 'deleted'
    | 'answer lost';
  /** Article addresses once published. */
  urls?: string[];
  publish_id?: string;
  msg_id?: string;
  detail?: string;
  /** What the account says, with `--remote`. */
  remote?: string;
  /** How the account knows the articles (address on the site, title). */
  articles?: ArticleKey[];
  /** `newspic`: an image post. */
  articleType?: 'newspic';
}

/** Every message the lockfile records, unfinished calls included, oldest first. */
export function lockStatus(lock: Lockfile): MessageStatus[] {
  const rows: MessageStatus[] = [];
  for (const account of lock.accountKeys()) {
    const state = lock.account(account);
    const messages = Object.values(state.messages).sort((a, b) => a.publishedAt.localeCompare(b.publishedAt));
    for (const message of messages) rows.push(messageRow(account, message));
    for (const lost of Object.values(state.pending ?? {})) rows.push(lostRow(account, lost, state));
  }
  return rows;
}

function messageRow(account: string, message: LockedMessage): MessageStatus {
  const base = {
    account,
    batch: message.batch ?? '',
    posts: message.posts,
    target: message.target,
    media_id: message.media_id,
    ...(message.articles ? { articles: message.articles } : {}),
    ...(message.articleType ? { articleType: message.articleType } : {}),
  };
  const delivery = message.delivery;
  if (!delivery) return { ...base, state: message.target === 'draft' ? 'draft' : 'uploaded' };
  if (delivery.kind === 'publish') {
    const state = delivery.status === 'failed' ? 'publish failed' : delivery.status;
    return {
      ...base,
      state,
      publish_id: delivery.publish_id,
      ...(delivery.urls ? { urls: delivery.urls } : {}),
      ...(delivery.failure ? { detail: delivery.failure } : {}),
    };
  }
  const state = delivery.status === 'failed' ? 'send failed' : delivery.status;
  return {
    ...base,
    state,
    msg_id: delivery.msg_id,
    detail: `to ${describeAudience(delivery.to)}${delivery.failure ? `: ${delivery.failure}` : ''}`,
  };
}

function lostRow(account: string, lost: PendingCall, state: AccountLock): MessageStatus {
  return {
    account,
    batch: lost.batch,
    posts: lost.posts,
    target: state.messages[lost.messageHash]?.target ?? (lost.call === 'draft/add' ? 'draft' : 'news'),
    ...(lost.media_id ? { media_id: lost.media_id } : {}),
    state: 'answer lost',
    articles: lost.articles,
    detail: `${lost.call} at ${lost.startedAt}: the next build asks the account before acting`,
  };
}

/** Adds what the account says about each message of this client's account. */
export async function addRemoteStatus(rows: MessageStatus[], account: string, client: WeixinClient): Promise<void> {
  const view = new AccountView(client, () => undefined);
  for (const row of rows) {
    if (row.account !== account) continue;
    row.remote = await remoteOf(row, view, client);
  }
}

async function remoteOf(row: MessageStatus, view: AccountView, client: WeixinClient): Promise<string> {
  if (row.state === 'publishing' && row.publish_id) {
    const answer = await client.getPublish(row.publish_id);
    return describePublishStatus(Number(answer.publish_status), answer.fail_idx ?? []);
  }
  if ((row.state === 'sending' || row.state === 'sent' || row.state === 'send failed') && row.msg_id) {
    return `mass send ${(await client.getMassStatus(row.msg_id)).msg_status}`;
  }
  if (row.state === 'draft' && row.media_id) {
    try {
      await client.getDraft(row.media_id);
      return 'in the draft box';
    } catch {
      return 'not in the draft box (published or deleted by hand)';
    }
  }
  const lead = row.articles?.[0];
  if (row.state === 'published' && lead) {
    return (await view.findPublished(lead)) ? 'listed as published' : 'not listed as published (deleted?)';
  }
  if (row.state === 'answer lost' && lead) {
    if (await view.findPublished(lead)) return 'published';
    if (await view.findDraft(row.articles!)) return 'in the draft box';
    return 'not found on the account';
  }
  if (row.state === 'uploaded') return 'temporary material: WeChat does not list it';
  return 'not checked';
}

/** The status as a table for people, one row per message. */
export async function formatStatus(rows: MessageStatus[], remote: boolean): Promise<string> {
  if (rows.length === 0) return 'Nothing recorded yet: the lockfile has no message.';
  // Several accounts: a first column says which one each message is in.
  const named = rows.some((row) => row.name !== undefined);
  const header = [
    ...(named ? ['account'] : []),
    'batch',
    'posts',
    'state',
    'where',
    ...(remote ? ['account says'] : []),
  ];
  const body = rows.map((row) => [
    ...(named ? [row.name ?? row.account] : []),
    row.batch,
    row.posts.join(', ') + (row.articleType === 'newspic' ? ' (image post)' : ''),
    row.state,
    row.urls?.join(' ') ||
      (row.msg_id && `msg_id ${row.msg_id}`) ||
      (row.publish_id && `publish_id ${row.publish_id}`) ||
      row.media_id ||
      '',
    ...(remote ? [row.remote ?? '-'] : []),
  ]);
  const details = rows.filter((row) => row.detail).map((row) => `  ${row.batch}: ${row.detail}`);
  return [await table([header, ...body]), ...(details.length ? ['', ...details] : [])].join('\n');
}
