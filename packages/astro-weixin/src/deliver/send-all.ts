import { createHash } from 'node:crypto';
import { WeixinApiError } from '@astro-weixin/api';
import { CLIENTMSGID_WINDOW_MS } from '@astro-weixin/rules';
import { AstroError } from 'astro/errors';
import { irreversible, recordDelivery, type MessageRef } from '../account/intents.js';
import type { LockedDelivery } from '../account/lockfile.js';
import { describeAudience } from '../config/options.js';
import type { DeliveryOutcome } from '../account/lockfile.js';
import { type DeliveryContext, isoNow } from './context.js';

/** 45066 asks for a minute's pause before the same clientmsgid is tried again. */
const RESEND_WAIT_MS = 60_000;

type SendDelivery = Extract<LockedDelivery, { kind: 'sendall' }>;

/** A clientmsgid from the account and the batch's posts: the same posts give the same id, edits included. */
function clientMsgId(account: string, message: MessageRef, republish: boolean): string {
  const identity = [account, ...message.files, republish ? message.hash : ''].join('\n');
  return `aw-${createHash('sha256').update(identity).digest('hex').slice(0, 40)}`;
}

/** Sends a message to followers once: the lockfile and WeChat's clientmsgid check together rule out a second send. */
export async function sendToFollowers(
  context: DeliveryContext,
  message: MessageRef,
  mediaId: string,
  proof: SendProof & { republish: boolean },
): Promise<DeliveryOutcome> {
  const recorded = context.lock.account(context.account).messages[message.hash]?.delivery;
  if (recorded?.kind === 'sendall' && recorded.status !== 'sending') return { ...recorded, when: 'earlier' };
  let delivery = recorded?.kind === 'sendall' ? recorded : undefined;
  if (!delivery) {
    assertProvablyUnsent(context, message, proof);
    delivery = await sendOnce(context, message, mediaId, clientMsgId(context.account, message, proof.republish));
  }
  return pollSend(context, message, delivery);
}

/**
 * After a lost sendall answer: sends again with the same clientmsgid, which WeChat refuses with
 * 45065 (and the first send's msg_id) if the first went out. Past 24 hours that check is gone.
 */
export async function settleLostSend(
  context: DeliveryContext,
  message: MessageRef,
  lost: { media_id: string; clientmsgid: string; startedAt: string },
): Promise<DeliveryOutcome> {
  assertProvablyUnsent(context, message, { lostAt: Date.parse(lost.startedAt) });
  return pollSend(context, message, await sendOnce(context, message, lost.media_id, lost.clientmsgid));
}

/** What rules out an earlier mass send of a batch: the lockfile knows its posts, or every post is newer than WeChat's 24-hour duplicate check. */
export interface SendProof {
  knownBefore: boolean;
  newerThan24h: boolean;
}

export function sendProof(
  articles: readonly { post: { file: string; date?: Date } }[],
  knownPosts: ReadonlySet<string>,
  now: number,
): SendProof {
  return {
    knownBefore: articles.every((article) => knownPosts.has(article.post.file)),
    newerThan24h: articles.every(
      (article) => article.post.date !== undefined && now - article.post.date.getTime() < CLIENTMSGID_WINDOW_MS,
    ),
  };
}

/** The refusal of a send nothing proves new; thrown before anything moves when the checks can tell, and here as the last guard. */
export function unprovenSendError(message: Pick<MessageRef, 'name' | 'files'>, lockfile: string): AstroError {
  return new AstroError(
    `Nothing proves that batch ${message.name} (${message.files.join(', ')}) was not mass-sent before: ${lockfile.split(/[\\/]/).pop()} has no record of it, and a send more than 24 hours ago is possible (WeChat's duplicate check covers 24 hours). Nothing was sent.`,
    UNPROVEN_HINT,
  );
}

const UNPROVEN_HINT =
  'Commit weixin.lock.json after each deploy (see docs/deploy.md), or check with `astro-weixin status --remote` and the message history in the web console. ' +
  'If you are sure these posts were never sent, build once with WEIXIN_CONFIRM_NEVER_SENT=1 (or the confirmNeverSent option).';

function assertProvablyUnsent(
  context: DeliveryContext,
  message: MessageRef,
  proof: { lostAt: number } | SendProof,
): void {
  // An earlier send can only be ruled out by the lockfile, or by WeChat's 24-hour clientmsgid check.
  if (
    'lostAt' in proof ? context.now() - proof.lostAt < CLIENTMSGID_WINDOW_MS : proof.knownBefore || proof.newerThan24h
  )
    return;
  if (context.options.confirmNeverSent) return;
  if (!('lostAt' in proof)) throw unprovenSendError(message, context.lock.file);
  throw new AstroError(
    `A mass send of batch ${message.name} (${message.files.join(', ')}) lost its answer more than 24 hours ago, so WeChat can no longer tell whether it went out. Nothing was sent.`,
    UNPROVEN_HINT,
  );
}

async function sendOnce(
  context: DeliveryContext,
  message: MessageRef,
  mediaId: string,
  clientmsgid: string,
): Promise<SendDelivery> {
  const sendTo = context.options.sendTo!;
  const filter = sendTo === 'all' ? { is_to_all: true } : { is_to_all: false, tag_id: sendTo.tagId };
  const deadline = context.now() + context.options.deliveryTimeoutMs;
  for (;;) {
    let msgId: string;
    let msgDataId: string | undefined;
    try {
      const answer = await irreversible(
        context,
        'message/mass/sendall',
        message,
        { media_id: mediaId, clientmsgid },
        () =>
          context.client.sendAll(mediaId, {
            ...filter,
            send_ignore_reprint: context.options.sendIgnoreReprint ? 1 : 0,
            clientmsgid,
          }),
      );
      msgId = String(answer.msg_id);
      if (answer.msg_data_id !== undefined) msgDataId = String(answer.msg_data_id);
      context.log.info(`sendall: batch ${message.name} -> msg_id ${msgId}`);
    } catch (error) {
      if (error instanceof WeixinApiError && error.errcode === 45065 && error.answer?.['msg_id'] !== undefined) {
        // WeChat already holds a send with this clientmsgid: that one is ours.
        msgId = String(error.answer['msg_id']);
        context.log.info(`batch ${message.name} was already sent (msg_id ${msgId}); not sending it again`);
      } else if (error instanceof WeixinApiError && error.errcode === 45066 && context.now() < deadline) {
        context.log.warn(
          `sendall of batch ${message.name}: WeChat asks for a pause before this send is tried again; waiting ${RESEND_WAIT_MS / 1000} s`,
        );
        await context.sleep(RESEND_WAIT_MS);
        continue;
      } else {
        throw error;
      }
    }
    const delivery: SendDelivery = {
      kind: 'sendall',
      status: 'sending',
      msg_id: msgId,
      ...(msgDataId ? { msg_data_id: msgDataId } : {}),
      clientmsgid,
      to: sendTo,
      at: isoNow(context),
    };
    await recordDelivery(context, message, delivery, { ended: 'message/mass/sendall', reached: true });
    return delivery;
  }
}

/** Polls message/mass/get until the send ends or the time limit passes. */
export async function pollSend(
  context: DeliveryContext,
  message: MessageRef,
  delivery: SendDelivery,
): Promise<DeliveryOutcome> {
  const deadline = context.now() + context.options.deliveryTimeoutMs;
  for (let wait = 500; ; wait = Math.min(wait * 2, 10_000)) {
    const { msg_status: status } = await context.client.getMassStatus(delivery.msg_id);
    if (status !== 'SENDING') {
      const ok = status === 'SEND_SUCCESS' || status === 'DELETE';
      const done: SendDelivery = {
        ...delivery,
        status: status === 'SEND_SUCCESS' ? 'sent' : status === 'DELETE' ? 'deleted' : 'failed',
        ...(ok ? {} : { failure: `WeChat reports ${status}` }),
        at: isoNow(context),
      };
      // A failed send may have reached some followers: it is not sent again automatically.
      await recordDelivery(context, message, done, { reached: true });
      if (!ok) {
        throw new AstroError(
          `The mass send of batch ${message.name} (msg_id ${delivery.msg_id}) did not succeed: WeChat reports ${status}.`,
          'Check the message in the web console; it is not sent again automatically (set weixin.republish: true on its posts to send them again).',
        );
      }
      context.log.info(`sent to ${describeAudience(delivery.to)}: batch ${message.name} (msg_id ${delivery.msg_id})`);
      return { ...done, when: 'now' };
    }
    if (context.now() + wait > deadline) {
      context.log.warn(
        `batch ${message.name} is still being sent (msg_id ${delivery.msg_id}); the next build checks it`,
      );
      return { ...delivery, when: 'waiting' };
    }
    await context.sleep(wait);
  }
}
