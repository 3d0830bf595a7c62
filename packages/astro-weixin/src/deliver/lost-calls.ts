import type { DeliveryContext } from './context.js';
import { pollPublish, settleLostSubmit } from './publish-draft.js';
import { pollSend, settleLostSend } from './send-all.js';
import { endCall, type MessageRef, messageRef } from '../account/intents.js';
import type { PendingCall } from '../account/lockfile.js';

/**
 * Finishes what earlier builds left under way: calls whose answer was lost (asking the account), then
 * publishes and sends still in progress (polling them), before this build makes anything new.
 */
export async function settleEarlierWork(context: DeliveryContext, target: 'news' | 'draft'): Promise<void> {
  await settleLostCalls(context, target);
  const messages = Object.entries(context.lock.account(context.account).messages);
  for (const [hash, message] of messages) {
    const delivery = message.delivery;
    const ref = messageRef(hash, message);
    if (delivery?.kind === 'publish' && delivery.status === 'publishing')
      await pollPublish(context, ref, delivery.publish_id);
    if (delivery?.kind === 'sendall' && delivery.status === 'sending') await pollSend(context, ref, delivery);
  }
}

async function settleLostCalls(context: DeliveryContext, target: 'news' | 'draft'): Promise<void> {
  const pending = Object.values(context.lock.account(context.account).pending ?? {});
  for (const lost of pending) {
    const message = messageRef(lost.messageHash, lost);
    if (lost.call === 'media/uploadnews') {
      context.log.warn(
        `an earlier uploadnews of batch ${lost.batch} lost its answer: if it went through, that copy is invisible to readers and expires in 3 days`,
      );
    } else if (lost.call === 'draft/add') {
      await settleLostDraft(context, lost, message, target);
      continue;
    } else if (lost.call === 'freepublish/submit') {
      const outcome = await settleLostSubmit(context, message, Date.parse(lost.startedAt));
      if (!outcome) context.log.warn(`an earlier freepublish/submit of batch ${lost.batch} did not go through`);
    } else if (lost.call === 'message/mass/sendall' && lost.media_id && lost.clientmsgid) {
      await settleLostSend(context, message, {
        media_id: lost.media_id,
        clientmsgid: lost.clientmsgid,
        startedAt: lost.startedAt,
      });
    }
    await context.lock.update(context.account, (account) => endCall(account, lost.call, lost.messageHash));
  }
}

/** A draft/add whose answer was lost: the draft box says whether it exists; if so it is recorded, to be edited or published. */
async function settleLostDraft(
  context: DeliveryContext,
  lost: PendingCall,
  message: MessageRef,
  target: 'news' | 'draft',
): Promise<void> {
  if (context.lock.account(context.account).messages[lost.messageHash]) {
    await context.lock.update(context.account, (account) => endCall(account, 'draft/add', lost.messageHash));
    return;
  }
  const remote = await context.view.findDraft(message.keys);
  await context.lock.update(context.account, (account) => {
    endCall(account, 'draft/add', lost.messageHash);
    if (!remote) return;
    const at = new Date(context.now()).toISOString();
    account.messages[lost.messageHash] = {
      target,
      batch: lost.batch,
      media_id: remote.media_id,
      posts: lost.posts,
      articles: lost.articles,
      publishedAt: at,
    };
    lost.posts.forEach((file, index) => {
      account.posts[file] = {
        contentHash: '',
        messageHash: lost.messageHash,
        media_id: remote.media_id,
        index,
        publishedAt: at,
      };
    });
  });
  context.log.info(
    remote
      ? `an earlier draft/add of batch ${lost.batch} lost its answer, but went through: using draft ${remote.media_id}`
      : `an earlier draft/add of batch ${lost.batch} lost its answer and did not go through`,
  );
}
