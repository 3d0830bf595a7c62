/** Mass messages: a preview to one follower, the send to everyone, and its delivery status. */
import { CLIENTMSGID_MAX_BYTES } from '@astro-weixin/rules';
import { WeixinConfigError } from '../errors.js';
import type {
  MassStatusResult,
  NumberOrString,
  PreviewResult,
  PreviewTarget,
  SendAllOptions,
  SendAllResult,
} from '../types.js';
import { PublishingCalls } from './publishing.js';

const SENDALL = 'message/mass/sendall';

/** WeChat counts clientmsgid in UTF-8 bytes; a longer one is refused (45067) after the request. */
function checkClientMsgId(clientmsgid: unknown): void {
  if (clientmsgid === undefined) return;
  if (typeof clientmsgid !== 'string' || clientmsgid === '')
    throw new WeixinConfigError('sendAll: clientmsgid must be a non-empty string', { call: SENDALL });
  const bytes = Buffer.byteLength(clientmsgid, 'utf8');
  if (bytes > CLIENTMSGID_MAX_BYTES) {
    throw new WeixinConfigError(
      `sendAll: clientmsgid is ${bytes} bytes (UTF-8), over the limit of ${CLIENTMSGID_MAX_BYTES}`,
      { call: SENDALL, hint: `Use an id of at most ${CLIENTMSGID_MAX_BYTES} bytes, e.g. a hash of the post's URL.` },
    );
  }
}

export class MassCalls extends PublishingCalls {
  /** message/mass/preview: send a graphic message to one follower (by openid or WeChat ID) to check it. */
  async previewNews(target: PreviewTarget): Promise<PreviewResult> {
    const { media_id, touser, towxname } = target ?? ({} as PreviewTarget);
    if (!media_id) throw new WeixinConfigError('previewNews needs a media_id');
    if (Boolean(touser) === Boolean(towxname))
      throw new WeixinConfigError('previewNews needs exactly one of touser (an openid) or towxname (a WeChat ID)');
    const to = touser ? { touser } : { towxname: towxname! };
    return this.api<PreviewResult>('message/mass/preview', {
      method: 'POST',
      json: { ...to, mpnews: { media_id }, msgtype: 'mpnews' },
    });
  }

  /**
   * message/mass/sendall: send to every follower (or a tag). Refused unless the client has
   * `allowMassSend: true`. A `clientmsgid` makes a repeat harmless: WeChat answers 45065 with the
   * first send's msg_id in `error.answer`.
   */
  async sendAll(media_id: string, options: SendAllOptions = {}): Promise<SendAllResult> {
    if (this.options.allowMassSend !== true) {
      throw new WeixinConfigError(
        'sendAll sends to every follower and cannot be undone; create the client with `allowMassSend: true` to allow it',
        { call: SENDALL },
      );
    }
    if (!media_id) throw new WeixinConfigError('sendAll needs a media_id');
    checkClientMsgId(options.clientmsgid);
    const filter = options.is_to_all === false ? { is_to_all: false, tag_id: options.tag_id } : { is_to_all: true };
    const json = {
      filter,
      mpnews: { media_id },
      msgtype: 'mpnews',
      send_ignore_reprint: options.send_ignore_reprint ?? 0,
      ...(options.clientmsgid ? { clientmsgid: options.clientmsgid } : {}),
    };
    return this.api<SendAllResult>(SENDALL, { method: 'POST', json });
  }

  /** message/mass/get -> `{ msg_id, msg_status }`: SEND_SUCCESS, SENDING, SEND_FAIL or DELETE. */
  getMassStatus(msg_id: NumberOrString): Promise<MassStatusResult> {
    return this.api<MassStatusResult>('message/mass/get', { method: 'POST', json: { msg_id } });
  }
}
